import Stochastics
import Testing

/// Draws `n` values and checks the sample mean and variance against the distribution's
/// theoretical moments, with tolerances of 5 standard errors derived from the sample
/// (SE(mean) = s/sqrt(n); SE(variance) = sqrt((m4 - s^4)/n)). A false alarm is a
/// 1-in-a-million event; a wrong formula or a wrong GSL parametrisation is not.
func checkMoments(_ d: Distribution, seed: UInt64, n: Int = 200_000, sourceLocation: SourceLocation = #_sourceLocation) {
    let stream = RandomStream(seed: seed)
    var xs = [Double](repeating: 0, count: n)
    for i in 0..<n { xs[i] = d.sample(using: stream) }
    let mean = xs.reduce(0, +) / Double(n)
    var m2 = 0.0, m4 = 0.0
    for x in xs { let e = (x - mean) * (x - mean); m2 += e; m4 += e * e }
    m2 /= Double(n); m4 /= Double(n)
    let seMean = (m2 / Double(n)).squareRoot()
    let seVariance = (max(m4 - m2 * m2, 0) / Double(n)).squareRoot()
    #expect(abs(mean - d.mean) <= 5 * seMean + 1e-12,
            "\(d): sample mean \(mean) vs \(d.mean) (SE \(seMean))", sourceLocation: sourceLocation)
    #expect(abs(m2 - d.variance) <= 5 * seVariance + 1e-12,
            "\(d): sample variance \(m2) vs \(d.variance) (SE \(seVariance))", sourceLocation: sourceLocation)
    #expect(xs.allSatisfy { $0.isFinite })
}

@Suite("Distributions sample what they claim")
struct DistributionTests {
    static let all: [Distribution] = [
        .fixed(4.5),
        .uniform(min: 2, max: 10),
        .exponential(mean: 25),
        .truncatedNormal(mean: 30, sd: 10),
        .truncatedNormal(mean: -5, sd: 10),
        .lognormal(mu: 3, sigma: 0.5),
        .gamma(shape: 2.5, scale: 8),
        .gamma(shape: 0.6, scale: 3),
        .weibull(shape: 1.7, scale: 40),
        .weibull(shape: 0.8, scale: 10),
        .triangular(min: 5, mode: 8, max: 20),
        .triangular(min: 0, mode: 0, max: 1),
    ]

    @Test("Sample mean and variance match theory", arguments: all, [UInt64(1), 987654])
    func momentsMatchTheory(distribution: Distribution, seed: UInt64) throws {
        try distribution.validated()
        checkMoments(distribution, seed: seed)
    }

    @Test("Lognormal from mean and sd round-trips", arguments: [(25.0, 15.0), (37.0, 12.0), (5.0, 0.1), (1.0, 4.0)])
    func lognormalRoundTrip(mean: Double, sd: Double) throws {
        let d = try Distribution.lognormal(mean: mean, sd: sd)
        #expect(abs(d.mean - mean) / mean < 1e-12)
        #expect(abs(d.variance.squareRoot() - sd) / sd < 1e-9)
        checkMoments(d, seed: 7, n: 400_000)
    }

    @Test("Gamma from mean and sd round-trips")
    func gammaRoundTrip() throws {
        let d = try Distribution.gamma(mean: 29, sd: 12)
        #expect(abs(d.mean - 29) < 1e-12)
        #expect(abs(d.variance.squareRoot() - 12) < 1e-9)
        checkMoments(d, seed: 3)
    }

    @Test("Empirical draws each value with its weight's share")
    func empiricalFrequencies() throws {
        let d = try Distribution.empirical(values: [10, 20, 35], weights: [1, 3, 6])
        checkMoments(d, seed: 11)
        guard case .empirical(let table) = d else { Issue.record("not empirical"); return }
        let stream = RandomStream(seed: 5)
        var counts = [0, 0, 0]
        let n = 100_000
        for _ in 0..<n { counts[table.sampleIndex(using: stream)] += 1 }
        for (i, p) in [0.1, 0.3, 0.6].enumerated() {
            let se = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(counts[i]) / Double(n) - p) < 5 * se)
        }
    }

    @Test("Truncated normal never goes below zero", arguments: [Distribution.truncatedNormal(mean: 1, sd: 10), .truncatedNormal(mean: -20, sd: 4)])
    func truncatedNormalNonNegative(distribution: Distribution) {
        let stream = RandomStream(seed: 2)
        #expect((0..<50_000).allSatisfy { _ in distribution.sample(using: stream) >= 0 })
    }

    @Test("Invalid parameters are refused with the rule and the value", arguments: [
        (Distribution.exponential(mean: 0), "mean must be > 0 (got 0.0)"),
        (.uniform(min: 5, max: 1), "min must be <= max"),
        (.gamma(shape: -1, scale: 2), "shape must be > 0 (got -1.0)"),
        (.triangular(min: 0, mode: 5, max: 4), "min <= mode <= max"),
        (.truncatedNormal(mean: 3, sd: .nan), "sd must be > 0"),
        (.weibull(shape: 2, scale: .infinity), "scale must be > 0"),
        (.fixed(.nan), "must be finite"),
    ])
    func invalidParametersAreRefused(distribution: Distribution, message: String) {
        #expect {
            try distribution.validated()
        } throws: { error in
            (error as? DistributionError)?.message.contains(message) == true
        }
    }

    @Test("Constructors refuse impossible moments")
    func constructorsRefuse() {
        #expect(throws: DistributionError.self) { try Distribution.lognormal(mean: -1, sd: 2) }
        #expect(throws: DistributionError.self) { try Distribution.gamma(mean: 3, sd: 0) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [1, 2], weights: [0, 0]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [1, 2], weights: [1]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [], weights: []) }
    }
}

@Suite("Quantiles")
struct QuantileTests {
    @Test("The p-quantile leaves share p of draws below it", arguments: DistributionTests.all.filter {
        if case .fixed = $0 { return false } else { return true }
    })
    func quantileMatchesSamples(distribution: Distribution) {
        let stream = RandomStream(seed: 17)
        let n = 100_000
        for p in [0.05, 0.5, 0.95] {
            let q = distribution.quantile(p)
            let below = (0..<n).reduce(0) { c, _ in c + (distribution.sample(using: stream) <= q ? 1 : 0) }
            let se = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(below) / Double(n) - p) < 5 * se + 1e-9, "\(distribution) p=\(p): q=\(q)")
        }
    }

    @Test("Known quantiles")
    func known() {
        #expect(abs(Distribution.exponential(mean: 2).quantile(0.5) - 2 * 0.6931471805599453) < 1e-12)
        #expect(Distribution.uniform(min: 2, max: 8).quantile(0.25) == 3.5)
        #expect(abs(Distribution.triangular(min: 0, mode: 0, max: 1).quantile(0.75) - 0.5) < 1e-12)
    }
}
