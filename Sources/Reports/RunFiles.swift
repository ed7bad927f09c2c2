import AmbulanceService
import MonteCarlo
import Statistics

/// The CSV files of a run folder, built from an experiment's result. Column and row
/// order are fixed; numbers are written so that they read back exactly.
public enum RunFiles {
    public static let summaryHeader = ["kpi", "unit", "mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95", "min", "max", "n"]

    /// `replications.csv`: one row per replication, one column per KPI, then events.
    public static func replications(_ r: ExperimentResult) -> String { replicationsFile(r).text }

    /// `replications.csv` produced 1,024 rows at a time as it is written.
    public static func replicationsFile(_ r: ExperimentResult) -> ResultFile {
        ResultFile("replications.csv") { write in
            var csv = CSVWriter(header: ["replication"] + ReplicationOutcome.kpiNames + ["events"])
            for (n, (i, o)) in zip(r.indices, r.outcomes).enumerated() {
                csv.append([String(i)] + o.values.map(Number.text) + [String(o.events)])
                if n % 1024 == 1023 { try write(csv.takeText()) }
            }
            try write(csv.takeText())
        }
    }

    /// `summary.csv`: one row per KPI over the replications where it is defined.
    public static func summary(_ r: ExperimentResult) -> String {
        var csv = CSVWriter(header: summaryHeader)
        for (k, name) in ReplicationOutcome.kpiNames.enumerated() {
            csv.append(summaryRow(name, Summary(r.values(of: k).filter(\.isFinite))))
        }
        return csv.text
    }

    /// `kpi, unit, mean, ci95_low, ci95_high, n` for every KPI (the rows of sweep files).
    public static func intervalRows(_ r: ExperimentResult) -> [[String]] {
        ReplicationOutcome.kpiNames.enumerated().map { k, name in
            guard let s = Summary(r.values(of: k).filter(\.isFinite)) else { return [name, Number.unit(of: name), "", "", "", "0"] }
            let (lo, hi) = s.count > 1 ? s.confidenceInterval() : (.nan, .nan)
            return [name, Number.unit(of: name), Number.text(s.mean), Number.text(lo), Number.text(hi), String(s.count)]
        }
    }

    static func summaryRow(_ name: String, _ s: Summary?) -> [String] {
        guard let s else { return [name, Number.unit(of: name)] + Array(repeating: "", count: 9) + ["0"] }
        let (lo, hi) = s.confidenceInterval()
        return [name, Number.unit(of: name)] + [s.mean, s.standardDeviation, lo, hi, s.quantile(0.05), s.quantile(0.5), s.quantile(0.95),
                                                s.minimum, s.maximum].map(Number.text) + [String(s.count)]
    }

    /// `timeseries.csv`: for each hour and hourly quantity, the mean across replications
    /// and its 95% confidence band.
    public static func timeseries(_ r: ExperimentResult, start: LocalDateTime) -> String {
        String(decoding: timeseriesBytes(r, start: start), as: UTF8.self)
    }

    /// `timeseries.csv` as a result file (its bytes written as they are).
    public static func timeseriesFile(_ r: ExperimentResult, start: LocalDateTime) -> ResultFile {
        ResultFile("timeseries.csv", utf8: timeseriesBytes(r, start: start))
    }

    static func timeseriesBytes(_ r: ExperimentResult, start: LocalDateTime) -> [UInt8] {
        // About 60 bytes a row (hour, date-time, name, three numbers, n).
        var csv = CSVWriter(header: ["hour", "start", "kpi", "mean", "ci95_low", "ci95_high", "n"],
                            reservingBytes: r.series.hours * HourlySeries.names.count * 64)
        var critical = RunningGrid.CriticalValues()
        for h in 0..<r.series.hours {
            let when = start.adding(minutes: h * 60).description
            for (j, name) in HourlySeries.names.enumerated() {
                let s = r.series.statistics(hour: h, quantity: j, critical: &critical)
                csv.appendField(h, first: true)
                csv.appendField(when)
                csv.appendField(name)
                csv.appendField(s.mean)
                csv.appendField(s.low)
                csv.appendField(s.high)
                csv.appendField(s.n)
                csv.endRecord()
            }
        }
        return csv.utf8
    }

    static let hourlyHeader = ["replication", "hour", "arrivals", "visitor_arrivals", "vehicles_available", "vehicles_rostered",
                               "handover_queue", "c1_response_mean_min", "c2_response_mean_min", "c3_response_mean_min",
                               "c4_response_mean_min", "handover_hours_lost", "record_mode", "backlog_records"]

