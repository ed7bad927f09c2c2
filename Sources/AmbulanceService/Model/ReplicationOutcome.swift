import Statistics

/// What one replication measured: the KPIs of design section 4 (on calls arriving after the
/// warm-up) and the hourly series over the whole horizon.
public struct ReplicationOutcome: Sendable {
    /// KPI names, snake_case with the unit in the name, in a fixed order.
    public static let kpiNames: [String] = {
        var names = ["calls_count"]
        for c in CallCategory.allCases {
            let p = "c\(c.rawValue)"
            names += ["\(p)_count", "\(p)_responded_count", "\(p)_response_mean_min", "\(p)_response_median_min",
                      "\(p)_response_p90_min", "\(p)_within_standard_share"]
        }
        names += ["c1t_responded_count", "c1t_response_mean_min", "c1t_response_p90_min"]
        names += ["hear_and_treat_count", "see_and_treat_count", "conveyed_ed_count", "conveyed_elsewhere_count",
                  "calls_open_at_end_count", "calls_closed_by_review_count", "calls_recategorised_count", "calls_abandoned_count", "retasks_count", "visitor_calls_count",
                  "handover_count", "handover_mean_min", "handover_p90_min", "handover_over_15_share",
                  "handover_over_30_share", "handover_over_60_share", "handover_hours_lost", "job_cycles_lost",
                  "crew_releases_count", "cohort_open_hours", "surge_vehicle_hours", "job_cycle_mean_min", "vehicle_utilisation_share", "calls_waiting_over_60_count",
                  "shift_overrun_hours", "paper_records_count", "defective_records_count", "back_entry_hours",
                  "backlog_peak_records", "backlog_remaining_records", "backlog_clear_hours",
                  "manual_dispatch_calls_count", "redirected_111_calls_count", "hear_and_treat_lost_count",
                  "diverted_conveyances_count", "divert_extra_travel_mean_min", "off_road_vehicle_hours",
                  // Hours beyond 30 minutes over all handovers: what AmbSYS A147 measures (issue 20).
                  "handover_hours_beyond_30",
                  // Move-up (MoveUp): vehicles moved to cover an empty zone, and the hours they drove to do it.
                  "move_ups_count", "move_up_hours",
                  // Dated resources (`resources:`): crew hours added and withdrawn, space-hours and clinician-hours added.
                  "added_vehicle_hours", "withdrawn_vehicle_hours", "added_space_hours", "added_clinician_hours"]
        return names
    }()

    /// Values aligned with `kpiNames`. NaN where a KPI is undefined (no C1 call, no backlog).
    public var values: [Double]
    public var hourly: [HourlyRecord]
    /// Events the calendar fired.
    public var events: Int
    /// Every call, in arrival order, when the configuration asked to record them.
    public var calls: [CallTrace] = []
    /// Every handover, in the order they ended, when the configuration asked to record calls.
    public var handovers: [HandoverTrace] = []
    /// Per hospital, zone and counted day (`Breakdowns`); nil once folded into a result.
    public var breakdowns: Breakdowns? = nil

    public init(values: [Double], hourly: [HourlyRecord], events: Int) {
        self.values = values
        self.hourly = hourly
        self.events = events
    }

    /// The value of a KPI by name.
    public subscript(kpi name: String) -> Double {
        guard let i = Self.kpiNames.firstIndex(of: name) else { preconditionFailure("unknown KPI \(name)") }
        return values[i]
    }
}

/// One call as it happened.
public struct CallTrace: Sendable, Equatable {
    public var arrivalMinutes: Double
    public var zone: Int
    public var category: CallCategory
    /// Nil when the call was still open at the end.
    public var disposition: Disposition?
    /// Call connect to first vehicle on scene; nil without a vehicle on scene.
    public var responseMinutes: Double?
    public var vehicles: Int
    /// Arrived after the warm-up (counted in the KPIs).
    public var counted: Bool
    /// Call connect to the first ambulance (transport-capable vehicle) on scene; nil without one.
    public var transportResponseMinutes: Double? = nil
    /// Call connect to the patient leaving the scene conveyed; nil when not conveyed.
    public var conveyanceStartMinutes: Double? = nil

    public init(arrivalMinutes: Double, zone: Int, category: CallCategory, disposition: Disposition?, responseMinutes: Double?,
                vehicles: Int, counted: Bool) {
        self.arrivalMinutes = arrivalMinutes
        self.zone = zone
        self.category = category
        self.disposition = disposition
        self.responseMinutes = responseMinutes
        self.vehicles = vehicles
        self.counted = counted
    }
}

/// One handover as it happened.
public struct HandoverTrace: Sendable, Equatable {
    /// Arrival at hospital, minutes from the start.
    public var arrivalMinutes: Double
    public var hospital: Int
    /// Arrival to handover (or to release-to-respond).
    public var minutes: Double
    /// The record mode when the handover ended.
    public var recordMode: RecordMode
    /// The crew was released to respond before the handover.
    public var released: Bool
    public var counted: Bool
}

