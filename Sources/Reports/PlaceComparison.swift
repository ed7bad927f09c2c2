import AmbulanceService
import MonteCarlo
import Statistics

/// B - A per hospital, per zone and per day: `comparison_hospitals.csv`,
/// `comparison_zones.csv` and `comparison_daily.csv` beside `comparison.csv`. Paired by
/// replication when both results kept their replications' breakdowns and ran the same
/// replications with the same seed (scenario files run by `compare`, and `impact`);
/// otherwise (two run folders) Welch intervals from the two folders' tables.
public enum PlaceComparison {
    public static let files = ["comparison_hospitals.csv", "comparison_zones.csv", "comparison_daily.csv"]
    static let keys = [["hospital"], ["zone"], ["day", "date"]]
    static let kpis = [Breakdowns.hospitalKPIs, Breakdowns.zoneKPIs, Breakdowns.dailyKPIs]
    static let tail = ["kpi", "unit", "a_mean", "b_mean", "diff_mean", "diff_ci95_low", "diff_ci95_high", "paired", "n"]

    static func csv(_ table: Int, _ rows: [(key: [String], kpi: String, difference: Difference?)]) -> String {
        var csv = CSVWriter(header: keys[table] + tail)
        for row in rows {
            guard let d = row.difference else { continue }
            csv.append(row.key + [row.kpi, Number.unit(of: row.kpi)] + [d.meanA, d.meanB, d.mean, d.low, d.high].map(Number.text)
                       + [d.paired ? "true" : "false", String(d.count)])
        }
        return csv.text
    }

    /// Whether `a` and `b` carry their replications' breakdowns, for the same replications.
    public static func canPair(_ a: ExperimentResult, _ b: ExperimentResult, sameSeed: Bool) -> Bool {
        sameSeed && a.indices == b.indices && !a.outcomes.isEmpty
            && a.outcomes.allSatisfy { $0.breakdowns != nil } && b.outcomes.allSatisfy { $0.breakdowns != nil }
    }

    /// The three files, paired by replication (see `canPair`).
    public static func paired(_ a: ExperimentResult, _ b: ExperimentResult, start: LocalDateTime) -> [(name: String, text: String)] {
        let first = a.outcomes[0].breakdowns!
        func table(_ t: Int, _ pick: (Breakdowns) -> [[Double]], key: (Int) -> [String]) -> String {
            let rows = min(pick(first).count, pick(b.outcomes[0].breakdowns!).count)
            var out: [(key: [String], kpi: String, difference: Difference?)] = []
            for r in 0..<rows {
                for (k, kpi) in kpis[t].enumerated() {
                    let pairs = zip(a.outcomes, b.outcomes).map { (pick($0.breakdowns!)[r][k], pick($1.breakdowns!)[r][k]) }
                        .filter { $0.0.isFinite && $0.1.isFinite }
                    out.append((key(r), kpi, Difference.paired(pairs.map(\.0), pairs.map(\.1))))
                }
            }
            return csv(t, out)
        }
        return [
            (files[0], table(0, \.hospitals) { [first.hospitalNames[$0]] }),
            (files[1], table(1, \.zones) { [first.zoneNames[$0]] }),
            (files[2], table(2, \.days) { [String($0 + 1), start.date.adding(days: first.firstDay + $0).description] }),
        ]
    }

    /// The three files from two run folders' `hospitals.csv`, `zones.csv` and `daily.csv`
    /// texts (in that order): Welch intervals from each cell's mean, sd and n.
    public static func welch(a: [String], b: [String]) throws(RunFiles.ReadFailure) -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        for t in 0..<3 {
            let ta = try cells(a[t], key: keys[t].count), tb = try cells(b[t], key: keys[t].count)
            let byKey = Dictionary(tb.map { ($0.key + [$0.kpi], $0) }, uniquingKeysWith: { first, _ in first })
            let rows = ta.map { x -> (key: [String], kpi: String, difference: Difference?) in
                guard let y = byKey[x.key + [x.kpi]] else { return (x.key, x.kpi, nil) }
                return (x.key, x.kpi, Difference.welch(meanA: x.mean, sdA: x.sd, countA: x.n, meanB: y.mean, sdB: y.sd, countB: y.n))
            }
            out.append((files[t], csv(t, rows)))
        }
        return out
    }

    static func cells(_ text: String, key: Int) throws(RunFiles.ReadFailure) -> [(key: [String], kpi: String, mean: Double, sd: Double, n: Int)] {
        let rows: [[String]]
        do { rows = try CSVReader.records(text) } catch { throw RunFiles.ReadFailure(message: "\(error)") }
        return try rows.dropFirst().map { row throws(RunFiles.ReadFailure) in
            guard row.count == key + 7, let n = Int(row[key + 6]), let mean = Number.parse(row[key + 2]), let sd = Number.parse(row[key + 3]) else {
                throw RunFiles.ReadFailure(message: "a breakdown row does not read: \(row.joined(separator: ","))")
            }
            return (Array(row[..<key]), row[key], mean, sd, n)
        }
    }
}
