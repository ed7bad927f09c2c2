import CGSL

/// The difference B - A of two sets of replications, with a 95% confidence interval:
/// paired (the mean of per-replication differences, t with n - 1 df) when both ran the
/// same replications with the same seeds (common random numbers), Welch's unequal-variance
/// t interval otherwise (Welch-Satterthwaite degrees of freedom).
public struct Difference: Sendable, Equatable {
    public let meanA: Double
    public let meanB: Double
    public let mean: Double
    public let low: Double
    public let high: Double
    public let paired: Bool
    /// Pairs (paired) or the smaller sample size (Welch).
    public let count: Int

    /// Paired difference of aligned observations; nil when fewer than one pair.
    public static func paired(_ a: [Double], _ b: [Double], level: Double = 0.95) -> Difference? {
        precondition(a.count == b.count, "paired difference needs aligned samples (got \(a.count) and \(b.count))")
        guard let d = Summary(zip(a, b).map { $1 - $0 }), let sa = Summary(a), let sb = Summary(b) else { return nil }
        let h = d.confidenceHalfWidth(level: level)
        return Difference(meanA: sa.mean, meanB: sb.mean, mean: d.mean, low: d.mean - h, high: d.mean + h, paired: true, count: d.count)
    }

    /// Welch's interval for independent samples; nil when either is empty.
    public static func welch(_ a: [Double], _ b: [Double], level: Double = 0.95) -> Difference? {
        guard let sa = Summary(a), let sb = Summary(b) else { return nil }
        return welch(meanA: sa.mean, sdA: sa.standardDeviation, countA: sa.count, meanB: sb.mean, sdB: sb.standardDeviation,
                     countB: sb.count, level: level)
    }

    /// Welch's interval from the two samples' means, standard deviations and sizes (for
    /// results kept only as summaries); nil when either is empty.
    public static func welch(meanA: Double, sdA: Double, countA: Int, meanB: Double, sdB: Double, countB: Int,
                             level: Double = 0.95) -> Difference? {
        guard countA > 0, countB > 0 else { return nil }
        let va = countA > 1 ? sdA * sdA / Double(countA) : .nan
        let vb = countB > 1 ? sdB * sdB / Double(countB) : .nan
        let diff = meanB - meanA
        let se = (va + vb).squareRoot()
        var h = Double.nan
        if se.isFinite {
            if se == 0 {
                h = 0
            } else {
                let df = (va + vb) * (va + vb) / (va * va / Double(countA - 1) + vb * vb / Double(countB - 1))
                h = gsl_cdf_tdist_Pinv(0.5 + level / 2, df) * se
            }
        }
        return Difference(meanA: meanA, meanB: meanB, mean: diff, low: diff - h, high: diff + h, paired: false,
                          count: min(countA, countB))
    }

    /// (B - A) / A; NaN when A's mean is 0.
    public var relativeChange: Double { meanA == 0 ? .nan : mean / meanA }
}
