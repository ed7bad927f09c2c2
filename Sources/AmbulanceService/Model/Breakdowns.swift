import DES
import Statistics

/// What one replication measured per hospital, per zone and per counted day: the
/// planner's view of design section 4. Values are aligned with the KPI name lists; NaN
/// where a KPI is undefined (no handover at a hospital, no C1 call in a zone). Calls and
/// handovers count as the service KPIs do: after the warm-up, before the run-out.
public struct Breakdowns: Sendable, Equatable {
    public static let hospitalKPIs = [
        "ambulance_arrivals_count", "handover_count", "handover_mean_min", "handover_p90_min", "handover_over_15_share",
        "handover_over_30_share", "handover_over_60_share", "handover_hours_lost", "job_cycles_lost",
        "ambulances_queueing_mean", "ambulances_queueing_peak", "crew_releases_count",
    ]
    public static let zoneKPIs: [String] = ["calls_count", "visitor_calls_count"] + CallCategory.allCases.flatMap { c in
        ["c\(c.rawValue)_responded_count", "c\(c.rawValue)_response_mean_min", "c\(c.rawValue)_response_p90_min",
         "c\(c.rawValue)_within_standard_share"]
    }
    public static let dailyKPIs = [
        "calls_count", "c1_response_mean_min", "c2_response_mean_min", "c3_response_mean_min", "c4_response_mean_min",
        "handover_hours_lost", "paper_or_offline_share", "backlog_records",
        "dispatch_down_share", "nhs111_down_share", "divert_share", "capacity_cut_share", "fleet_loss_share",
    ]

    /// [hospital][KPI], [zone][KPI], [counted day][KPI].
    public var hospitals: [[Double]]
    public var zones: [[Double]]
    public var days: [[Double]]
    /// The first counted day, in days after the scenario's start date.
    public var firstDay: Int
    public var hospitalNames: [String]
    public var zoneNames: [String]

    public init(hospitals: [[Double]], zones: [[Double]], days: [[Double]], firstDay: Int, hospitalNames: [String], zoneNames: [String]) {
        self.hospitals = hospitals
        self.zones = zones
        self.days = days
        self.firstDay = firstDay
        self.hospitalNames = hospitalNames
        self.zoneNames = zoneNames
    }
}

/// The model's collection of the per-hospital and per-zone measures (the per-day ones come
/// from the hourly arrays at the end). Its own state, fed by the handlers through small
/// calls. Response and handover samples are not kept twice: the service's own samples are
/// tagged with their zone or hospital (4 bytes each, nothing with one zone or one hospital)
/// and split at the end.
struct BreakdownCollector {
    let hospitalCount: Int
    let zoneCount: Int
    var hospitalArrivals: [Int]
    /// The hospital of each of the service's counted handovers, in order (empty with one).
    var handoverHospital: [Int32] = []
    var crewReleases: [Int]
    /// Ambulances waiting at each hospital for a space (crews held), over time.
    var queue: [TimeWeightedStatistic]
    var queuePeak: [Double]
    var queueAtWarmUp: [Double]
    var queueAtCountEnd: [Double]?
    var zoneCalls: [Int]
    var zoneVisitorCalls: [Int]
    /// The zone of each of the service's counted responses, by category (empty with one zone).
    var responseZone: [[Int32]] = [[], [], [], []]

    init(hospitals: Int, zones: Int) {
        hospitalCount = hospitals
        zoneCount = zones
        hospitalArrivals = Array(repeating: 0, count: hospitals)
        crewReleases = Array(repeating: 0, count: hospitals)
        queue = Array(repeating: TimeWeightedStatistic(), count: hospitals)
        queuePeak = Array(repeating: 0, count: hospitals)
        queueAtWarmUp = Array(repeating: 0, count: hospitals)
        zoneCalls = Array(repeating: 0, count: zones)
        zoneVisitorCalls = Array(repeating: 0, count: zones)
    }

    /// Room for the tags of `responses` responses by category and `handovers` handovers.
    mutating func reserve(responses: [Int], handovers: Int) {
        if zoneCount > 1 { for c in 0..<4 { responseZone[c].reserveCapacity(responses[c]) } }
        if hospitalCount > 1 { handoverHospital.reserveCapacity(handovers) }
    }

    /// A counted call, or a counted visitor call, in zone `z` (with one zone: the service's counts).
    @inline(__always)
    mutating func noteCall(zone z: Int) { if zoneCount > 1 { zoneCalls[z] += 1 } }
    @inline(__always)
    mutating func noteVisitorCall(zone z: Int) { if zoneCount > 1 { zoneVisitorCalls[z] += 1 } }

    /// A counted response of category `c` (0-based) in zone `z` was added to the service's.
    @inline(__always)
    mutating func noteResponse(category c: Int, zone z: Int32) {
        if zoneCount > 1 { responseZone[c].append(z) }
    }

    /// A counted handover at hospital `h` was added to the service's.
    @inline(__always)
    mutating func noteHandover(hospital h: Int32) {
        if hospitalCount > 1 { handoverHospital.append(h) }
    }

