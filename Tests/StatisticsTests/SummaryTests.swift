import Statistics
import Testing

@Suite("Summaries over GSL")
struct SummaryTests {
    @Test("Mean, sd and t interval match hand-computed values")
    func handComputed() throws {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let s = try #require(Summary([9, 2, 4, 4, 4, 5, 5, 7]))
        #expect(s.count == 8)
        #expect(abs(s.mean - 5) < 1e-12)
        #expect(abs(s.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
        // t(0.975, 7) = 2.364624 (published tables).
        let expectedHalfWidth = 2.364624 * (32.0 / 7).squareRoot() / 8.0.squareRoot()
        #expect(abs(s.confidenceHalfWidth() - expectedHalfWidth) < 1e-5)
        #expect(s.minimum == 2 && s.maximum == 9)
        #expect(s.quantile(0.5) == 4.5)
        #expect(s.quantile(0) == 2 && s.quantile(1) == 9)
        // Type 7: position 0.9 * 7 = 6.3 -> 7 + 0.3 * (9 - 7).
        #expect(abs(s.quantile(0.9) - 7.6) < 1e-12)
    }

    @Test("t quantiles match published tables", arguments: [(2, 4.302653), (10, 2.228139), (30, 2.042272)])
    func tQuantiles(degreesOfFreedom: Int, t: Double) throws {
        // n = df + 1 observations: half-width = t(0.975, df) * sd / sqrt(n).
        let n = degreesOfFreedom + 1
        let values = (0..<n).map { Double($0) }
        let s = try #require(Summary(values))
        let halfWidth = s.confidenceHalfWidth()
        #expect(abs(halfWidth * Double(n).squareRoot() / s.standardDeviation - t) < 1e-5)
    }

    @Test("Empty input has no summary; one value has no interval")
    func degenerate() {
        #expect(Summary([]) == nil)
        #expect(Summary([3])?.confidenceHalfWidth().isNaN == true)
    }

    /// Expected values from the textbook sum formula
    /// C = (a^c/c! * c/(c-a)) / (sum_{k<c} a^k/k! + a^c/c! * c/(c-a)), evaluated separately.
    @Test("Erlang C matches the textbook formula", arguments: [(17.0, 20, 0.385056), (1.0, 2, 1.0 / 3), (8.0, 10, 0.409180)])
    func erlangC(load: Double, servers: Int, expected: Double) {
        #expect(abs(QueueingFormulas.erlangC(offeredLoad: load, servers: servers) - expected) < 5e-4)
    }
}

@Suite("Differences between runs")
struct DifferenceTests {
    @Test("Paired difference is the t interval of per-pair differences")
    func paired() throws {
        let a = [10.0, 12, 11, 13, 9], b = [11.0, 14, 12, 15, 10]
        let d = try #require(Difference.paired(a, b))
        // Differences 1, 2, 1, 2, 1: mean 1.4, sd sqrt(0.3), t(0.975, 4) = 2.776445.
        #expect(abs(d.mean - 1.4) < 1e-12)
        let h = 2.776445 * 0.3.squareRoot() / 5.0.squareRoot()
        #expect(abs(d.low - (1.4 - h)) < 1e-5 && abs(d.high - (1.4 + h)) < 1e-5)
        #expect(d.paired && d.count == 5)
        #expect(abs(d.relativeChange - 1.4 / 11) < 1e-12)
    }

    @Test("Welch interval matches a hand computation")
    func welch() throws {
        let a = [1.0, 2, 3, 4, 5], b = [2.0, 4, 6, 8, 10, 12]
        let d = try #require(Difference.welch(a, b))
        // var(a)/5 = 0.5; var(b)/6 = 14/6; Welch-Satterthwaite df = 6.97226;
        // t(0.975, 6.97226) = 2.366533 (computed independently with SciPy); diff = 7 - 3 = 4.
        let se = (0.5 + 14.0 / 6).squareRoot()
        #expect(abs(d.mean - 4) < 1e-12)
        #expect(abs((d.high - d.mean) / se - 2.366533) < 1e-5)
        #expect(!d.paired)
    }

    @Test("Pairing narrows the interval when replications share random numbers")
    func pairingHelps() throws {
        let a = (0..<20).map { Double($0 * $0 % 17) }
        let b = a.map { $0 + 1 + Double(Int($0) % 2) * 0.1 }
        let p = try #require(Difference.paired(a, b)), w = try #require(Difference.welch(a, b))
        #expect(p.high - p.low < (w.high - w.low) / 10)
    }
}

@Suite("Order statistics by selection")
struct OrderStatisticTests {
    @Test("selection finds the k-th smallest and leaves the array partitioned about it, so a higher one can start above", arguments: [UInt64(1), 2, 3])
    func partitionedSelection(seed: UInt64) {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let original = (0..<10_001).map { _ in (next() * 1000).rounded() / 10 }   // with ties
        let sorted = original.sorted()
        var data = original
        let k50 = 5_000, k90 = 9_000
        let median = OrderStatistic.select(&data, k50)
        #expect(median == sorted[k50])
        #expect(data[..<k50].allSatisfy { $0 <= median } && data[(k50 + 1)...].allSatisfy { $0 >= median })
        #expect(OrderStatistic.select(&data, k90, from: k50) == sorted[k90])
        #expect(data.sorted() == sorted, "the values are only rearranged")
    }
}
