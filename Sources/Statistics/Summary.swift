import CGSL

/// GSL's default error handler aborts; switched off once before this module calls GSL.
/// This module validates inputs so that no GSL routine it calls can fail.
let gslAbortHandlerDisabled: Bool = {
    cgsl_disable_abort_on_error()
    return true
}()

/// A summary of independent observations (one per replication): mean, standard
/// deviation, a t-based confidence interval for the mean, and quantiles.
public struct Summary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (divisor n - 1); 0 when n = 1.
    public let standardDeviation: Double
    public let minimum: Double
    public let maximum: Double
    /// The observations sorted ascending (for quantiles).
    public let sorted: [Double]

    /// Summarises `values`; nil when empty. Non-finite values are a programmer error.
    public init?(_ values: [Double]) {
        precondition(gslAbortHandlerDisabled)
        guard !values.isEmpty else { return nil }
        precondition(values.allSatisfy(\.isFinite), "Summary needs finite values")
        var data = values
        data.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        let n = data.count
        let m = data.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
        count = n
        mean = m
        standardDeviation = n > 1 ? data.withUnsafeBufferPointer { gsl_stats_sd_m($0.baseAddress, 1, $0.count, m) } : 0
        minimum = data[0]
        maximum = data[n - 1]
        sorted = data
    }

    /// Standard error of the mean.
    public var standardError: Double { count > 1 ? standardDeviation / Double(count).squareRoot() : .nan }

    /// Half-width of the two-sided confidence interval for the mean at `level` (0.95 by
    /// default), t distribution with n - 1 degrees of freedom (`gsl_cdf_tdist_Pinv`).
    /// NaN when n < 2.
    public func confidenceHalfWidth(level: Double = 0.95) -> Double {
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1) (got \(level))")
        guard count > 1 else { return .nan }
        let t = gsl_cdf_tdist_Pinv(0.5 + level / 2, Double(count - 1))
        return t * standardError
    }

    /// The two-sided critical value of Student's t at `level` with `degreesOfFreedom`
    /// (`gsl_cdf_tdist_Pinv`); NaN when degrees of freedom < 1.
    public static func tCritical(level: Double = 0.95, degreesOfFreedom df: Double) -> Double {
        precondition(gslAbortHandlerDisabled)
        precondition(level > 0 && level < 1, "confidence level must be in (0, 1) (got \(level))")
        guard df >= 1, df.isFinite else { return .nan }
        return gsl_cdf_tdist_Pinv(0.5 + level / 2, df)
    }

    /// The confidence interval for the mean.
    public func confidenceInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        let h = confidenceHalfWidth(level: level)
        return (mean - h, mean + h)
    }

    /// Quantile at `p` in [0, 1] by linear interpolation between order statistics
    /// (`gsl_stats_quantile_from_sorted_data`, Hyndman & Fan type 7).
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile probability must be in [0, 1] (got \(p))")
        return sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }
}
