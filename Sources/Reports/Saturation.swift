import MonteCarlo
import Statistics

/// Warnings that a run's service is saturated: crews busy nearly all their time on duty,
/// or waits of days. A saturated service's figures depend on how long the run is (the
/// stack grows without bound), so a planner must be told, not shown a table as if it were
/// a steady state. Thresholds are assumptions, stated in the message.
public enum Saturation {
    /// Crews busy at least this share of their on-duty time.
    public static let utilisationThreshold = 0.97
    /// A category's mean response of at least a day.
    public static let waitThresholdMinutes = 1440.0

    public static func warnings(_ result: ExperimentResult, label: String) -> [String] {
        func mean(_ kpi: String) -> Double? {
            Summary(result.outcomes.map { $0[kpi: kpi] }.filter(\.isFinite))?.mean
        }
        var out: [String] = []
        if let u = mean("vehicle_utilisation_share"), u >= utilisationThreshold {
            out.append("\(label): crews are busy \(Number.fixed(u * 100, places: 1))% of their time on duty (at or above \(Int(utilisationThreshold * 100))%): the service is saturated, the stack grows for as long as the run lasts, and the response figures depend on the run's length")
        }
        for c in 1...4 {
            if let m = mean("c\(c)_response_mean_min"), m >= waitThresholdMinutes {
                out.append("\(label): the C\(c) mean response is \(Number.fixed(m / 1440, places: 1)) days (a day or more): calls wait for days, which no service runs; check the fleet against the demand")
            }
        }
        return out
    }
}
