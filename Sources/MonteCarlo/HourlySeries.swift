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

    public private(set) var hours = 0
    var count: [Int] = []
    var mean: [Double] = []
    var m2: [Double] = []

    public init() {}

    static func values(_ h: HourlyRecord) -> [Double] {
        [Double(h.arrivals), Double(h.visitorArrivals), h.vehiclesAvailable, h.vehiclesRostered, h.handoverQueue,
         h.responseMeanMinutes[0], h.responseMeanMinutes[1], h.responseMeanMinutes[2], h.responseMeanMinutes[3],
         h.handoverHoursLost, Double(h.backlogRecords), h.recordMode == .electronic ? 0 : 1]
    }

    /// Folds in the next replication's hours (the caller keeps replication order).
    public mutating func add(_ hourly: [HourlyRecord]) {
        let k = Self.names.count
        if hourly.count > hours {
            count += Array(repeating: 0, count: (hourly.count - hours) * k)
            mean += Array(repeating: 0, count: (hourly.count - hours) * k)
            m2 += Array(repeating: 0, count: (hourly.count - hours) * k)
            hours = hourly.count
        }
        for (h, record) in hourly.enumerated() {
            for (j, x) in Self.values(record).enumerated() where x.isFinite {
                let i = h * k + j
                count[i] += 1
                let delta = x - mean[i]
                mean[i] += delta / Double(count[i])
                m2[i] += delta * (x - mean[i])
            }
        }
    }

    /// Mean, 95% confidence interval of the mean (t, n - 1 df) and n for hour `h`, quantity `j`.
    public func statistics(hour h: Int, quantity j: Int) -> (mean: Double, low: Double, high: Double, n: Int) {
        var critical = CriticalValues()
        return statistics(hour: h, quantity: j, critical: &critical)
    }

    /// The t critical values already computed, by sample size (every cell of a run has
    /// nearly the same n, so each is asked of GSL once).
    public struct CriticalValues {
        var byCount: [Int: Double] = [:]
        public init() {}
        public mutating func value(count n: Int) -> Double {
            if let t = byCount[n] { return t }
            let t = Summary.tCritical(degreesOfFreedom: Double(n - 1))
            byCount[n] = t
            return t
        }
    }

    /// As `statistics(hour:quantity:)`, with the t critical values kept in `critical`.
    public func statistics(hour h: Int, quantity j: Int, critical: inout CriticalValues) -> (mean: Double, low: Double, high: Double, n: Int) {
        let i = h * Self.names.count + j
        let n = count[i]
        guard n > 0 else { return (.nan, .nan, .nan, 0) }
        guard n > 1 else { return (mean[i], .nan, .nan, 1) }
        let sd = (m2[i] / Double(n - 1)).squareRoot()
        let half = critical.value(count: n) * sd / Double(n).squareRoot()
        return (mean[i], mean[i] - half, mean[i] + half, n)
    }
}
