import AmbulanceService
import MonteCarlo
import Reports
import Testing

@Suite("National standards at a glance")
struct StandardsTests {
    /// A result whose replications have `values` for one KPI and NaN elsewhere.
    static func result(_ kpi: String, _ values: [Double]) -> ExperimentResult {
        let k = ReplicationOutcome.kpiNames.firstIndex(of: kpi)!
        let outcomes = values.map { x in
            var v = [Double](repeating: .nan, count: ReplicationOutcome.kpiNames.count)
            v[k] = x
            return ReplicationOutcome(values: v, hourly: [], events: 0)
        }
        return ExperimentResult(indices: Array(values.indices), outcomes: outcomes)
    }

    func verdict(_ name: String, _ r: ExperimentResult) -> Standards.Verdict {
        Standards.verdicts(r).first { $0.standard.name == name }!
    }

    @Test("the mean decides met; the 95% interval decides whether that is certain")
    func metAndCertain() {
        let clearlyMet = verdict("c1_mean", Self.result("c1_response_mean_min", [6.0, 6.1, 5.9, 6.0]))
        #expect(clearlyMet.met == true && clearlyMet.certain)
        let straddles = verdict("c1_mean", Self.result("c1_response_mean_min", [6.5, 7.3, 6.8, 7.2]))   // mean 6.95, interval over 7
        #expect(straddles.met == true && !straddles.certain && straddles.high > 7)
        let clearlyNot = verdict("c2_90th", Self.result("c2_response_p90_min", [80, 85, 90]))
        #expect(clearlyNot.met == false && clearlyNot.certain && clearlyNot.low > 40)
        let one = verdict("c1_mean", Self.result("c1_response_mean_min", [5]))
        #expect(one.met == true && !one.certain, "one replication has no interval")
        let none = verdict("c3_90th", Self.result("c1_response_mean_min", [5, 6]))
        #expect(none.met == nil && none.count == 0)
    }

    @Test("none over 60 is met only at exactly zero; 95% within 30 reads the share over 30")
    func handoverStandards() {
        #expect(verdict("handover_none_over_60", Self.result("handover_over_60_share", [0, 0, 0])).met == true)
        #expect(verdict("handover_none_over_60", Self.result("handover_over_60_share", [0, 0.001, 0])).met == false)
        let within30 = verdict("handover_95pc_within_30", Self.result("handover_over_30_share", [0.04, 0.05, 0.06]))
        #expect(within30.met == true && !within30.certain)
    }

    @Test("standards.csv has a row per standard with the header's columns; the block has a line per standard")
    func files() throws {
        let r = Self.result("c2_response_mean_min", [21.8, 22, 22.2])   // 95% interval 21.5 to 22.5
        let rows = try CSVReader.records(Standards.csv(r))
        #expect(rows[0] == Standards.header && rows.count == Standards.all.count + 1)
        let c2 = try #require(rows.first { $0[0] == "c2_mean" })
        #expect(c2[1] == "c2_response_mean_min" && c2[3] == "18" && c2[4] == "22" && c2[8] == "false" && c2[9] == "true")
        let empty = try #require(rows.first { $0[0] == "c4_90th" })
        #expect(empty[7] == "0" && empty[8] == "")
        let block = Standards.block(r, label: "test")
        #expect(block.split(separator: "\n").count == Standards.all.count + 1)
        #expect(block.contains("C2 mean <= 18 min") && block.contains("22.0 [") && block.contains("NOT met"))
    }
}
