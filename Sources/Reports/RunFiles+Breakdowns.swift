import AmbulanceService
import MonteCarlo

/// The planner's view: `hospitals.csv`, `zones.csv` and `daily.csv`, one row per place (or
/// day) and KPI, with the statistics across replications of `BreakdownSeries`; and, for
/// shards, `breakdown_replications.csv`, every replication's values, so that `merge`
/// folds them again in replication order.
extension RunFiles {
    static let breakdownStatistics = ["mean", "sd", "ci95_low", "ci95_high", "n"]

    /// The three files, in the order they are written.
    public static func breakdownFiles(_ r: ExperimentResult, start: LocalDateTime) -> [ResultFile] {
        let b = r.breakdowns
        var critical = RunningGrid.CriticalValues()
        // Field by field, the row's label and each KPI's unit made once (as timeseries.csv).
        func table(_ t: RunningGrid, key: [String], kpis: [String], label: (Int) -> [String]) -> String {
            var csv = CSVWriter(header: key + ["kpi", "unit"] + breakdownStatistics)
            let units = kpis.map(Number.unit(of:))
            for row in 0..<t.rows {
                let fields = label(row)
                for (k, kpi) in kpis.enumerated() {
                    let s = t.statistics(row: row, column: k, critical: &critical)
                    for (f, field) in fields.enumerated() { csv.appendField(field, first: f == 0) }
                    csv.appendField(kpi)
                    csv.appendField(units[k])
                    csv.appendField(s.mean)
                    csv.appendField(s.sd)
                    csv.appendField(s.low)
                    csv.appendField(s.high)
                    csv.appendField(s.n)
                    csv.endRecord()
                }
            }
            return csv.text
        }
        return [
            ResultFile("hospitals.csv", text: table(b.hospitals, key: ["hospital"], kpis: Breakdowns.hospitalKPIs) { [b.hospitalNames[$0]] }),
            ResultFile("zones.csv", text: table(b.zones, key: ["zone"], kpis: Breakdowns.zoneKPIs) { [b.zoneNames[$0]] }),
            ResultFile("daily.csv", text: table(b.days, key: ["day", "date"], kpis: Breakdowns.dailyKPIs) {
                [String($0 + 1), start.date.adding(days: b.firstDay + $0).description]
            }),
        ]
    }

    static let breakdownReplicationsHeader = ["replication", "table", "row", "entity", "kpi", "value"]

    /// `breakdown_replications.csv`: every replication's breakdown values (run folders, so
    /// that `compare` can pair them; shards, so that `merge` can fold them).
    public static func breakdownReplications(_ r: ExperimentResult) -> String {
        var csv = CSVWriter(header: breakdownReplicationsHeader)
        for (i, o) in zip(r.indices, r.outcomes) {
            if let b = o.breakdowns { appendBreakdownRows(i, b, to: &csv) }
        }
        return csv.text
    }

    /// The header line of `breakdown_replications.csv`, and one replication's rows: for
    /// writing the file a replication at a time.
    public static var breakdownReplicationsHeaderLine: String { CSVWriter(header: breakdownReplicationsHeader).text }

    public static func breakdownRows(_ i: Int, _ b: Breakdowns) -> String {
        var csv = CSVWriter(header: breakdownReplicationsHeader)
        _ = csv.takeText()
        appendBreakdownRows(i, b, to: &csv)
        return csv.text
    }

    static func appendBreakdownRows(_ i: Int, _ b: Breakdowns, to csv: inout CSVWriter) {
        func rows(_ table: String, _ values: [[Double]], _ kpis: [String], _ entity: (Int) -> String) {
            for (row, v) in values.enumerated() {
                let name = entity(row)
                for (k, x) in v.enumerated() {
                    csv.appendField(i, first: true)
                    csv.appendField(table)
                    csv.appendField(row)
                    csv.appendField(name)
                    csv.appendField(kpis[k])
                    csv.appendField(x)
                    csv.endRecord()
                }
            }
        }
        rows("hospital", b.hospitals, Breakdowns.hospitalKPIs) { b.hospitalNames[$0] }
        rows("zone", b.zones, Breakdowns.zoneKPIs) { b.zoneNames[$0] }
        rows("day", b.days, Breakdowns.dailyKPIs) { _ in String(b.firstDay) }
    }

