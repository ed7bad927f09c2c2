import Stochastics
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Non-homogeneous Poisson arrivals")
struct PoissonArrivalsTests {
    /// Sinusoidal rate per minute over a day: 2 + 1.5 sin(2 pi t / 1440).
    static func sinusoid(_ t: Double) -> Double { 2 + 1.5 * sin(2 * Double.pi * t / 1440) }
    static func sinusoidIntegral(_ a: Double, _ b: Double) -> Double {
        let k = 2 * Double.pi / 1440
        return 2 * (b - a) - 1.5 / k * (cos(k * b) - cos(k * a))
    }

    @Test("Hourly counts of a sinusoidal-rate process match the integral of the rate (thinning)", arguments: [UInt64(1), 2])
    func thinningMatchesIntegral(seed: UInt64) {
        let days = 40
        let stream = RandomStream(seed: seed)
        let times = PoissonArrivals.thinned(rate: Self.sinusoid, maximumRate: 3.5, from: 0, until: Double(days) * 1440, using: stream)
        var perHour = [Int](repeating: 0, count: 24)
        for t in times { perHour[Int(t / 60) % 24] += 1 }
        for h in 0..<24 {
            let expected = Double(days) * Self.sinusoidIntegral(Double(h) * 60, Double(h + 1) * 60)
            // Poisson: sd = sqrt(mean); 5 sd.
            #expect(abs(Double(perHour[h]) - expected) < 5 * expected.squareRoot(), "hour \(h): \(perHour[h]) vs \(expected)")
        }
    }

    @Test("Inversion with a piecewise-constant rate reproduces each hour's expected count", arguments: [UInt64(3), 4])
    func inversionMatchesPiecewiseRate(seed: UInt64) throws {
        // A day of hourly rates from the sinusoid (rate at mid-hour), with a zero hour, repeated.
        var hourly = (0..<24).map { Self.sinusoid((Double($0) + 0.5) * 60) }
        hourly[3] = 0
        let days = 40
        let rate = try PiecewiseConstantRate(intervalLength: 60, rates: Array((0..<days).map { _ in hourly }.joined()))
        var process = PoissonArrivals(rate: rate)
        let stream = RandomStream(seed: seed)
        var perHour = [Int](repeating: 0, count: 24)
        var last = 0.0
        var total = 0
        while let t = process.next(using: stream) {
            #expect(t >= last)
            last = t
            perHour[Int(t / 60) % 24] += 1
            total += 1
        }
        #expect(perHour[3] == 0)
        #expect(last < rate.end)
        for h in 0..<24 where h != 3 {
            let expected = Double(days) * hourly[h] * 60
            #expect(abs(Double(perHour[h]) - expected) < 5 * expected.squareRoot(), "hour \(h): \(perHour[h]) vs \(expected)")
        }
        let expectedTotal = rate.integral(upTo: rate.end)
        #expect(abs(Double(total) - expectedTotal) < 5 * expectedTotal.squareRoot())
    }

    @Test("Interarrival times of a constant rate are exponential")
    func constantRateGivesExponentialGaps() throws {
        let rate = try PiecewiseConstantRate(intervalLength: 1000, rates: [Double](repeating: 0.5, count: 200))
        var process = PoissonArrivals(rate: rate)
        let stream = RandomStream(seed: 9)
        var previous = 0.0, gaps: [Double] = []
        while let t = process.next(using: stream) { gaps.append(t - previous); previous = t }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(abs(mean - 2) < 5 * 2 / Double(gaps.count).squareRoot())
        // P(gap > 2 * mean) = e^-2 for an exponential.
        let share = Double(gaps.filter { $0 > 4 }.count) / Double(gaps.count)
        let p = exp(-2.0)
        #expect(abs(share - p) < 5 * (p * (1 - p) / Double(gaps.count)).squareRoot())
    }

    @Test("Rate functions refuse negative or non-finite rates")
    func invalidRates() {
        #expect(throws: DistributionError.self) { try PiecewiseConstantRate(intervalLength: 60, rates: [1, -1]) }
        #expect(throws: DistributionError.self) { try PiecewiseConstantRate(intervalLength: 0, rates: [1]) }
        #expect(throws: DistributionError.self) { try PiecewiseConstantRate(intervalLength: 60, rates: [.nan]) }
    }
}
