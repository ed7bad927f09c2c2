import CGSL

/// A discrete distribution over given values with given (unnormalised) weights, sampled in
/// O(1) with Walker's alias method (`gsl_ran_discrete_preproc` / `gsl_ran_discrete`).
///
/// Immutable once built; the GSL table is only read when sampling, so one instance may be
/// shared across threads.
public final class EmpiricalDistribution: @unchecked Sendable, Equatable, CustomStringConvertible {
    public let values: [Double]
    public let weights: [Double]
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// Fails unless there is at least one value, as many weights as values, every weight
    /// finite and >= 0, and a positive total weight.
    public init(values: [Double], weights: [Double]) throws(DistributionError) {
        precondition(gslAbortHandlerDisabled)
        guard !values.isEmpty else { throw DistributionError("empirical: needs at least one value") }
        guard values.count == weights.count else {
            throw DistributionError("empirical: needs one weight per value (got \(values.count) values and \(weights.count) weights)")
        }
        guard values.allSatisfy(\.isFinite) else { throw DistributionError("empirical: every value must be finite") }
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DistributionError("empirical: every weight must be finite and >= 0")
        }
        guard weights.reduce(0, +) > 0 else { throw DistributionError("empirical: the weights must not all be 0") }
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            throw DistributionError("empirical: GSL could not build the sampling table")
        }
        self.values = values
        self.weights = weights
        self.table = table
    }

    deinit { gsl_ran_discrete_free(table) }

    /// Probability of each value (weights normalised).
    public var probabilities: [Double] {
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    public var mean: Double { zip(values, probabilities).reduce(0) { $0 + $1.0 * $1.1 } }

    public var variance: Double {
        let m = mean
        return zip(values, probabilities).reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) }
    }

    /// Index of the value drawn.
    @inlinable
    public func sampleIndex(using stream: RandomStream) -> Int { Int(gsl_ran_discrete(stream.generator, table)) }

    @inlinable
    public func sample(using stream: RandomStream) -> Double { values[sampleIndex(using: stream)] }

    public static func == (lhs: EmpiricalDistribution, rhs: EmpiricalDistribution) -> Bool {
        lhs.values == rhs.values && lhs.weights == rhs.weights
    }

    public var description: String { "empirical(values: \(values), weights: \(weights))" }
}
