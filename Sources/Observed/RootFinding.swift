import CGSL
import Foundation

/// A root of a continuous function that changes sign over [low, high], by GSL's Brent
/// solver: nil when it does not change sign there. Stops when the bracket is within
/// `absolute` + `tolerance` x |x| (GSL's interval test), after `maximumIterations`, or when
/// `stop` says so of the current estimate (checked first, after each iteration).
func brentRoot(in low: Double, _ high: Double, tolerance: Double = 1e-6, absolute: Double = 0, maximumIterations: Int = 100,
               stop: (Double) -> Bool = { _ in false }, _ f: @escaping (Double) -> Double) -> Double? {
    let fLow = f(low), fHigh = f(high)
    guard fLow.isFinite, fHigh.isFinite else { return nil }
    if fLow == 0 { return low }
    if fHigh == 0 { return high }
    guard (fLow < 0) != (fHigh < 0) else { return nil }
    final class Context { let f: (Double) -> Double; init(_ f: @escaping (Double) -> Double) { self.f = f } }
    let pointer = Unmanaged.passRetained(Context(f))
    defer { pointer.release() }
    var function = gsl_function(function: { x, params in
        Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue().f(x)
    }, params: pointer.toOpaque())
    cgsl_disable_abort_on_error()
    let solver = gsl_root_fsolver_alloc(cgsl_root_brent())!
    defer { gsl_root_fsolver_free(solver) }
    guard gsl_root_fsolver_set(solver, &function, low, high) == GSL_SUCCESS else { return nil }
    for _ in 0..<maximumIterations {
        guard gsl_root_fsolver_iterate(solver) == GSL_SUCCESS else { break }
        if stop(gsl_root_fsolver_root(solver)) { break }
        if gsl_root_test_interval(gsl_root_fsolver_x_lower(solver), gsl_root_fsolver_x_upper(solver), absolute, tolerance) == GSL_SUCCESS { break }
    }
    return gsl_root_fsolver_root(solver)
}
