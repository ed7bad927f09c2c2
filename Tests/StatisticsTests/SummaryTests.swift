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
