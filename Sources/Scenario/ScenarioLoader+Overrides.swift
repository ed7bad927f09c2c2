import Yams

extension ScenarioLoader {
    /// Applies one `--set key.path=value` to a document. The value is read as YAML, so it
    /// may be a number, a duration, a list or a mapping (`{uniform: {min: 2, max: 8}}`).
    /// Path segments are keys separated by dots; `[n]` picks the n-th item of a list.
    static func apply(override text: String, index: Int, to node: ScenarioNode) throws(ScenarioIssue) -> ScenarioNode {
        let location = SourceLocation(file: "--set", line: index + 1, column: 1)
        guard let equals = text.firstIndex(of: "=") else {
            throw ScenarioIssue(location, text, "expected key.path=value")
        }
        let path = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        let segments = try parsePath(path, location: location)
        let value: ScenarioNode
        do {
            var budget = 10_000
            guard let root = try Yams.compose(yaml: valueText.isEmpty ? "''" : valueText) else {
                throw ScenarioIssue(location, path, "empty value")
            }
            value = try relocate(ScenarioLoader().convert(root, file: "--set", budget: &budget), to: location)
        } catch let error as ScenarioIssue {
            throw error
        } catch let error as ScenarioErrors {
            throw error.issues.first ?? ScenarioIssue(location, path, "cannot read the value")
        } catch {
            throw ScenarioIssue(location, path, "cannot read the value \(valueText) as YAML")
        }
        return try set(value, at: segments[...], in: node, path: path, location: location)
    }

    enum Segment: Equatable { case key(String), index(Int) }

    static func parsePath(_ path: String, location: SourceLocation) throws(ScenarioIssue) -> [Segment] {
        var segments: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty else { throw ScenarioIssue(location, path, "empty key in the path") }
            segments.append(.key(String(name)))
            rest = rest.dropFirst(name.count)
            while rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let n = Int(rest[rest.index(after: rest.startIndex)..<close]), n >= 0 else {
                    throw ScenarioIssue(location, path, "list indices are written [0], [1], ...")
                }
                segments.append(.index(n))
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty else { throw ScenarioIssue(location, path, "unexpected text after ] in the path") }
        }
        return segments
    }

    static func set(_ value: ScenarioNode, at segments: ArraySlice<Segment>, in node: ScenarioNode, path: String,
                    location: SourceLocation) throws(ScenarioIssue) -> ScenarioNode {
        guard let first = segments.first else { return value }
        let rest = segments.dropFirst()
        switch (first, node) {
        case (.key(let key), .mapping(var entries, let l)):
            if let i = entries.firstIndex(where: { $0.key == key }) {
                entries[i].value = try set(value, at: rest, in: entries[i].value, path: path, location: location)
            } else {
                let empty = ScenarioNode.mapping([], location)
                entries.append((key, location, try set(value, at: rest, in: empty, path: path, location: location)))
            }
            return .mapping(entries, l)
        case (.index(let n), .sequence(var items, let l)):
            guard n < items.count else { throw ScenarioIssue(location, path, "index [\(n)] is past the end of a list of \(items.count)") }
            items[n] = try set(value, at: rest, in: items[n], path: path, location: location)
            return .sequence(items, l)
        case (.key(let key), _):
            throw ScenarioIssue(location, path, "cannot set \(key): the value there is \(node.kindName), not a mapping")
        case (.index(let n), _):
            throw ScenarioIssue(location, path, "cannot take item [\(n)]: the value there is \(node.kindName), not a list")
        }
    }

    /// Gives every node of a `--set` value the override's location.
    static func relocate(_ node: ScenarioNode, to location: SourceLocation) -> ScenarioNode {
        switch node {
        case .scalar(let s, _, let q): return .scalar(s, location, quoted: q)
        case .sequence(let items, _): return .sequence(items.map { relocate($0, to: location) }, location)
        case .mapping(let entries, _): return .mapping(entries.map { ($0.key, location, relocate($0.value, to: location)) }, location)
        }
    }
}

extension ScenarioNode {
    /// This document with `value` at `path` (`--set`'s key path: keys separated by dots, `[n]`
    /// for the n-th item of a list), as `--set path=value` would set it.
    public func setting(_ value: ScenarioNode, at path: String) throws(ScenarioIssue) -> ScenarioNode {
        let location = SourceLocation(file: "setting", line: 1, column: 1)
        let segments = try ScenarioLoader.parsePath(path, location: location)
        return try ScenarioLoader.set(value, at: segments[...], in: self, path: path, location: location)
    }
}
