import AmbulanceService
import Foundation
import MonteCarlo
import Reports
import Testing

@Suite("Run files")
struct RunFilesTests {
    static func result() -> ExperimentResult {
        func outcome(_ seed: Double) -> ReplicationOutcome {
            let values = ReplicationOutcome.kpiNames.indices.map { k in k % 7 == 3 ? Double.nan : seed * Double(k + 1) / 3 }
            let hourly = (0..<3).map { h in
                HourlyRecord(hour: h, arrivals: h + 2, visitorArrivals: h, vehiclesAvailable: 1.0 / 3 + seed, vehiclesRostered: 10,
                             handoverQueue: 0.1 * Double(h), responseMeanMinutes: [7.25, .nan, 30.0 / 7, 1e-9], handoverHoursLost: 0.5,
                             recordMode: h == 1 ? .paper : .electronic, backlogRecords: h * 4)
            }
            return ReplicationOutcome(values: values, hourly: hourly, events: Int(seed) * 1000)
        }
        return ExperimentResult(indices: [0, 1, 2], outcomes: [outcome(1.1), outcome(2.7), outcome(3.9)])
    }

    @Test("Files written from read-back results are byte-identical (what merge relies on)")
    func readBackIsExact() throws {
        let r = Self.result()
        let back = try RunFiles.read(replications: RunFiles.replications(r), hourly: RunFiles.hourlyReplications(r), file: "test")
        #expect(RunFiles.replications(back) == RunFiles.replications(r))
        #expect(RunFiles.summary(back) == RunFiles.summary(r))
        let start = LocalDateTime(iso: "2023-07-10T00:00")!
        #expect(RunFiles.timeseries(back, start: start) == RunFiles.timeseries(r, start: start))
    }

    @Test("Summary rows carry unit, interval and centiles; undefined KPIs are empty with n = 0 or fewer")
    func summaryRows() throws {
        let text = RunFiles.summary(Self.result())
        let rows = try CSVReader.records(text)
        #expect(rows[0] == RunFiles.summaryHeader)
        #expect(rows.count == ReplicationOutcome.kpiNames.count + 1)
        let calls = rows[1]
        #expect(calls[0] == "calls_count" && calls[1] == "count" && calls[11] == "3")
        let mean = Double(calls[2])!, low = Double(calls[4])!, high = Double(calls[5])!
        #expect(low < mean && mean < high)
        let undefined = rows[4]   // k = 3 is NaN in every replication
        #expect(undefined[2] == "" && undefined[11] == "0")
        #expect(rows.contains { $0[0] == "c1_response_mean_min" && $0[1] == "minutes" })
        #expect(rows.contains { $0[0] == "vehicle_utilisation_share" && $0[1] == "share" })
    }

    @Test("replications.csv written in pieces (2,500 rows, 1,024 a piece) reads back whole, every row once and in order")
    func writtenInPieces() throws {
        let one = Self.result().outcomes[1]
        let r = ExperimentResult(indices: Array(0..<2500), outcomes: Array(repeating: one, count: 2500))
        let folder = NSTemporaryDirectory() + "ambsim-pieces-" + UUID().uuidString
        try ResultFolder.write([RunFiles.replicationsFile(r), ResultFile("manifest.yaml", text: "# ambsim run manifest\n")], to: folder)
        let text = try String(contentsOfFile: folder + "/replications.csv", encoding: .utf8)
        #expect(text == RunFiles.replications(r))
        let back = try RunFiles.read(replications: text, hourly: nil, file: "pieces")
        #expect(back.indices == Array(0..<2500))
        #expect(back.outcomes.allSatisfy { zip($0.values, one.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } })
    }

    @Test("A file of another version is refused with what to do")
    func wrongColumns() {
        #expect(throws: RunFiles.ReadFailure.self) { try RunFiles.read(replications: "replication,x\r\n0,1\r\n", hourly: nil, file: "old") }
    }
}
