import AmbulanceService

/// One published indicator set against the model KPI that measures the same thing, like for
/// like: response times over incidents with a vehicle on scene (AmbSYS A24-A38 count only
/// those, as the model's response KPIs do), incidents including hear-and-treat (A7), and
/// shares of counts.
public struct Indicator: Sendable {
    public enum Kind: Sendable {
        /// Published in seconds, compared in minutes; relative tolerance.
        case minutes
        /// Incidents; relative tolerance.
        case count
        /// A share of incidents, 0-1; absolute tolerance (in share units).
        case share
    }

    /// The model KPI (`c2_response_mean_min`) or derived share (`hear_and_treat_share`).
    public let kpi: String
    /// The published code, or the ratio of codes (`A17/A7`).
    public let aqiCode: String
    public let kind: Kind
    let numerator: [String]
    let denominator: [String]

    /// The observed value in the model's unit, or nil when a code it needs is not available.
    public func observed(in row: AmbSYSRow) -> Double? {
        var top = 0.0
        for code in numerator {
            guard let v = row.value(code) else { return nil }
            top += v
        }
        switch kind {
        case .minutes: return top / 60
        case .count: return top
        case .share:
            var bottom = 0.0
            for code in denominator {
                guard let v = row.value(code) else { return nil }
                bottom += v
            }
            return bottom > 0 ? top / bottom : nil
        }
    }

    /// The default tolerance (issue 9): 15% relative for times and counts, 3 percentage
    /// points for shares.
    public var defaultTolerance: Double { kind == .share ? 0.03 : 0.15 }

    /// Every indicator the backtest knows, in table order. Those whose KPI the model does
    /// not produce (C1T before vehicle types exist) are left out by `available`.
    public static let all: [Indicator] = {
        func time(_ kpi: String, _ code: String) -> Indicator { Indicator(kpi: kpi, aqiCode: code, kind: .minutes, numerator: [code], denominator: []) }
        func share(_ kpi: String, _ top: String, _ bottom: [String]) -> Indicator {
            let code = bottom.count == 1 ? "\(top)/\(bottom[0])" : "\(top)/(\(bottom.joined(separator: "+")))"
            return Indicator(kpi: kpi, aqiCode: code, kind: .share, numerator: [top], denominator: bottom)
        }
        let responded = ["A8", "A10", "A11", "A12"]
        return [
            Indicator(kpi: "calls_count", aqiCode: "A7", kind: .count, numerator: ["A7"], denominator: []),
            time("c1_response_mean_min", "A25"), time("c1_response_p90_min", "A26"),
            time("c1t_response_mean_min", "A28"), time("c1t_response_p90_min", "A29"),
            time("c2_response_mean_min", "A31"), time("c2_response_p90_min", "A32"),
            time("c3_response_mean_min", "A34"), time("c3_response_p90_min", "A35"),
            time("c4_response_mean_min", "A37"), time("c4_response_p90_min", "A38"),
            share("hear_and_treat_share", "A17", ["A7"]), share("see_and_treat_share", "A55", ["A7"]),
            share("conveyed_ed_share", "A53", ["A7"]), share("conveyed_elsewhere_share", "A54", ["A7"]),
            share("c1_responded_share", "A8", responded), share("c2_responded_share", "A10", responded),
            share("c3_responded_share", "A11", responded), share("c4_responded_share", "A12", responded),
        ]
    }()

    /// The indicators whose KPI the model produces.
    public static var available: [Indicator] { all.filter { ReplicationOutcome.reader(for: $0.kpi) != nil } }
}
