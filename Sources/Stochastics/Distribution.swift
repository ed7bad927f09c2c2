import CGSL

/// A probability distribution of a non-random-looking quantity (durations in minutes,
/// rates, shares). Sampling uses GSL's `gsl_ran_*` routines on the caller's stream.
///
/// Build with the cases or the named constructors, then call `validated()` once (the
/// scenario reader does): sampling assumes valid parameters.
public enum Distribution: Sendable, Equatable, CustomStringConvertible {
    /// Always `value`.
    case fixed(Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Normal(mean, sd) conditioned on being >= 0; `mean` and `sd` are those of the
    /// untruncated normal (the truncated mean is `self.mean`).
    case truncatedNormal(mean: Double, sd: Double)
    /// Lognormal: log X ~ Normal(mu, sigma). See `lognormal(mean:sd:)`.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale theta (mean k*theta). See `gamma(mean:sd:)`.
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale lambda: P(X > x) = exp(-(x/lambda)^k).
    case weibull(shape: Double, scale: Double)
    /// Triangular on [min, max] with the given mode.
    case triangular(min: Double, mode: Double, max: Double)
    /// Discrete over given values and weights.
    case empirical(EmpiricalDistribution)

    /// The lognormal with this mean and standard deviation:
    /// sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
    public static func lognormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        guard mean.isFinite, mean > 0 else { throw DistributionError("lognormal: mean must be > 0 (got \(mean))") }
        guard sd.isFinite, sd >= 0 else { throw DistributionError("lognormal: sd must be >= 0 (got \(sd))") }
        let sigma2 = log1p((sd * sd) / (mean * mean))
        return .lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// The gamma with this mean and standard deviation: shape = mean^2/sd^2, scale = sd^2/mean.
    public static func gamma(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        guard mean.isFinite, mean > 0 else { throw DistributionError("gamma: mean must be > 0 (got \(mean))") }
        guard sd.isFinite, sd > 0 else { throw DistributionError("gamma: sd must be > 0 (got \(sd))") }
        return .gamma(shape: (mean * mean) / (sd * sd), scale: (sd * sd) / mean)
    }

    /// The empirical distribution over `values` with `weights`.
    public static func empirical(values: [Double], weights: [Double]) throws(DistributionError) -> Distribution {
        .empirical(try EmpiricalDistribution(values: values, weights: weights))
    }

    /// Checks every parameter rule; returns self or throws naming the rule and the value.
    @discardableResult
    public func validated() throws(DistributionError) -> Distribution {
        func require(_ ok: Bool, _ message: @autoclosure () -> String) throws(DistributionError) {
            if !ok { throw DistributionError(message()) }
        }
        switch self {
        case .fixed(let v):
            try require(v.isFinite, "fixed: value must be finite (got \(v))")
        case .uniform(let a, let b):
            try require(a.isFinite && b.isFinite, "uniform: min and max must be finite (got \(a), \(b))")
            try require(a <= b, "uniform: min must be <= max (got min \(a), max \(b))")
        case .exponential(let m):
            try require(m.isFinite && m > 0, "exponential: mean must be > 0 (got \(m))")
        case .truncatedNormal(let m, let s):
            try require(m.isFinite, "normal: mean must be finite (got \(m))")
            try require(s.isFinite && s > 0, "normal: sd must be > 0 (got \(s))")
            try require(m / s > -30, "normal: mean \(m) is more than 30 sd below 0, so almost no mass is left after truncation at 0")
        case .lognormal(let mu, let sigma):
            try require(mu.isFinite && mu < 700, "lognormal: mu must be finite and < 700 (got \(mu))")
            try require(sigma.isFinite && sigma >= 0 && sigma < 20, "lognormal: sigma must be in [0, 20) (got \(sigma))")
        case .gamma(let k, let theta):
            try require(k.isFinite && k > 0, "gamma: shape must be > 0 (got \(k))")
            try require(theta.isFinite && theta > 0, "gamma: scale must be > 0 (got \(theta))")
        case .weibull(let k, let lambda):
            try require(k.isFinite && k > 0.05, "weibull: shape must be > 0.05 (got \(k))")
            try require(lambda.isFinite && lambda > 0, "weibull: scale must be > 0 (got \(lambda))")
        case .triangular(let a, let c, let b):
            try require(a.isFinite && c.isFinite && b.isFinite, "triangular: min, mode and max must be finite")
            try require(a <= c && c <= b && a < b, "triangular: needs min <= mode <= max and min < max (got \(a), \(c), \(b))")
        case .empirical:
            break // validated when built
        }
        return self
    }

    /// The distribution's mean.
    public var mean: Double {
        switch self {
        case .fixed(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .truncatedNormal(let m, let s):
            let alpha = -m / s
            return m + s * Self.inverseMillsRatio(alpha)
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .gamma(let k, let theta): return k * theta
        case .weibull(let k, let lambda): return lambda * gsl_sf_gamma(1 + 1 / k)
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .empirical(let e): return e.mean
        }
    }

    /// The distribution's variance.
    public var variance: Double {
        switch self {
        case .fixed: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .truncatedNormal(let m, let s):
            let alpha = -m / s
            let lambda = Self.inverseMillsRatio(alpha)
            return s * s * (1 + alpha * lambda - lambda * lambda)
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return expm1(s2) * exp(2 * mu + s2)
        case .gamma(let k, let theta): return k * theta * theta
        case .weibull(let k, let lambda):
            let g1 = gsl_sf_gamma(1 + 1 / k)
            return lambda * lambda * (gsl_sf_gamma(1 + 2 / k) - g1 * g1)
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .empirical(let e): return e.variance
        }
    }

    /// The p-quantile (0 < p < 1), with GSL's inverse CDFs (`gsl_cdf_*_Pinv`) where GSL has
    /// one, and the closed-form inverse otherwise (uniform, triangular, normal truncated at 0).
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "quantile needs 0 < p < 1 (got \(p))")
        switch self {
        case .fixed(let v): return v
        case .uniform(let a, let b): return a + p * (b - a)
        case .exponential(let m): return gsl_cdf_exponential_Pinv(p, m)
        case .truncatedNormal(let m, let s):
            let below = gsl_cdf_ugaussian_P(-m / s)
            return m + s * gsl_cdf_ugaussian_Pinv(below + p * (1 - below))
        case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(p, mu, sigma)
        case .gamma(let k, let theta): return gsl_cdf_gamma_Pinv(p, k, theta)
        case .weibull(let k, let lambda): return gsl_cdf_weibull_Pinv(p, lambda, k)
        case .triangular(let a, let c, let b):
            let split = (c - a) / (b - a)
            if p < split { return a + ((b - a) * (c - a) * p).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - p)).squareRoot()
        case .empirical(let e):
            let order = e.values.indices.sorted { e.values[$0] < e.values[$1] }
            let total = e.weights.reduce(0, +)
            var cumulative = 0.0
            for i in order {
                cumulative += e.weights[i] / total
                if cumulative >= p { return e.values[i] }
            }
            return e.values[order.last!]
        }
    }

    /// phi(alpha) / (1 - Phi(alpha)), the hazard of the standard normal.
    static func inverseMillsRatio(_ alpha: Double) -> Double {
        gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
    }

    /// One draw from `stream`.
    @inlinable
    public func sample(using stream: RandomStream) -> Double {
        let r = stream.generator
        switch self {
        case .fixed(let v):
            return v
        case .uniform(let a, let b):
            return gsl_ran_flat(r, a, b)
        case .exponential(let m):
            return gsl_ran_exponential(r, m)
        case .truncatedNormal(let m, let s):
            if m >= 0 {
                // Acceptance probability >= 1/2: plain rejection.
                while true {
                    let x = m + gsl_ran_gaussian_ziggurat(r, s)
                    if x >= 0 { return x }
                }
            }
            // Most mass below zero: sample the upper tail beyond -m directly.
            return m + gsl_ran_gaussian_tail(r, -m, s)
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(r, mu, sigma)
        case .gamma(let k, let theta):
            return gsl_ran_gamma(r, k, theta)
        case .weibull(let k, let lambda):
            return gsl_ran_weibull(r, lambda, k)
        case .triangular(let a, let c, let b):
            // Inverse CDF (GSL has no triangular sampler).
            let u = gsl_rng_uniform(r)
            let split = (c - a) / (b - a)
            if u < split { return a + ((b - a) * (c - a) * u).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .empirical(let e):
            return e.sample(using: stream)
        }
    }

    public var description: String {
        switch self {
        case .fixed(let v): return "fixed(\(v))"
        case .uniform(let a, let b): return "uniform(min: \(a), max: \(b))"
        case .exponential(let m): return "exponential(mean: \(m))"
        case .truncatedNormal(let m, let s): return "normal(mean: \(m), sd: \(s), truncated at 0)"
        case .lognormal(let mu, let sigma): return "lognormal(mu: \(mu), sigma: \(sigma))"
        case .gamma(let k, let theta): return "gamma(shape: \(k), scale: \(theta))"
        case .weibull(let k, let lambda): return "weibull(shape: \(k), scale: \(lambda))"
        case .triangular(let a, let c, let b): return "triangular(min: \(a), mode: \(c), max: \(b))"
        case .empirical(let e): return e.description
        }
    }
}
