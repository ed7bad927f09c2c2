/// A distribution's parameters break a rule. The message names the rule and the value.
public struct DistributionError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
