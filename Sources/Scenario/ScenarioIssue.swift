/// One thing wrong with a scenario: where, which key, and what rule it breaks.
public struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// The key path, as in `hospitals[2].offload_capacity`; empty for the whole file.
    public var path: String
    public var message: String

    public init(_ location: SourceLocation, _ path: String, _ message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)" }
}

/// Every issue found in a scenario, reported together.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]

    public init(_ issues: [ScenarioIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