    /// `hourly_replications.csv` (shards only): every replication's hourly series, so that
    /// `merge` can rebuild `timeseries.csv` exactly.
    public static func hourlyReplications(_ r: ExperimentResult) -> String {
        var csv = CSVWriter(header: hourlyHeader)
        for (i, o) in zip(r.indices, r.outcomes) {
            for h in o.hourly {
                csv.append([String(i), String(h.hour), String(h.arrivals), String(h.visitorArrivals), Number.text(h.vehiclesAvailable),
                            Number.text(h.vehiclesRostered), Number.text(h.handoverQueue)] + h.responseMeanMinutes.map(Number.text)
                           + [Number.text(h.handoverHoursLost), h.recordMode.description, String(h.backlogRecords)])
            }
        }
        return csv.text
    }

    /// `calls.csv`: every call of one replication.
    public static func calls(_ calls: [CallTrace], start: LocalDateTime) -> String {
        var csv = CSVWriter(header: ["call", "arrival_min", "arrival", "zone_index", "category", "disposition", "response_min", "vehicles", "counted"])
        for (i, c) in calls.enumerated() {
            csv.append([String(i), Number.text(c.arrivalMinutes), start.adding(minutes: Int(c.arrivalMinutes.rounded(.down))).description,
                        String(c.zone), c.category.description, c.disposition?.description ?? "open",
                        c.responseMinutes.map(Number.text) ?? "", String(c.vehicles), c.counted ? "true" : "false"])
        }
        return csv.text
    }

    /// `handovers.csv`: every handover of one replication.
    public static func handovers(_ handovers: [HandoverTrace], hospitals: [String], start: LocalDateTime) -> String {
        var csv = CSVWriter(header: ["arrival_min", "arrival", "hospital", "handover_min", "record_mode", "released", "counted"])
        for h in handovers {
            csv.append([Number.text(h.arrivalMinutes), start.adding(minutes: Int(h.arrivalMinutes.rounded(.down))).description,
                        hospitals[h.hospital], Number.text(h.minutes), h.recordMode.description, h.released ? "true" : "false",
                        h.counted ? "true" : "false"])
        }
        return csv.text
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads `replications.csv` (and `hourly_replications.csv` when given) back into a result.
    public static func read(replications text: String, hourly hourlyText: String?, file: String) throws(ReadFailure) -> ExperimentResult {
        let records: [[String]]
        do { records = try CSVReader.records(text) } catch { throw ReadFailure(message: "\(file): \(error)") }
        let header = ["replication"] + ReplicationOutcome.kpiNames + ["events"]
        guard records.first == header else {
            throw ReadFailure(message: "\(file): not an ambsim replications.csv of this version (columns differ); re-run the scenario")
        }
        var indices: [Int] = []
        var outcomes: [ReplicationOutcome] = []
        for (n, row) in records.dropFirst().enumerated() {
            guard row.count == header.count, let i = Int(row[0]), let events = Int(row[header.count - 1]) else {
                throw ReadFailure(message: "\(file): line \(n + 2) is not a replication row")
            }
            var values: [Double] = []
            for cell in row[1..<(header.count - 1)] {
                guard let v = Number.parse(cell) else { throw ReadFailure(message: "\(file): line \(n + 2): '\(cell)' is not a number") }
                values.append(v)
            }
            indices.append(i)
            outcomes.append(ReplicationOutcome(values: values, hourly: [], events: events))
        }
        if let hourlyText {
            let rows: [[String]]
            do { rows = try CSVReader.records(hourlyText) } catch { throw ReadFailure(message: "\(file): hourly: \(error)") }
            guard rows.first == hourlyHeader else { throw ReadFailure(message: "\(file): hourly_replications.csv has other columns") }
            var position: [Int: Int] = [:]
            for (p, i) in indices.enumerated() { position[i] = p }
            for (n, row) in rows.dropFirst().enumerated() {
                let numbers = row.map { Number.parse($0) }
                guard row.count == hourlyHeader.count, let i = Int(row[0]), let p = position[i], let h = Int(row[1]),
                      let mode = RecordMode.allCases.first(where: { $0.description == row[12] }),
                      let arrivals = Int(row[2]), let visitors = Int(row[3]), let backlog = Int(row[13]),
                      numbers[4...11].allSatisfy({ $0 != nil }) else {
                    throw ReadFailure(message: "\(file): hourly_replications.csv line \(n + 2) is malformed")
                }
                outcomes[p].hourly.append(HourlyRecord(
                    hour: h, arrivals: arrivals, visitorArrivals: visitors, vehiclesAvailable: numbers[4]!, vehiclesRostered: numbers[5]!,
                    handoverQueue: numbers[6]!, responseMeanMinutes: [numbers[7]!, numbers[8]!, numbers[9]!, numbers[10]!],
                    handoverHoursLost: numbers[11]!, recordMode: mode, backlogRecords: backlog))
            }
        }
        return ExperimentResult(indices: indices, outcomes: outcomes)
    }
}
