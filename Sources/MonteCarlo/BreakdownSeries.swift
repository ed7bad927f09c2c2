import AmbulanceService
import Statistics

/// The per-hospital, per-zone and per-day tables across replications, folded one
/// replication at a time in replication order (Welford), so memory does not grow with the
/// number of replications and the result is the same for any thread count. Each cell gives
/// the mean, standard deviation, 95% confidence interval of the mean and n (replications
/// where the value is defined); centiles across replications would need every value kept,
/// so these tables have none.
public struct BreakdownSeries: Sendable, Equatable {
    /// One table: rows x KPIs cells.
    public struct Table: Sendable, Equatable {
        public private(set) var rows = 0
        let kpis: Int
        var count: [Int] = []
        var mean: [Double] = []
        var m2: [Double] = []

        init(kpis: Int) { self.kpis = kpis }

        mutating func add(_ values: [[Double]]) {
            if values.count > rows {
                let more = (values.count - rows) * kpis
                count += Array(repeating: 0, count: more)
                mean += Array(repeating: 0, count: more)
                m2 += Array(repeating: 0, count: more)
                rows = values.count
            }
            for (r, row) in values.enumerated() {
                for (k, x) in row.enumerated() where x.isFinite {
                    let i = r * kpis + k
                    count[i] += 1
                    let delta = x - mean[i]
                    mean[i] += delta / Double(count[i])
                    m2[i] += delta * (x - mean[i])
                }
            }
        }

        /// Mean, sd, 95% interval and n of row `r`, KPI `k` (t critical values kept in `critical`).
        public func statistics(row r: Int, kpi k: Int, critical: inout HourlySeries.CriticalValues)
            -> (mean: Double, sd: Double, low: Double, high: Double, n: Int) {
            let i = r * kpis + k
            let n = count[i]
            guard n > 0 else { return (.nan, .nan, .nan, .nan, 0) }
            guard n > 1 else { return (mean[i], 0, .nan, .nan, 1) }
            let sd = (m2[i] / Double(n - 1)).squareRoot()
            let half = critical.value(count: n) * sd / Double(n).squareRoot()
            return (mean[i], sd, mean[i] - half, mean[i] + half, n)
        }
    }

    public private(set) var hospitals = Table(kpis: Breakdowns.hospitalKPIs.count)
    public private(set) var zones = Table(kpis: Breakdowns.zoneKPIs.count)
    public private(set) var days = Table(kpis: Breakdowns.dailyKPIs.count)
    /// The first counted day, in days after the scenario's start date.
    public private(set) var firstDay = 0
    public private(set) var hospitalNames: [String] = []
    public private(set) var zoneNames: [String] = []

    public init() {}

    /// Folds in the next replication's tables (the caller keeps replication order).
    public mutating func add(_ b: Breakdowns) {
        hospitals.add(b.hospitals)
        zones.add(b.zones)
        days.add(b.days)
        firstDay = b.firstDay
        hospitalNames = b.hospitalNames
        zoneNames = b.zoneNames
    }
}