    /// The queue at hospital `h` changes by `delta` at `t` (counted: after the warm-up).
    mutating func queueChanges(hospital h: Int, by delta: Double, at t: Double, counted: Bool) {
        queue[h].record(queue[h].value + delta, at: t)
        if counted { queuePeak[h] = max(queuePeak[h], queue[h].value) }
    }

    mutating func warmUpEnds(at t: Double) {
        for h in queue.indices {
            queueAtWarmUp[h] = queue[h].integral(upTo: t)
            queuePeak[h] = queue[h].value
        }
    }

    mutating func countEnds(at t: Double) { queueAtCountEnd = queue.map { $0.integral(upTo: t) } }

    /// `samples` split by `tags` into `groups` groups, each in the samples' order.
    static func split(_ samples: [Double], by tags: [Int32], into groups: Int) -> [[Double]] {
        guard groups > 1 else { return [samples] }
        var counts = [Int](repeating: 0, count: groups)
        for t in tags { counts[Int(t)] += 1 }
        var out = counts.map { n -> [Double] in var a: [Double] = []; a.reserveCapacity(n); return a }
        for (x, t) in zip(samples, tags) { out[Int(t)].append(x) }
        return out
    }

    /// The service's samples split by place, in their original order: responses by
    /// category then zone, handovers by hospital (empty where there is one place).
    struct Split {
        var responsesByZone: [[[Double]]]
        var handoversByHospital: [[Double]]
    }

    func split(responses: [[Double]], handovers: [Double]) -> Split {
        Split(responsesByZone: zoneCount == 1 ? [] : (0..<4).map { Self.split(responses[$0], by: responseZone[$0], into: zoneCount) },
              handoversByHospital: hospitalCount == 1 ? [] : Self.split(handovers, by: handoverHospital, into: hospitalCount))
    }

    /// The per-hospital and per-zone tables from the split samples; `countedMinutes` is the
    /// length of the counted period, `end` the time its integrals run to when the run-out
    /// has not been reached, `jobCycleMean` the service's mean job cycle (for job cycles
    /// lost). With one hospital or one zone its sample is the service's, and so are its
    /// statistics: they are taken from `service` (the replication's KPI values). Mutating:
    /// the split samples are reordered by the centile selections.
    func tables(_ split: consuming Split, countedMinutes: Double, end: Double, jobCycleMean: Double,
                standards: [Double], service: [Double]) -> (hospitals: [[Double]], zones: [[Double]]) {

        func serviceValue(_ kpi: String) -> Double { service[ReplicationOutcome.kpiNames.firstIndex(of: kpi)!] }
        var hospitals: [[Double]] = []
        if hospitalCount == 1 {
            let queueIntegral = (queueAtCountEnd?[0] ?? queue[0].integral(upTo: end)) - queueAtWarmUp[0]
            hospitals.append([Double(hospitalArrivals[0])]
                             + ["handover_count", "handover_mean_min", "handover_p90_min", "handover_over_15_share", "handover_over_30_share",
                                "handover_over_60_share", "handover_hours_lost", "job_cycles_lost"].map(serviceValue)
                             + [countedMinutes > 0 ? queueIntegral / countedMinutes : .nan, queuePeak[0], Double(crewReleases[0])])
        }
        for h in 0..<(hospitalCount == 1 ? 0 : hospitalCount) {
            let s = KPICollector.handoverStatistics(split.handoversByHospital[h])
            let n = Double(split.handoversByHospital[h].count)
            let share = { (count: Int) in n == 0 ? Double.nan : Double(count) / n }
            let queueIntegral = (queueAtCountEnd?[h] ?? queue[h].integral(upTo: end)) - queueAtWarmUp[h]
            hospitals.append([
                Double(hospitalArrivals[h]), n, s.mean, KPICollector.centile(&split.handoversByHospital[h], 0.9),
                share(s.over15), share(s.over30), share(s.over60), s.hoursLost, jobCycleMean.isNaN ? .nan : s.hoursLost / (jobCycleMean / 60),
                countedMinutes > 0 ? queueIntegral / countedMinutes : .nan, queuePeak[h], Double(crewReleases[h]),
            ])
        }
        var zones: [[Double]] = []
        if zoneCount == 1 {
            zones.append([serviceValue("calls_count"), serviceValue("visitor_calls_count")] + CallCategory.allCases.flatMap { c in
                ["_responded_count", "_response_mean_min", "_response_p90_min", "_within_standard_share"].map { serviceValue("c\(c.rawValue)" + $0) }
            })
            return (hospitals, zones)
        }
        for z in 0..<zoneCount {
            var row = [Double(zoneCalls[z]), Double(zoneVisitorCalls[z])]
            for c in 0..<4 {
                let count = split.responsesByZone[c][z].count
                let within = count == 0 ? Double.nan : Double(split.responsesByZone[c][z].count { $0 <= standards[c] }) / Double(count)
                let mean = KPICollector.mean(split.responsesByZone[c][z])
                row += [Double(count), mean, KPICollector.centile(&split.responsesByZone[c][z], 0.9), within]
            }
            zones.append(row)
        }
        return (hospitals, zones)
    }
}
