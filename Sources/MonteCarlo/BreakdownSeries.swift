import AmbulanceService
import Statistics

/// The per-hospital, per-zone and per-day tables across replications, each a `RunningGrid`
/// (folded in replication order: memory flat, the same for any thread count). Each cell gives
/// the mean, standard deviation, 95% confidence interval of the mean and n (replications
/// where the value is defined); centiles across replications would need every value kept,
/// so these tables have none.
public struct BreakdownSeries: Sendable, Equatable {
    public private(set) var hospitals = RunningGrid(columns: Breakdowns.hospitalKPIs.count)
    public private(set) var zones = RunningGrid(columns: Breakdowns.zoneKPIs.count)
    public private(set) var days = RunningGrid(columns: Breakdowns.dailyKPIs.count)
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
