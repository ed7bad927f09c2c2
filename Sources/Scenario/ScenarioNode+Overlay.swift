extension ScenarioNode {
    /// A document that, laid over (`extends:`) the scenario this `resolved` document came
    /// from, gives the same values for `keys` (as `--set` names them) as `resolved` has.
    /// A key inside a list (`stations[2].roster[0].vehicles`) carries the whole list, since
    /// `extends:` replaces lists rather than merging them.
    public func overlay(keys: [String]) throws(ScenarioIssue) -> ScenarioNode {
        var out = ScenarioNode.mapping([], SourceLocation(file: "overlay", line: 1, column: 1))
        for key in keys {
            let location = SourceLocation(file: "overlay", line: 1, column: 1)
            let segments = try ScenarioLoader.parsePath(key, location: location)
            let cut = segments.firstIndex { if case .index = $0 { return true } else { return false } }.map { $0 } ?? segments.count
            let prefix = Array(segments[..<cut])
            guard let value = node(at: prefix) else { throw ScenarioIssue(location, key, "not in the scenario") }
            out = try ScenarioLoader.set(value, at: prefix[...], in: out, path: key, location: location)
        }
        return out
    }

    /// The node at a path of keys and list indices, or nil.
    func node(at segments: [ScenarioLoader.Segment]) -> ScenarioNode? {
        var node = self
        for segment in segments {
            switch (segment, node) {
            case (.key(let k), .mapping): guard let next = node[k] else { return nil }; node = next
            case (.index(let i), .sequence(let items, _)) where i < items.count: node = items[i]
            default: return nil
            }
        }
        return node
    }

    /// The text of the scalar at `keyPath` (`--set` spelling), or nil when there is none.
    public func scalarText(at keyPath: String) -> String? {
        guard let segments = try? ScenarioLoader.parsePath(keyPath, location: location),
              case .scalar(let s, _, _)? = node(at: segments) else { return nil }
        return s
    }
}
