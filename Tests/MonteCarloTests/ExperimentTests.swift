import AmbulanceService
import MonteCarlo
import Scenario
import Testing

let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

@Suite("Monte Carlo experiments")
struct ExperimentTests {
    static func tiny() throws -> Scenario { try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml") }

    @Test("Results are identical for any thread count", arguments: [2, 3])
    func threadCountDoesNotMatter(jobs: Int) throws {
        let s = try Self.tiny()
        let e = Experiment(configuration: s.configuration, masterSeed: 7, replications: 0..<6)
        let one = try e.run(jobs: 1), many = try e.run(jobs: jobs)
        #expect(one.indices == many.indices)
        for (a, b) in zip(one.outcomes, many.outcomes) {
            #expect(a.values.elementsEqual(b.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(a.events == b.events)
        }
        #expect("\(one.series)" == "\(many.series)")
        #expect(one.outcomes.allSatisfy { $0.hourly.isEmpty })
    }

    @Test("Shards partition the replications and merge back to one run", arguments: [1, 2, 3, 7])
    func shards(n: Int) throws {
        let ranges = (1...n).map { Experiment.shard($0, of: n, replications: 10) }
        #expect(ranges.flatMap { Array($0) } == Array(0..<10))
        let s = try Self.tiny()
        let whole = try Experiment(configuration: s.configuration, masterSeed: 3, replications: 0..<10).run(jobs: 2)
        let parts = try ranges.reversed().map {
            try Experiment(configuration: s.configuration, masterSeed: 3, replications: $0).run(jobs: 1, keepHourly: true)
        }
        let merged = ExperimentResult.merging(parts)
        #expect(merged.indices == whole.indices)
        #expect(zip(merged.outcomes, whole.outcomes).allSatisfy { $0.events == $1.events })
        #expect("\(merged.series)" == "\(whole.series)" && whole.series.hours == 6 * 24)
    }

    @Test("Precision mode adds replications until the half-width target is met")
    func precision() throws {
        let s = try Self.tiny()
        let k = ReplicationOutcome.kpiNames.firstIndex(of: "calls_count")!
        let e = Experiment(configuration: s.configuration, masterSeed: 5, replications: 0..<4)
        let (r, reached) = try e.runUntilPrecise(kpi: k, halfWidth: 12, maximum: 200, jobs: 2)
        #expect(reached)
        #expect(r.halfWidth(of: k) <= 12)
        #expect(r.indices == Array(0..<r.indices.count) && r.indices.count > 4)
        // Replication i is the same as in a plain run.
        let plain = try Experiment(configuration: s.configuration, masterSeed: 5, replications: 0..<r.indices.count).run(jobs: 2)
        #expect(zip(plain.outcomes, r.outcomes).allSatisfy { $0.events == $1.events })
        #expect("\(plain.series)" == "\(r.series)")
        let (_, unreachable) = try e.runUntilPrecise(kpi: k, halfWidth: 0.001, maximum: 8, jobs: 2)
        #expect(!unreachable)
    }

    @Test("Range checks pass inside and fail outside")
    func rangeChecks() throws {
        let s = try Self.tiny()
        let r = try Experiment(configuration: s.configuration, masterSeed: 1, replications: 0..<4).run(jobs: 2)
        let mean = r.values(of: 0).reduce(0, +) / 4
        let checks = RangeCheck.evaluate([("calls_count", mean - 1, mean + 1), ("calls_count", mean + 1, mean + 2)], against: r)
        #expect(checks.map(\.passed) == [true, false])
        #expect(checks[0].low <= mean && mean <= checks[0].high)
    }
}

/// The shipped scenarios' expect: ranges hold, each run with its own replications (as
/// `ambsim check` does): a saturated service's C3 waits vary a lot from one replication to
/// the next, so fewer replications would test the noise rather than the model.
@Suite("Shipped scenarios meet their expectations")
struct ShippedScenarioChecks {
    static let files = ["tiny.yaml", "mmc-check.yaml", "swasft-summer-2023-baseline.yaml", "swasft-ortivus-outage-2023.yaml",
                        "scas-summer-2023-baseline.yaml", "scas-ortivus-outage-2023.yaml", "swasft-winter-baseline.yaml"]

    @Test("ambsim check passes", arguments: files)
    func check(file: String) throws {
        let s = try Scenario.load(path: repositoryRoot + "/Scenarios/" + file)
        let r = try Experiment(configuration: s.configuration, masterSeed: s.seed, replications: 0..<s.replications).run(jobs: 2)
        for c in RangeCheck.evaluate(s.expectations.map { ($0.kpi, $0.minimum, $0.maximum) }, against: r) {
            #expect(c.passed, "\(file): \(c.kpi) = \(c.mean), expected \(c.minimum)...\(c.maximum)")
        }
    }
}
