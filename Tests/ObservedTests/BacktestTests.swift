import AmbulanceService
import Foundation
import Observed
import Scenario
import Statistics
import Testing

@Suite("Backtest against published months", .serialized)
struct BacktestTests {
    static let mmc = repositoryRoot + "/Scenarios/mmc-check.yaml"
    static let march = YearMonth("2023-03")!

    /// The exact answer of mmc-check (M/M/20 at 17 erlangs, see the scenario file) for
    /// March 2023, as NHS England would publish it: 17 calls an hour for 31 days, every call
    /// C2 and seen and treated; C2 mean = Erlang C wait, 90th centile from the wait's
    /// distribution; no C1, C3 or C4 incidents ('.').
    static func exactAnswer(c2MeanFactor: Double = 1) -> [String: String] {
        let calls = 17 * 24 * 31
        let wait = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 20)
        let p90 = log(QueueingFormulas.erlangC(offeredLoad: 17, servers: 20) / 0.1) / 3 * 60
        return ["A7": "\(calls)", "A8": "0", "A10": "\(calls)", "A11": "0", "A12": "0", "A17": "0", "A53": "0", "A54": "0",
                "A55": "\(calls)", "A56": "\(calls)", "A31": "\(Int((wait * 60 * c2MeanFactor).rounded()))", "A32": "\(Int((p90 * 60).rounded()))"]
    }

    @Test("the month is exactly the calendar month: its calls counted, warm-up before, run-out after, absolute dates kept")
    func monthSetUp() throws {
        let settings = Observed.Backtest.settings(for: YearMonth("2023-07")!, warmUpMinutes: 2880, runOutMinutes: 1440)
        #expect(settings == ["start=2023-06-29T00:00", "warm_up=2880", "run_out=1440", "horizon=\(2880 + 31 * 1440 + 1440)"])
        let outage = repositoryRoot + "/Scenarios/swasft-ortivus-outage-2023.yaml"
        let base = try Scenario.load(path: outage)
        let (july, _) = try Observed.Backtest.scenario(path: outage, overrides: [], month: YearMonth("2023-07")!)
        // The paper period keeps its date: 18 July 2023 stays 18 July, whatever the start.
        let dateOf = { (s: Scenario) in s.configuration.disruption.absoluteMinutes.map { s.configuration.start.adding(minutes: Int($0)) } }
        #expect(dateOf(july) == dateOf(base))
        #expect(july.configuration.countEndMinutes - july.configuration.warmUpMinutes == 31 * 1440)
    }

    @Test("an M/M/c service backtests within tolerance against a file holding the exact answer; moved 30%, that row fails")
    func analyticBacktest() throws {
        let folder = scratchFolder()
        write(ambsysText([("MMC", Self.march, Self.exactAnswer()), ("MOVED", Self.march, Self.exactAnswer(c2MeanFactor: 1.3))]),
              to: folder + "/ambsys.csv")
        let file = try AmbSYSFile.read(path: folder + "/ambsys.csv")
        let exact = try Observed.Backtest.run(path: Self.mmc, overrides: [], file: file, org: "MMC", months: [Self.march],
                                              replications: 8, seed: 1, jobs: 2, tolerances: [:])
        let rows = try #require(exact.first).rows
        #expect(Set(rows.map(\.kpi)) == ["calls_count", "c2_response_mean_min", "c2_response_p90_min", "hear_and_treat_share",
                                         "see_and_treat_share", "conveyed_ed_share", "conveyed_elsewhere_share", "c1_responded_share",
                                         "c2_responded_share", "c3_responded_share", "c4_responded_share"])
        for row in rows { #expect(row.within, "\(row.kpi): model \(row.modelMean) against \(row.observed)") }
        let c2 = try #require(rows.first { $0.kpi == "c2_response_mean_min" })
        #expect(abs(c2.relativeError) < 0.06, "C2 mean within 6% of Erlang C's 7.70 min (got \(c2.modelMean))")
        let calls = try #require(rows.first { $0.kpi == "calls_count" })
        #expect(abs(calls.relativeError) < 0.01, "31 days x 408 calls counted (got \(calls.modelMean))")

        let moved = try Observed.Backtest.run(path: Self.mmc, overrides: [], file: file, org: "MOVED", months: [Self.march],
                                              replications: 8, seed: 1, jobs: 2, tolerances: [:])
        let outside = moved[0].rows.filter { !$0.within }.map(\.kpi)
        #expect(outside == ["c2_response_mean_min"])
        // Same seed, same scenario: the model side is identical, only the observed moved.
        #expect(moved[0].rows.map(\.modelMean) == rows.map(\.modelMean))
    }

    @Test("tolerances: the command line's over the scenario's over the default; shares are absolute")
    func tolerances() throws {
        let c2 = Indicator.all.first { $0.kpi == "c2_response_mean_min" }!
        let share = Indicator.all.first { $0.kpi == "hear_and_treat_share" }!
        let settings = BacktestSettings(tolerances: ["c2_response_mean_min": 0.25])
        #expect(Observed.Backtest.tolerance(c2, commandLine: [:], scenario: BacktestSettings()) == 0.15)
        #expect(Observed.Backtest.tolerance(share, commandLine: [:], scenario: BacktestSettings()) == 0.03)
        #expect(Observed.Backtest.tolerance(c2, commandLine: [:], scenario: settings) == 0.25)
        #expect(Observed.Backtest.tolerance(c2, commandLine: ["c2_response_mean_min": 0.1], scenario: settings) == 0.1)
    }

    @Test("calibrate recovers a fleet scale of 1.2 from figures the model made at 1.2, starting at 1.0")
    func calibrateRecoversFleetScale() throws {
        let folder = scratchFolder()
        // 108 erlangs (54 calls an hour, 2 h per job) on 100 vehicles x fleet_scale: at 1.2,
        // 120 vehicles at 90% utilisation, where the C2 wait is steep in the fleet size.
        write("""
            name: fleet-fit
            start: 2023-02-01T00:00
            horizon: 30d
            warm_up: 2d
            replications: 4
            seed: 7
            fleet_scale: 1.0
            zones: [{name: only, residents: 10000, calls_per_resident_per_day: 0.1296}]
            categories:
              c1: {share: 0, dispositions: {see_and_treat: 1}}
              c2: {share: 1, dispositions: {see_and_treat: 1}}
              c3: {share: 0, dispositions: {see_and_treat: 1}}
              c4: {share: 0, dispositions: {see_and_treat: 1}}
            travel: {minutes: [[0]], mobilise_minutes: 0}
            stations: [{name: base, zone: only, roster: [{start_hour: 0, length_hours: 24, vehicles: 100}]}]
            hospitals: [{name: unused, zone: only, offload_capacity: 1, handover_minutes: 0}]
            job_cycle:
              on_scene_conveyed_minutes: {exponential: {mean: 120}}
              on_scene_see_and_treat_minutes: {exponential: {mean: 120}}
              clear_minutes: 0
            """, to: folder + "/fleet.yaml")
        let february = YearMonth("2023-02")!
        // "Observed" figures: the model's own at fleet_scale 1.2, written as AmbSYS would (seconds).
        let truth = try Observed.Backtest.scenario(path: folder + "/fleet.yaml", overrides: ["fleet_scale=1.2"], month: february)
        let result = try MonteCarloRun.run(truth.0, replications: 4, seed: 7)
        let mean = { (k: String) in Summary(result.map { $0[kpi: k] })!.mean }
        let calls = Int(mean("calls_count").rounded())
        write(ambsysText([("FIT", february, ["A7": "\(calls)", "A10": "\(calls)", "A8": "0", "A11": "0", "A12": "0",
                                             "A31": "\(Int((mean("c2_response_mean_min") * 60).rounded()))",
                                             "A32": "\(Int((mean("c2_response_p90_min") * 60).rounded()))"])]),
              to: folder + "/ambsys.csv")
        let file = try AmbSYSFile.read(path: folder + "/ambsys.csv")
        let calibration = Observed.Calibration(
            path: folder + "/fleet.yaml", overrides: [], file: file, org: "FIT", months: [february],
            parameters: [FitParameter(key: "fleet_scale", low: 0.8, high: 1.6)], targets: ["c2_response_mean_min", "c2_response_p90_min"],
            replications: 4, seed: 7, jobs: 2, budget: 240, tolerances: [:])
        let (best, all) = try calibration.run()
        #expect(all.first?.values == [1.0], "the search starts at the scenario's own value")
        #expect(abs(best.values[0] / 1.2 - 1) < 0.03, "fitted \(best.values[0]) after \(all.count) candidates")
        let fitted = best.rows.filter { $0.kpi.hasPrefix("c2_response") }
        #expect(fitted.allSatisfy { $0.within })
    }

    @Test("calibrate refuses a range where the scenario is invalid, before searching")
    func calibratePreflight() throws {
        let file = try AmbSYSFile.read(path: shippedExtract)
        let calibration = Observed.Calibration(
            path: Self.mmc, overrides: [], file: file, org: "RYF", months: [YearMonth("2023-06")!],
            parameters: [FitParameter(key: "categories.c2.share", low: 0.5, high: 1.5)], targets: ["c2_response_mean_min"],
            replications: 2, seed: 1, jobs: 1, budget: 10, tolerances: [:])
        let error = #expect(throws: ObservedError.self) { try calibration.run() }
        #expect(error?.message.hasPrefix("--fit categories.c2.share=0.5..1.5: the scenario is invalid at 0.5") == true, "\(error?.message ?? "")")
    }
}
