import AmbulanceService
import Foundation
import MonteCarlo
import Observed
import Scenario
import Testing

/// Issue 22, item 9: every shipped scenario backtests for every month of its year; a
/// record-mode change before the month is carried in as the mode in force at its start.
@Suite("Backtest of any month")
struct AnyMonthTests {
    static let shipped: [String] = {
        let folder = repositoryRoot + "/Scenarios"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }()

    @Test("every shipped scenario sets up for every month of its start year", arguments: shipped)
    func everyMonthOfItsYear(path: String) throws {
        let year = try Scenario.load(path: path).configuration.start.date.year
        #expect(Self.shipped.count >= 10)
        for m in 1...12 {
            let month = YearMonth(year: year, month: m)!
            do { _ = try Observed.Backtest.scenario(path: path, overrides: [], month: month) } catch {
                Issue.record("\(path) \(month): \(error.message)")
            }
        }
    }

    @Test("a month after the outage began runs on paper from its first minute; a month after restoration runs electronic; paper is never carried into a month before")
    func paperCarriedIn() throws {
        let outage = repositoryRoot + "/Scenarios/swasft-ortivus-outage-2023.yaml"
        let long = ["disruption[1].after=60d"]     // paper from 18 July to 16 September
        func paperRecords(_ month: String) throws -> Double {
            let (s, _) = try Observed.Backtest.scenario(path: outage, overrides: long, month: YearMonth(month)!)
            let outcomes = try Experiment(configuration: s.configuration, masterSeed: 7, replications: 0..<1).run(jobs: 1).outcomes
            return outcomes[0][kpi: "paper_records_count"]
        }
        let august = try paperRecords("2023-08")
        #expect(august > 31 * 1500, "a whole month on paper writes a record per contact (about 2,200 a day): \(august)")
        #expect(try paperRecords("2023-10") == 0)
        #expect(try paperRecords("2023-06") == 0)
        // Without carrying in (a plain run started in August), the change before the start is refused.
        let plain = #expect(throws: ScenarioErrors.self) { try Scenario.load(path: outage, overrides: long + ["start=2023-08-01T00:00"]) }
        #expect(plain?.description.contains("disruption[0].at: must be at or after the start") == true)
    }
}
