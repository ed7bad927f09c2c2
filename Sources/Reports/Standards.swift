import AmbulanceService
import MonteCarlo
import Statistics

/// The national standards a run is judged against, at a glance: `standards.csv` and the
/// block `run` and `impact` print. For each, the model's mean across replications with its
/// 95% confidence interval, whether the mean meets the standard, and whether the interval
/// says so with confidence (it lies wholly on one side of the threshold).
public enum Standards {
    public struct Standard: Sendable {
        /// Short name, snake_case.
        public var name: String
        /// The KPI it reads (a column of replications.csv).
        public var kpi: String
        /// Met when the KPI is at most this.
        public var threshold: Double
        /// How a planner says it.
        public var text: String
        /// Printed as the share within (1 - the KPI, a share over), as the standard says it.
        public var printsComplement = false
    }

    /// ARP response standards (NHS England, 2017; commonslibrary.parliament.uk CDP-2025-0042)
    /// and the NHS Standard Contract 2022/23 handover standards (65% within 15 minutes, 95%
    /// within 30, all within 60; ../shared/calibration.md) [M].
    public static let all: [Standard] = [
        Standard(name: "c1_mean", kpi: "c1_response_mean_min", threshold: 7, text: "C1 mean <= 7 min"),
        Standard(name: "c1_90th", kpi: "c1_response_p90_min", threshold: 15, text: "C1 90th centile <= 15 min"),
        Standard(name: "c2_mean", kpi: "c2_response_mean_min", threshold: 18, text: "C2 mean <= 18 min"),
        Standard(name: "c2_90th", kpi: "c2_response_p90_min", threshold: 40, text: "C2 90th centile <= 40 min"),
        Standard(name: "c3_90th", kpi: "c3_response_p90_min", threshold: 120, text: "C3 90th centile <= 120 min"),
        Standard(name: "c4_90th", kpi: "c4_response_p90_min", threshold: 180, text: "C4 90th centile <= 180 min"),
        Standard(name: "handover_65pc_within_15", kpi: "handover_over_15_share", threshold: 0.35, text: "handovers within 15 min >= 65%",
                 printsComplement: true),
        Standard(name: "handover_95pc_within_30", kpi: "handover_over_30_share", threshold: 0.05, text: "handovers within 30 min >= 95%",
                 printsComplement: true),
        Standard(name: "handover_none_over_60", kpi: "handover_over_60_share", threshold: 0, text: "handovers over 60 min: none"),
    ]

    /// One standard judged on a result.
    public struct Verdict: Sendable {
        public var standard: Standard
        public var mean: Double
        public var low: Double
        public var high: Double
        public var count: Int
        /// The mean meets the standard (nil when the KPI is undefined in every replication).
        public var met: Bool? { count > 0 ? mean <= standard.threshold : nil }
        /// The 95% interval lies wholly on the side of the threshold the mean is on.
        public var certain: Bool {
            guard let met, count > 1 else { return false }
            return met ? high <= standard.threshold : low > standard.threshold
        }
    }

    public static func verdicts(_ r: ExperimentResult) -> [Verdict] {
        all.map { standard in
            let k = ReplicationOutcome.kpiNames.firstIndex(of: standard.kpi)!
            guard let s = Summary(r.values(of: k).filter(\.isFinite)) else {
                return Verdict(standard: standard, mean: .nan, low: .nan, high: .nan, count: 0)
            }
            let (lo, hi) = s.count > 1 ? s.confidenceInterval() : (.nan, .nan)
            return Verdict(standard: standard, mean: s.mean, low: lo, high: hi, count: s.count)
        }
    }

    public static let header = ["standard", "kpi", "unit", "threshold", "model_mean", "model_ci95_low", "model_ci95_high", "n", "met", "certain"]

    /// `standards.csv`: one row per standard.
    public static func csv(_ r: ExperimentResult) -> String {
        var csv = CSVWriter(header: header)
        for v in verdicts(r) {
            csv.append([v.standard.name, v.standard.kpi, Number.unit(of: v.standard.kpi), Number.text(v.standard.threshold),
                        Number.text(v.mean), Number.text(v.low), Number.text(v.high), String(v.count),
                        v.met.map { $0 ? "true" : "false" } ?? "", v.certain ? "true" : "false"])
        }
        return csv.text
    }

    /// The printed block: one line per standard.
    public static func block(_ r: ExperimentResult, label: String) -> String {
        var lines = ["National standards, \(label) (mean across replications, 95% interval):"]
        for v in verdicts(r) {
            let isShare = v.standard.kpi.hasSuffix("_share"), flip = v.standard.printsComplement
            func show(_ x: Double) -> String {
                isShare ? Number.fixed((flip ? 1 - x : x) * 100, places: 1) + "%" : Number.fixed(x, places: 1)
            }
            let (low, high) = flip ? (v.high, v.low) : (v.low, v.high)
            let value = v.count == 0 ? "-" : show(v.mean) + (v.count > 1 ? " [\(show(low)), \(show(high))]" : "")
            let verdict = v.met.map { $0 ? (v.certain ? "met" : "met (interval reaches the threshold)")
                                         : (v.certain ? "NOT met" : "not met (interval reaches the threshold)") } ?? "no data"
            lines.append("  " + v.standard.text.padded(to: 34) + value.padded(to: 26) + verdict)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// This text and spaces to `width` characters (at least one space).
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(1, width - count)) }
}
