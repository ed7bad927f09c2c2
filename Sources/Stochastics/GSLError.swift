import CGSL

/// A GSL routine returned a non-zero status. `message` is `gsl_strerror(status)`.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    public let status: Int32
    public let message: String
    /// What ambsim was doing when GSL failed.
    public let context: String

    public init(status: Int32, context: String) {
        self.status = status
        self.context = context
        self.message = String(cString: gsl_strerror(status))
    }

    public var description: String { "GSL error \(status) (\(message)) while \(context)" }

    /// Throws a `GSLError` unless `status` is `GSL_SUCCESS`.
    public static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        if status != GSL_SUCCESS { throw GSLError(status: status, context: context()) }
    }
}

/// GSL's default error handler calls `abort()`. ambsim switches it off once, before the
/// first GSL call of this module, so failures come back as status codes that become
/// `GSLError`s (or, for routines with no status, are prevented by validating inputs).
let gslAbortHandlerDisabled: Bool = {
    cgsl_disable_abort_on_error()
    return true
}()
