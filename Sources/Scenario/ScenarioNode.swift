/// Where a value came from: a file (or `--set`), line and column, 1-based.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A scenario document after YAML parsing: scalars keep their text, mappings keep their key
/// order, and every node knows where it was written (so errors name file, line and column
/// even after `extends:` merged several files).
public indirect enum ScenarioNode: Sendable {
    case scalar(String, SourceLocation, quoted: Bool)
    case mapping([(key: String, keyLocation: SourceLocation, value: ScenarioNode)], SourceLocation)
    case sequence([ScenarioNode], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l, _), .mapping(_, let l), .sequence(_, let l): return l
        }
    }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> ScenarioNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// What kind of node this is, for messages.
    public var kindName: String {
        switch self {
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// `overlay` merged onto this node: mappings merge key by key (recursively), anything
    /// else (lists, values) is replaced by the overlay. A distribution (`{lognormal: ...}`)
    /// or an uncertain value (`{uncertain: ...}`) is one value: it replaces, never merges.
    public func merged(with overlay: ScenarioNode) -> ScenarioNode {
        guard case .mapping(var entries, let location) = self, case .mapping(let top, _) = overlay,
              !overlay.isSingleValueMapping, !isSingleValueMapping else { return overlay }
        for entry in top {
            if let i = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[i].value = entries[i].value.merged(with: entry.value)
            } else {
                entries.append(entry)
            }
        }
        return .mapping(entries, location)
    }

    /// A one-key mapping that stands for a single value: a distribution or `uncertain`.
    var isSingleValueMapping: Bool {
        guard case .mapping(let entries, _) = self, entries.count == 1 else { return false }
        return entries[0].key == "uncertain" || ScenarioSchema.distributionFamilies.contains { $0.family == entries[0].key }
    }

    /// This node without the entry `key` (mappings only).
    public func removing(key: String) -> ScenarioNode {
        guard case .mapping(let entries, let location) = self else { return self }
        return .mapping(entries.filter { $0.key != key }, location)
    }
}
