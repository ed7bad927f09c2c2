import Stochastics
import Testing

@Suite("Random streams and the seed plan")
struct RandomStreamTests {
    @Test("A stream is MT19937 and the same seed repeats its numbers")
    func sameSeedSameNumbers() {
        let a = RandomStream(seed: 123), b = RandomStream(seed: 123), c = RandomStream(seed: 124)
        #expect(a.generatorName == "mt19937")
        let xa = (0..<100).map { _ in a.uniform() }
        let xb = (0..<100).map { _ in b.uniform() }
        let xc = (0..<100).map { _ in c.uniform() }
        #expect(xa == xb)
        #expect(xa != xc)
        #expect(xa.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("Seeds are distinct across replications, purposes and substreams of one master seed", arguments: [UInt64(0), 42, .max])
    func seedsAreDistinct(master: UInt64) {
        let plan = SeedPlan(masterSeed: master)
        var seen = Set<UInt64>()
        for r in 0..<200 {
            for p in StreamPurpose.allCases {
                for s in [0, 1, 17, 255] { seen.insert(plan.seed(replication: r, purpose: p, substream: s)) }
            }
        }
        #expect(seen.count == 200 * StreamPurpose.allCases.count * 4)
    }

    @Test("The seed plan depends only on the master seed (common random numbers)")
    func seedPlanIsAFunctionOfMaster() {
        let a = SeedPlan(masterSeed: 99), b = SeedPlan(masterSeed: 99), c = SeedPlan(masterSeed: 100)
        #expect(a.seed(replication: 3, purpose: .handover) == b.seed(replication: 3, purpose: .handover))
        #expect(a.seed(replication: 3, purpose: .handover) != c.seed(replication: 3, purpose: .handover))
    }

    @Test("Streams of neighbouring seeds are uncorrelated")
    func neighbouringStreamsUncorrelated() {
        let plan = SeedPlan(masterSeed: 7)
        let a = plan.stream(replication: 0, purpose: .arrivals)
        let b = plan.stream(replication: 0, purpose: .arrivals, substream: 1)
        let n = 100_000
        var sxy = 0.0
        for _ in 0..<n { sxy += (a.uniform() - 0.5) * (b.uniform() - 0.5) }
        // Correlation of independent uniforms: sd 1/sqrt(n); 12 * sxy / n estimates it.
        let correlation = 12 * sxy / Double(n)
        #expect(abs(correlation) < 5 / Double(n).squareRoot())
    }

    @Test("integer(below:) is uniform")
    func integerBelowIsUniform() {
        let stream = RandomStream(seed: 31)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[stream.integer(below: 7)] += 1 }
        // Chi-square with 6 df: 99.9th centile is 22.46.
        let expected = Double(n) / 7
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 22.46)
    }
}

@Suite("GSL errors")
struct GSLErrorTests {
    @Test("A GSL status becomes a Swift error carrying gsl_strerror; success passes")
    func statusToError() throws {
        try GSLError.check(0, "nothing")
        #expect {
            try GSLError.check(1, "testing the domain check")   // GSL_EDOM
        } throws: { error in
            let e = error as? GSLError
            return e?.status == 1 && e?.message == "input domain error" && e?.description.contains("testing the domain check") == true
        }
    }
}
