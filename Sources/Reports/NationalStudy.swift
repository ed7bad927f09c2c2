import Statistics

/// The results of a study (`ambsim study`): every trust's replications of its baseline (A)
/// and the shared disruption (B), and the national table, per trust and England, of the
/// baseline, the disruption and B - A with a paired 95% interval (common random numbers:
/// replication r of both arms ran the same seeds).
///
/// England is formed as AmbSYS forms it from the trusts (NHS England's AQI specification):
/// a mean response is total seconds over total incidents, so England's is the trusts' means
/// weighted by their responded incidents; a count or a sum of hours is the trusts' sum.
/// Replication r of England combines replication r of every trust (the trusts are
/// independent services, each with its own seeds). A 90th centile is not formed for England:
/// it needs every incident's time, which the trusts' summaries do not carry.
public enum NationalStudy {
    /// One KPI of the table and how England combines it.
    public struct Measure: Sendable {
        public let kpi: String
        /// The count that weights it (nil: a sum across trusts).
        public let weight: String?
        /// False: shown per trust, not formed for England.
        public let national: Bool
    }

    public static let measures: [Measure] = [
        Measure(kpi: "calls_count", weight: nil, national: true),
        Measure(kpi: "c1_response_mean_min", weight: "c1_responded_count", national: true),
        Measure(kpi: "c2_response_mean_min", weight: "c2_responded_count", national: true),
        Measure(kpi: "c2_response_p90_min", weight: nil, national: false),
        Measure(kpi: "c3_response_mean_min", weight: "c3_responded_count", national: true),
        Measure(kpi: "handover_mean_min", weight: "handover_count", national: true),
        Measure(kpi: "handover_hours_lost", weight: nil, national: true),
    ]

    /// The KPIs a replication row keeps: the measures and their weights.
    public static let kept: [String] = {
        var k: [String] = []
        for m in measures {
            if !k.contains(m.kpi) { k.append(m.kpi) }
            if let w = m.weight, !k.contains(w) { k.append(w) }
        }
        return k
    }()

    /// One replication of one arm of one trust.
    public struct Row: Sendable, Equatable {
        public let org: String
        public let arm: String   // "baseline" or "disruption"
        public let replication: Int
        public let values: [Double]   // aligned with `kept`
        public init(org: String, arm: String, replication: Int, values: [Double]) {
            self.org = org
            self.arm = arm
            self.replication = replication
            self.values = values
        }
    }

    public static let replicationsHeader = ["trust", "arm", "replication"] + kept

    /// The rows as CSV, in the order given (the caller sorts: trust, arm, replication).
    public static func replicationsCSV(_ rows: [Row]) -> String {
        var w = CSVWriter(header: replicationsHeader)
        for r in rows { w.append([r.org, r.arm, String(r.replication)] + r.values.map(Number.text)) }
        return w.text
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads what `replicationsCSV` wrote (a part's file, or several parts' rows).
    public static func rows(fromCSV text: String, file: String) throws(ReadFailure) -> [Row] {
        let records: [(line: Int, fields: [String])]
        do { records = try CSVReader.numberedRecords(text) } catch { throw ReadFailure(message: "\(file), \(error.description)") }
        guard records.first?.fields == replicationsHeader else {
            throw ReadFailure(message: "\(file): not a study's replications (its header is not \(replicationsHeader.joined(separator: ",")))")
        }
        var rows: [Row] = []
        for (line, f) in records.dropFirst() {
            guard f.count == replicationsHeader.count, ["baseline", "disruption"].contains(f[1]), let r = Int(f[2]) else {
                throw ReadFailure(message: "\(file), line \(line): a damaged row (trust, arm baseline or disruption, replication, \(kept.count) values)")
            }
            var values: [Double] = []
            for (i, s) in f.dropFirst(3).enumerated() {
                guard let v = Number.parse(s) else { throw ReadFailure(message: "\(file), line \(line), \(kept[i]): '\(s)' is not a number ambsim writes") }
                values.append(v)
            }
            rows.append(Row(org: f[0], arm: f[1], replication: r, values: values))
        }
        return rows
    }

    /// The national table as CSV: per trust (in `orgs` order) then England, per measure, the
    /// baseline and disruption means, B - A and its paired 95% interval, the replications.
    /// Every (trust, arm, replication) in 0..<replications must be present exactly once.
    public static func table(_ rows: [Row], orgs: [String], affected: Set<String>, replications: Int) throws(ReadFailure) -> String {
        var byKey: [String: Row] = [:]
        for r in rows {
            let key = "\(r.org)|\(r.arm)|\(r.replication)"
            guard byKey[key] == nil else { throw ReadFailure(message: "\(r.org) \(r.arm) replication \(r.replication) appears twice: a part was merged twice") }
            byKey[key] = r
        }
        for org in orgs {
            for arm in ["baseline", "disruption"] {
                let missing = (0..<replications).filter { byKey["\(org)|\(arm)|\($0)"] == nil }
                if !missing.isEmpty {
                    throw ReadFailure(message: "\(org) \(arm): replications \(missing.prefix(10).map(String.init).joined(separator: ", "))\(missing.count > 10 ? " ..." : "") are missing: a part did not finish")
                }
            }
        }
        if byKey.count != orgs.count * 2 * replications {
            throw ReadFailure(message: "rows for trusts or replications outside the study (\(byKey.count) rows where the study has \(orgs.count * 2 * replications))")
        }
        func value(_ org: String, _ arm: String, _ r: Int, _ kpi: String) -> Double {
            byKey["\(org)|\(arm)|\(r)"]!.values[kept.firstIndex(of: kpi)!]
        }
        var w = CSVWriter(header: ["trust", "affected", "kpi", "baseline_mean", "disruption_mean", "difference", "ci95_low", "ci95_high", "replications"])
        func add(_ name: String, _ isAffected: String, _ kpi: String, _ a: [Double], _ b: [Double]) {
            let pairs = zip(a, b).filter { $0.0.isFinite && $0.1.isFinite }
            guard let d = Difference.paired(pairs.map(\.0), pairs.map(\.1)) else {
                w.append([name, isAffected, kpi, "", "", "", "", "", "0"])
                return
            }
            w.append([name, isAffected, kpi, Number.text(d.meanA), Number.text(d.meanB), Number.text(d.mean), Number.text(d.low), Number.text(d.high), String(d.count)])
        }
        for org in orgs {
            for m in measures {
                add(org, affected.contains(org) ? "yes" : "no", m.kpi,
                    (0..<replications).map { value(org, "baseline", $0, m.kpi) }, (0..<replications).map { value(org, "disruption", $0, m.kpi) })
            }
        }
        for m in measures where m.national {
            func england(_ arm: String) -> [Double] {
                (0..<replications).map { r in
                    if let weight = m.weight {
                        var total = 0.0, count = 0.0
                        for org in orgs {
                            let n = value(org, arm, r, weight), x = value(org, arm, r, m.kpi)
                            if n > 0 && x.isFinite { total += n * x; count += n }
                        }
                        return count > 0 ? total / count : .nan
                    }
                    return orgs.reduce(0) { $0 + value($1, arm, r, m.kpi) }
                }
            }
            add("England", orgs.allSatisfy(affected.contains) ? "yes" : "part", m.kpi, england("baseline"), england("disruption"))
        }
        return w.text
    }
}
