import AmbulanceService
import Statistics

/// An outcome range tested against a run: pass when the mean across replications lies in
/// [minimum, maximum].
public struct RangeCheck: Sendable {
    public var kpi: String
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    public var low: Double
    public var high: Double
    public var passed: Bool

    /// Tests each (kpi, minimum, maximum) against `result`.
    public static func evaluate(_ ranges: [(kpi: String, minimum: Double, maximum: Double)], against result: ExperimentResult) -> [RangeCheck] {
        ranges.map { r in
            let k = ReplicationOutcome.kpiNames.firstIndex(of: r.kpi)!
            let s = Summary(result.values(of: k).filter(\.isFinite))
            let mean = s?.mean ?? .nan
            let h = (s?.count ?? 0) > 1 ? s!.confidenceHalfWidth() : .nan
            return RangeCheck(kpi: r.kpi, minimum: r.minimum, maximum: r.maximum, mean: mean, low: mean - h, high: mean + h,
                              passed: mean >= r.minimum && mean <= r.maximum)
        }
    }
}

extension Experiment {
    /// Runs replications in batches until the 95% half-width of KPI `kpi` is at most
    /// `halfWidth`, or `maximum` replications have run. Replication i is the same whatever
    /// the batches, so the result equals one run of as many replications.
    public func runUntilPrecise(kpi: Int, halfWidth: Double, maximum: Int, jobs: Int,
                                progress: (@Sendable (Int) -> Void)? = nil) throws(ConfigurationError) -> (ExperimentResult, reached: Bool) {
        var result = try run(jobs: jobs, progress: progress)
        while result.halfWidth(of: kpi) > halfWidth && result.indices.count < maximum {
            let next = result.indices.count
            let batch = max(2, min(maximum - next, next / 2))
            var more = self
            more.replications = (replications.lowerBound + next)..<(replications.lowerBound + next + batch)
            let offset = next
            result = try more.run(jobs: jobs, continuing: result, progress: { progress?(offset + $0) })
        }
        return (result, result.halfWidth(of: kpi) <= halfWidth)
    }
}
