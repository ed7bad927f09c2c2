import AmbulanceService
import Foundation
import MonteCarlo
import Observed
import Reports
import Scenario
import Testing

/// Issue 20: the handover record read, months driven by it, and the skill summary.
@Suite("Months driven by the record", .serialized)
struct DriveTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"
    static let panel = repositoryRoot + "/Scenarios/observed/ambsys-panel-2022-2024.csv"

    /// A file with org TST: July 2023 (no handover published) and July 2024 (handover mean
    /// `seconds`), and what a planner's trimmed copy would keep.
    static func file(seconds: Int) throws -> AmbSYSFile {
        let text = """
            Year,Month,Org Code,A7,A8,A10,A11,A12,A140,A141,A142,A143
            2023,7,TST,2000,200,1000,400,50,.,.,.,.
            2024,7,TST,2000,200,1000,400,50,1000,\(seconds * 1000),\(seconds),\(seconds * 2)

            """
        return try AmbSYSFile.parse(text, path: "tst.csv")
    }

    @Test("a driven month's solved pressure reproduces its published handover mean within the stated 1%", arguments: [45, 80])
    func solvedPressureMeetsTarget(minutes: Int) throws {
        let file = try Self.file(seconds: minutes * 60)
        let runs = try Observed.Backtest.run(path: Self.tiny, overrides: [], file: file, org: "TST", months: [YearMonth("2024-07")!],
                                             replications: 3, seed: 5, jobs: 2, tolerances: [:], drive: Drive(handover: true))
        let row = try #require(runs[0].rows.first { $0.kpi == "handover_mean_min" })
        #expect(abs(row.modelMean / Double(minutes) - 1) <= 0.01, "\(row.modelMean) vs \(minutes): \(runs[0].notes)")
        #expect(row.driven == "handover" && runs[0].rows.filter { !$0.driven.isEmpty }.count == 1)
        #expect(runs[0].settings.contains { $0.hasPrefix("hospital_pressure_scale=") })
        // The solved month, run again from its settings, gives the same handover mean (common random numbers).
        let again = try Scenario.load(path: Self.tiny, overrides: runs[0].settings, carryingEarlierDisruptions: true)
        let outcomes = try Experiment(configuration: again.configuration, masterSeed: 5, replications: 0..<3).run(jobs: 1).outcomes
        let mean = outcomes.map { $0[kpi: "handover_mean_min"] }.reduce(0, +) / 3
        #expect(abs(mean - row.modelMean) < 1e-9)
    }

    @Test("a month before the record has handover takes the same month of the nearest year, and says so; a user's value wins")
    func targetSources() throws {
        let file = try Self.file(seconds: 3000)
        let july23 = try file.row(org: "TST", month: YearMonth("2023-07")!)
        let analogue = try Observed.Backtest.handoverTarget(file: file, org: "TST", month: YearMonth("2023-07")!, row: july23, user: [:])
        #expect(analogue.minutes == 50 && analogue.source.contains("2024-07, the same calendar month of the nearest year"))
        let given = try Observed.Backtest.handoverTarget(file: file, org: "TST", month: YearMonth("2023-07")!, row: july23,
                                                         user: [YearMonth("2023-07")!: 33])
        #expect(given.minutes == 33 && given.source.contains("--handover-minutes"))
        let none = try AmbSYSFile.parse("Year,Month,Org Code,A7\n2023,7,TST,5\n", path: "none.csv")
        #expect(throws: ObservedError.self) {
            try Observed.Backtest.handoverTarget(file: none, org: "TST", month: YearMonth("2023-07")!, row: none.rows[0], user: [:])
        }
    }

    @Test("--drive demand sets the month's expected incidents to A7, and C1-C3 shares whose responded incidents are A8, A10 and A11")
    func demandDriven() throws {
        let file = try Self.file(seconds: 3000)
        let runs = try Observed.Backtest.run(path: Self.tiny, overrides: [], file: file, org: "TST", months: [YearMonth("2023-07")!],
                                             replications: 4, seed: 3, jobs: 2, tolerances: [:], drive: Drive(demand: true))
        let s = runs[0].scenario.configuration
        #expect(abs(s.expectedCalls(from: s.warmUpMinutes, to: s.countEndMinutes) - 2000) < 1e-6)
        let calls = try #require(runs[0].rows.first { $0.kpi == "calls_count" })
        #expect(abs(calls.modelMean - 2000) < 4 * 2000.squareRoot() && calls.driven == "demand")
        #expect(abs(s.categories.map(\.share).reduce(0, +) - 1) < 1e-12)
        // The model's responded incidents per category are the record's (Poisson noise:
        // within 4 standard errors over four replications), where C2's 5% closed at connect
        // (tiny's hear-and-treat) and C3's review closures are made up by a larger share.
        let outcomes = runs[0].result.outcomes
        for (c, published) in [(1, 200.0), (2, 1000), (3, 400)] {
            let mean = outcomes.map { $0[kpi: "c\(c)_responded_count"] }.reduce(0, +) / Double(outcomes.count)
            #expect(abs(mean - published) < 4 * (published / Double(outcomes.count)).squareRoot() + 0.02 * published,
                    "C\(c) responded \(mean) vs published \(published)")
        }
        #expect(s.categories[1].share > 0.5 && runs[0].notes.contains { $0.contains("measured in a pilot run") })
        // Without A11, the closed form: C1 and C2 from A8 and A10, C3:C4 as the scenario.
        let closed = try AmbSYSFile.parse("Year,Month,Org Code,A7,A8,A10\n2023,7,TST,2000,200,1000\n", path: "closed.csv")
        let c = try Observed.Backtest.run(path: Self.tiny, overrides: [], file: closed, org: "TST", months: [YearMonth("2023-07")!],
                                          replications: 2, seed: 3, jobs: 2, tolerances: [:], drive: Drive(demand: true))[0].scenario.configuration
        #expect(abs(c.categories[0].share - 0.1) < 1e-12 && abs(c.categories[1].share - 0.5 / 0.95) < 1e-12)   // tiny's C2 closes 5% at connect
    }

    @Test("--drive demand sets a scenario's dated category mix aside: its steps would otherwise replace the driven shares")
    func demandDrivenOverDatedMix() throws {
        let file = try Self.file(seconds: 3000)
        let dated = "category_mix=[{from: 2023-06-01, c1: 0.4, c2: 0.1, c3: 0.3, c4: 0.2}]"
        let plain = try Observed.Backtest.run(path: Self.tiny, overrides: [dated], file: file, org: "TST", months: [YearMonth("2023-07")!],
                                              replications: 4, seed: 3, jobs: 2, tolerances: [:])[0]
        #expect(plain.result.outcomes[0][kpi: "c1_count"] > 2 * plain.result.outcomes[0][kpi: "c2_count"])   // the step is in force undriven
        let run = try Observed.Backtest.run(path: Self.tiny, overrides: [dated], file: file, org: "TST", months: [YearMonth("2023-07")!],
                                            replications: 4, seed: 3, jobs: 2, tolerances: [:], drive: Drive(demand: true))[0]
        #expect(run.scenario.configuration.categoryMix.steps.isEmpty && run.settings.contains("category_mix=[]"))
        for (c, published) in [(1, 200.0), (2, 1000)] {
            let mean = run.result.outcomes.map { $0[kpi: "c\(c)_responded_count"] }.reduce(0, +) / Double(run.result.outcomes.count)
            #expect(abs(mean - published) < 4 * (published / 4).squareRoot() + 0.02 * published, "C\(c) responded \(mean) vs published \(published)")
        }
    }

    @Test("the reader takes the full published layout and a trimmed column subset alike; a missing column is named")
    func layouts() throws {
        let full = try AmbSYSFile.read(path: repositoryRoot + "/Scenarios/observed/ambsys-extract.csv")
        let trimmed = try AmbSYSFile.read(path: Self.panel)
        let june = YearMonth("2024-06")!
        let a = try full.row(org: "RYF", month: june), b = try trimmed.row(org: "RYF", month: june)
        for code in ["A7", "A25", "A31", "A53", "A140", "A142", "A143", "A147"] { #expect(a.value(code) == b.value(code), "\(code)") }
        #expect(a.hasColumn("A0") && !b.hasColumn("A0"))
        let subset = try AmbSYSFile.parse("Year,Month,Org Code,A7,A142\n2024,6,RYF,75903,3621\n", path: "subset.csv")
        let month = try Observed.Backtest.scenario(path: Self.tiny, overrides: [], month: june).0
        let result = try Experiment(configuration: month.configuration, masterSeed: 1, replications: 0..<2).run(jobs: 2)
        let (rows, unavailable) = Observed.Backtest.compare(result, with: subset.rows[0], month: june) { $0.defaultTolerance }
        #expect(Set(rows.map(\.kpi)) == ["calls_count", "handover_mean_min"])
        #expect(unavailable.contains("handover_p90_min (A143: the file has no column A143)"), "\(unavailable)")
    }

    @Test("month ranges: FIRST..LAST with commas, across a year; refused backwards or repeated")
    func ranges() throws {
        let months = try YearMonth.list("2023-10..2024-12").get()
        #expect(months.count == 15 && months.first == YearMonth("2023-10") && months.last == YearMonth("2024-12"))
        #expect(try YearMonth.list("2023-04..2023-06,2024-01").get().map(\.description) == ["2023-04", "2023-05", "2023-06", "2024-01"])
        #expect((try? YearMonth.list("2024-02..2024-01").get()) == nil && (try? YearMonth.list("2024-01..2024-02,2024-02").get()) == nil)
    }

    @Test("backtest_summary.csv: per indicator, months within tolerance, MAPE and bias over the predicted months; driven rows left out")
    func summary() throws {
        func row(_ month: String, _ kpi: String, observed: Double, model: Double, driven: String = "") -> BacktestRow {
            var r = BacktestRow(month: YearMonth(month)!, kpi: kpi, aqiCode: "A", kind: .minutes, observed: observed, modelMean: model,
                                modelLow: model, modelHigh: model, relativeError: model / observed - 1, tolerance: 0.15,
                                within: abs(model / observed - 1) <= 0.15, absolute: false)
            r.driven = driven
            return r
        }
        let rows = [row("2024-01", "c2", observed: 40, model: 44), row("2024-02", "c2", observed: 40, model: 30),
                    row("2024-01", "h", observed: 60, model: 60, driven: "handover"), row("2024-02", "h", observed: 60, model: 61, driven: "handover")]
        let csv = try CSVReader.records(Observed.Backtest.summaryCSV(rows))
        #expect(csv[0] == Observed.Backtest.summaryHeader)
        #expect(csv[1][0] == "c2" && csv[1][2] == "2" && csv[1][3] == "1" && abs(Double(csv[1][4])! - 0.175) < 1e-12 && abs(Double(csv[1][5])! + 0.075) < 1e-12)
        #expect(csv[2][0] == "h" && csv[2][2] == "0" && csv[2][6] == "2")
    }
}
