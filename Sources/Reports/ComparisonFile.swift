import AmbulanceService
import MonteCarlo
import Statistics

/// The difference B - A for every KPI of two results: paired when both ran the same
/// replications with the same master seed (common random numbers), Welch otherwise.
public struct Comparison: Sendable {
    public struct Row: Sendable {
        public var kpi: String
        public var difference: Difference?
        /// Each side's mean over its replications where the KPI is defined (NaN: nowhere),
        /// reported even when no difference is (a KPI defined in only one run).
        public var meanA = Double.nan
        public var meanB = Double.nan
    }

    public var rows: [Row]
    public var paired: Bool

    public init(a: ExperimentResult, b: ExperimentResult, sameSeed: Bool) {
        let isPaired = sameSeed && a.indices == b.indices
        paired = isPaired
        rows = ReplicationOutcome.kpiNames.enumerated().map { k, name in
            let x = a.values(of: k), y = b.values(of: k)
            var row: Row
            if isPaired {
                let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
                row = Row(kpi: name, difference: Difference.paired(pairs.map(\.0), pairs.map(\.1)))
            } else {
                row = Row(kpi: name, difference: Difference.welch(x.filter(\.isFinite), y.filter(\.isFinite)))
            }
            row.meanA = Summary(x.filter(\.isFinite))?.mean ?? .nan
            row.meanB = Summary(y.filter(\.isFinite))?.mean ?? .nan
            return row
        }
    }

    public static let header = ["kpi", "unit", "a_mean", "b_mean", "diff_mean", "diff_ci95_low", "diff_ci95_high", "relative_change", "paired", "n"]

    /// `comparison.csv`.
    public var csv: String {
        var csv = CSVWriter(header: Self.header)
        for row in rows {
            guard let d = row.difference else {
                csv.append([row.kpi, Number.unit(of: row.kpi), Number.text(row.meanA), Number.text(row.meanB), "", "", "", "", paired ? "true" : "false", "0"])
                continue
            }
            csv.append([row.kpi, Number.unit(of: row.kpi)] + [d.meanA, d.meanB, d.mean, d.low, d.high, d.relativeChange].map(Number.text)
                       + [d.paired ? "true" : "false", String(d.count)])
        }
        return csv.text
    }

    /// A readable table of the KPIs a planner looks at first (or all with `all`).
    public func table(labelA: String, labelB: String, all: Bool = false) -> String {
        let headline = ["calls_count", "c1_response_mean_min", "c1_response_p90_min", "c2_response_mean_min", "c2_response_p90_min",
                        "c3_response_p90_min", "c4_response_p90_min", "conveyed_ed_count", "see_and_treat_count", "handover_mean_min",
                        "handover_over_30_share", "handover_over_60_share", "handover_hours_lost", "job_cycles_lost", "job_cycle_mean_min",
                        "vehicle_utilisation_share", "calls_waiting_over_60_count", "paper_records_count", "back_entry_hours",
                        "backlog_peak_records", "backlog_clear_hours", "backlog_remaining_records"]
        // Each disruption kind's own KPIs, when either run has any.
        let kinds = ["manual_dispatch_calls_count", "redirected_111_calls_count", "hear_and_treat_lost_count", "diverted_conveyances_count",
                     "divert_extra_travel_mean_min", "off_road_vehicle_hours"].filter { name in
            rows.contains { $0.kpi == name && (($0.meanA.isFinite && $0.meanA != 0) || ($0.meanB.isFinite && $0.meanB != 0)) }
        }
        let chosen = all ? rows : (headline + kinds).compactMap { name in rows.first { $0.kpi == name } }
        var lines = [pad("KPI", 30) + pad(labelA, 14, right: true) + pad(labelB, 14, right: true) + pad("B - A", 12, right: true)
                     + "  95% interval of B - A"]
        for row in chosen {
            guard let d = row.difference else {
                // Defined in one run only (a divert's extra travel): its mean, no difference.
                if row.meanA.isFinite || row.meanB.isFinite {
                    lines.append(pad(row.kpi, 30) + pad(row.meanA.isFinite ? show(row.meanA) : "-", 14, right: true)
                                 + pad(row.meanB.isFinite ? show(row.meanB) : "-", 14, right: true) + pad("-", 12, right: true))
                }
                continue
            }
            lines.append(pad(row.kpi, 30) + pad(show(d.meanA), 14, right: true) + pad(show(d.meanB), 14, right: true)
                         + pad(show(d.mean), 12, right: true) + "  [\(show(d.low)), \(show(d.high))]")
            // A backlog still waiting at the end has not cleared: its clear hours run to the
            // end of the run, and the table says so rather than show them as a time to clear.
            if row.kpi == "backlog_clear_hours", let remaining = rows.first(where: { $0.kpi == "backlog_remaining_records" }),
               max(remaining.meanA.isFinite ? remaining.meanA : 0, remaining.meanB.isFinite ? remaining.meanB : 0) > 0 {
                lines.append("  not cleared by the end of the run: \(show(remaining.meanA)) (\(labelA)) and \(show(remaining.meanB)) (\(labelB)) records still to re-key on average; the hours above run to the end")
            }
        }
        lines.append(paired ? "Paired differences (same seeds: common random numbers), n = \(rows.first?.difference?.count ?? 0) replications."
                            : "Welch intervals (the runs do not share seeds).")
        return lines.joined(separator: "\n")
    }

    /// Fewer decimals for larger numbers.
    func show(_ x: Double) -> String { Number.fixed(x, places: abs(x) >= 100 ? 0 : abs(x) >= 1 ? 2 : 3) }

    func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
