import AmbulanceService
import Statistics

/// Hour-by-hour statistics across replications, folded one replication at a time in
/// replication order (Welford's running mean and variance), so memory does not grow with
/// the number of replications and the result is the same for any thread count.
public struct HourlySeries: Sendable {
    /// The hourly quantities, in file order.
    public static let names = ["arrivals_count", "visitor_arrivals_count", "vehicles_available_mean", "vehicles_rostered_mean",
                               "handover_queue_mean", "c1_response_mean_min", "c2_response_mean_min", "c3_response_mean_min",
                               "c4_response_mean_min", "handover_hours_lost", "backlog_records", "paper_or_offline_share"]

    /// Hours by quantities.
    var grid = RunningGrid(columns: names.count)
    public var hours: Int { grid.rows }

    public init() {}

    static func values(_ h: HourlyRecord) -> [Double] {
        [Double(h.arrivals), Double(h.visitorArrivals), h.vehiclesAvailable, h.vehiclesRostered, h.handoverQueue,
         h.responseMeanMinutes[0], h.responseMeanMinutes[1], h.responseMeanMinutes[2], h.responseMeanMinutes[3],
         h.handoverHoursLost, Double(h.backlogRecords), h.recordMode == .electronic ? 0 : 1]
    }

    /// Folds in the next replication's hours (the caller keeps replication order).
    public mutating func add(_ hourly: [HourlyRecord]) {
        grid.extend(to: hourly.count)
        for (h, record) in hourly.enumerated() { grid.add(row: h, Self.values(record)) }
    }

    /// Mean, 95% confidence interval of the mean (t, n - 1 df) and n for hour `h`, quantity `j`.
    public func statistics(hour h: Int, quantity j: Int) -> (mean: Double, low: Double, high: Double, n: Int) {
        var critical = RunningGrid.CriticalValues()
        return statistics(hour: h, quantity: j, critical: &critical)
    }

    /// As `statistics(hour:quantity:)`, with the t critical values kept in `critical`.
    public func statistics(hour h: Int, quantity j: Int, critical: inout RunningGrid.CriticalValues) -> (mean: Double, low: Double, high: Double, n: Int) {
        let s = grid.statistics(row: h, column: j, critical: &critical)
        return (s.mean, s.low, s.high, s.n)
    }
}