    /// Puts the values of `breakdown_replications.csv` back on the outcomes of `r` (read
    /// from the same shard) and refolds the series.
    public static func readBreakdowns(_ text: String, into r: ExperimentResult, file: String) throws(ReadFailure) -> ExperimentResult {
        let rows: [[String]]
        do { rows = try CSVReader.records(text) } catch { throw ReadFailure(message: "\(file): breakdowns: \(error)") }
        guard rows.first == breakdownReplicationsHeader else { throw ReadFailure(message: "\(file): breakdown_replications.csv has other columns") }
        var position: [Int: Int] = [:]
        for (p, i) in r.indices.enumerated() { position[i] = p }
        var tables = r.outcomes.map { _ in Breakdowns(hospitals: [], zones: [], days: [], firstDay: 0, hospitalNames: [], zoneNames: []) }
        var filled = r.outcomes.map { _ in 0 }   // cells written per replication
        var written = Set<String>()
        let kpiIndex = [("hospital", Breakdowns.hospitalKPIs), ("zone", Breakdowns.zoneKPIs), ("day", Breakdowns.dailyKPIs)]
        for (n, row) in rows.dropFirst().enumerated() {
            guard row.count == 6, let i = Int(row[0]), let p = position[i], let r = Int(row[2]), r >= 0,
                  let kpis = kpiIndex.first(where: { $0.0 == row[1] })?.1, let k = kpis.firstIndex(of: row[4]), let x = Number.parse(row[5]) else {
                throw ReadFailure(message: "\(file): breakdown_replications.csv line \(n + 2) is malformed")
            }
            guard written.insert("\(i),\(row[1]),\(r),\(k)").inserted else {
                throw ReadFailure(message: "\(file): breakdown_replications.csv line \(n + 2) repeats replication \(i)'s \(row[1]) \(r) \(row[4])")
            }
            filled[p] += 1
            func put(_ m: inout [[Double]]) {
                while m.count <= r { m.append(Array(repeating: .nan, count: kpis.count)) }
                m[r][k] = x
            }
            switch row[1] {
            case "hospital":
                put(&tables[p].hospitals)
                while tables[p].hospitalNames.count <= r { tables[p].hospitalNames.append("") }
                tables[p].hospitalNames[r] = row[3]
            case "zone":
                put(&tables[p].zones)
                while tables[p].zoneNames.count <= r { tables[p].zoneNames.append("") }
                tables[p].zoneNames[r] = row[3]
            default:
                put(&tables[p].days)
                tables[p].firstDay = Int(row[3]) ?? 0
            }
        }
        // Every replication of replications.csv has every cell, in tables of one shape:
        // a replication missing (or cut short) is named, not left for a reader to trap on.
        if !tables.isEmpty {
            let shape = [tables.map(\.hospitals.count).max()!, tables.map(\.zones.count).max()!, tables.map(\.days.count).max()!]
            let cells = shape[0] * Breakdowns.hospitalKPIs.count + shape[1] * Breakdowns.zoneKPIs.count + shape[2] * Breakdowns.dailyKPIs.count
            for (p, t) in tables.enumerated() where [t.hospitals.count, t.zones.count, t.days.count] != shape || filled[p] != cells {
                throw ReadFailure(message: "\(file): breakdown_replications.csv lacks rows of replication \(r.indices[p]) (it has \(filled[p]) of the \(cells) values every replication has): it was cut or edited; rerun that folder")
            }
        }
        var outcomes = r.outcomes
        for p in outcomes.indices { outcomes[p].breakdowns = tables[p] }
        return ExperimentResult(indices: r.indices, outcomes: outcomes)
    }
}
