/// Bad observed data or a backtest that cannot be set up: the message names the file and
/// line (or the option) and what is wrong. The command line exits 2 on it.
public struct ObservedError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