/// One hour of the horizon.
public struct HourlyRecord: Sendable, Equatable {
    /// Hour index from the start (0 = the first hour).
    public var hour: Int
    public var arrivals: Int
    public var visitorArrivals: Int
    /// Time-averaged vehicles idle and on duty.
    public var vehiclesAvailable: Double
    /// Time-averaged vehicles on duty by roster (overruns excluded).
    public var vehiclesRostered: Double
    /// Time-averaged ambulances waiting at hospitals for an offload slot (crews held).
    public var handoverQueue: Double
    /// Mean response of calls arriving in this hour, by category (NaN when none responded).
    public var responseMeanMinutes: [Double]
    /// Handover hours lost beyond 15 minutes, by the hour the handover ended.
    public var handoverHoursLost: Double
    /// The record mode at the end of the hour.
    public var recordMode: RecordMode
    /// Paper records waiting to be re-keyed at the end of the hour.
    public var backlogRecords: Int
    /// The disruption periods in force at the end of the hour (`DisruptionsInForce`).
    public var disruptions = DisruptionsInForce()

    public init(hour: Int, arrivals: Int, visitorArrivals: Int, vehiclesAvailable: Double, vehiclesRostered: Double, handoverQueue: Double,
                responseMeanMinutes: [Double], handoverHoursLost: Double, recordMode: RecordMode, backlogRecords: Int) {
        self.hour = hour
        self.arrivals = arrivals
        self.visitorArrivals = visitorArrivals
        self.vehiclesAvailable = vehiclesAvailable
        self.vehiclesRostered = vehiclesRostered
        self.handoverQueue = handoverQueue
        self.responseMeanMinutes = responseMeanMinutes
        self.handoverHoursLost = handoverHoursLost
        self.recordMode = recordMode
        self.backlogRecords = backlogRecords
    }
}

/// Running tallies of one replication.
struct KPICollector {
    var calls = 0
    var visitorCalls = 0
    var categoryCalls = [Int](repeating: 0, count: 4)
    var responses: [[Double]] = [[], [], [], []]
    /// C1 call connect to the first ambulance on scene (C1T, AmbSYS A27-A29).
    var c1tResponses: [Double] = []
    var dispositions = [Int](repeating: 0, count: 4)
    var handovers: [Double] = []
    var crewReleases = 0
    var jobCycleSum = 0.0
    var jobCycles = 0
    var waitingOver60 = 0
    var closedByReview = 0
    var recategorised = 0
    var retasks = 0
    var surgeVehicleMinutes = 0.0
    var cohortOpenMinutes = 0.0
    var abandoned = 0
    var overrunMinutes = 0.0
    var paperRecords = 0
    var defectiveRecords = 0
    var backEntryMinutes = 0.0
    var backlogPeak = 0
    // Disruption periods.
    var manualDispatchCalls = 0
    var redirectedCalls = 0
    var hearAndTreatLost = 0
    var divertedConveyances = 0
    var divertExtraMinutes = 0.0
    var offRoadMinutes = 0.0
    // Dated resources.
    var addedVehicleMinutes = 0.0
    var withdrawnVehicleMinutes = 0.0
    // Move-up.
    var moveUps = 0
    var moveUpMinutes = 0.0

    /// ARP-style centile: nearest rank (the smallest value with at least p of the
    /// observations at or below it). Assumption: NHS England's AQI specification does not
    /// state an interpolation rule. Found by selection (GSL), not by sorting; `values` is
    /// reordered.
    static func centile(_ values: inout [Double], _ p: Double) -> Double {
        centiles(&values, [p])[0]
    }

    /// Nearest-rank centiles for `ps` in increasing order, each selection starting above the
    /// one before (the array is left partitioned about each).
    static func centiles(_ values: inout [Double], _ ps: [Double]) -> [Double] {
        guard !values.isEmpty else { return ps.map { _ in .nan } }
        var from = 0
        return ps.map { p in
            let k = min(max(1, Int((p * Double(values.count)).rounded(.up))), values.count) - 1
            precondition(k >= from, "centiles must be asked in increasing order")
            let x = OrderStatistic.select(&values, k, from: from)
            from = k
            return x
        }
    }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    /// A handover sample's mean, counts over 15, 30 and 60 minutes and hours lost beyond 15
    /// (NHS "hours lost"), in one pass; each sum runs in the sample's order, as `mean` does.
    static func handoverStatistics(_ xs: [Double]) -> (mean: Double, over15: Int, over30: Int, over60: Int, hoursLost: Double, hoursBeyond30: Double) {
        var sum = 0.0, lost = 0.0, beyond30 = 0.0
        var over15 = 0, over30 = 0, over60 = 0
        for x in xs {
            sum += x
            lost += max(0, x - 15)
            beyond30 += max(0, x - 30)
            if x > 15 { over15 += 1 }
            if x > 30 { over30 += 1 }
            if x > 60 { over60 += 1 }
        }
        return (xs.isEmpty ? .nan : sum / Double(xs.count), over15, over30, over60, lost / 60, beyond30 / 60)
    }
}
