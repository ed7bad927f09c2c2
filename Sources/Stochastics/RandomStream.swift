import CGSL

/// One independent stream of random numbers: it owns one GSL generator (`gsl_rng`) and
/// frees it when released.
///
/// Generator: MT19937 (`gsl_rng_mt19937`, Matsumoto & Nishimura 1998), GSL's default. It
/// passes the standard empirical test batteries (TestU01 SmallCrush and Crush), has a
/// period of 2^19937 - 1, and is among GSL's fastest generators, which matters because a
/// replication of a large service draws tens of millions of numbers. GSL seeds it with the
/// Matsumoto-Nishimura 2002 initialiser, which decorrelates nearby seeds, so streams seeded
/// with distinct 32-bit values (see `SeedPlan`) behave as independent.
///
/// A stream is a reference type because the generator state lives in C memory; it is not
/// `Sendable`: each replication creates and uses its own streams on one thread.
public final class RandomStream {
    @usableFromInline let generator: UnsafeMutablePointer<gsl_rng>
    /// The seed the generator was set with.
    public let seed: UInt64

    /// A new MT19937 generator seeded with `seed`. GSL's MT19937 uses the low 32 bits of
    /// the seed, and seed 0 means GSL's default seed 4357.
    public init(seed: UInt64) {
        precondition(gslAbortHandlerDisabled)
        guard let generator = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            preconditionFailure("gsl_rng_alloc failed: out of memory")
        }
        self.generator = generator
        self.seed = seed
        gsl_rng_set(generator, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(generator) }

    /// Name of the GSL generator ("mt19937").
    public var generatorName: String { String(cString: gsl_rng_name(generator)) }

    /// Uniform on [0, 1).
    @inlinable
    public func uniform() -> Double { gsl_rng_uniform(generator) }

    /// Uniform on (0, 1): never exactly 0.
    @inlinable
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform integer in 0..<n (n >= 1), without modulo bias (`gsl_rng_uniform_int`).
    @inlinable
    public func integer(below n: Int) -> Int {
        precondition(n >= 1 && UInt64(n) <= UInt64(gsl_rng_max(generator)) - UInt64(gsl_rng_min(generator)) + 1,
                     "integer(below:) needs 1 <= n <= generator range (got \(n))")
        return Int(gsl_rng_uniform_int(generator, UInt(n)))
    }

    /// True with probability `p`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(generator) < p }

    /// Exponential with the given mean (`gsl_ran_exponential`).
    @inlinable
    public func exponential(mean: Double) -> Double { gsl_ran_exponential(generator, mean) }
}
