import DES

/// What a replication measures: the KPI samples and counts, the per-hospital and per-zone
/// breakdowns, the time-weighted fleet and queue statistics, the hourly series, the
/// optional call and handover traces, and the integrals at the warm-up and at the start
/// of the run-out. It observes; it never decides: the mechanisms report to it, and
/// nothing in it is read back to choose what happens next.
struct Measurement {
    let warmUp: Double
    /// Calls arriving from here on (the run-out) are not counted.
    let countEnd: Double
    let horizon: Double

    var kpi = KPICollector()
    /// Per hospital and per zone (the planner's view).
    var breakdown: BreakdownCollector
    var available = TimeWeightedStatistic()
    var rostered = TimeWeightedStatistic()
    var onDutyIncludingOverrun = TimeWeightedStatistic()
    var hospitalQueue = TimeWeightedStatistic()
    var hourly: [HourlyRecord] = []
    var callTraces: [CallTrace] = []
    var handoverTraces: [HandoverTrace] = []
    var hourArrivals: [Int32]
    var hourVisitorArrivals: [Int32]
    var hourResponseSum: [Double]
    var hourResponseCount: [Int32]
    var hourHoursLost: [Double]
    /// Running integrals at the end of the previous hour (for hourly averages).
    var lastHourIntegrals = (available: 0.0, rostered: 0.0, queue: 0.0)
    /// Running integrals at the end of the warm-up (for KPI averages after it).
    var warmUpIntegrals = (available: 0.0, onDuty: 0.0)
    var warmUpDone = false
    /// Running integrals at the start of the run-out (KPI averages end there).
    var countEndIntegrals: (available: Double, onDuty: Double)? = nil

    init(configuration c: ServiceConfiguration) {
        warmUp = c.warmUpMinutes
        countEnd = c.countEndMinutes
        horizon = c.horizonMinutes
        breakdown = BreakdownCollector(hospitals: c.hospitals.count, zones: c.zones.count)
        let hours = Int((c.horizonMinutes / 60).rounded(.up))
        hourArrivals = Array(repeating: 0, count: hours)
        hourVisitorArrivals = Array(repeating: 0, count: hours)
        hourResponseSum = Array(repeating: 0, count: hours * 4)
        hourResponseCount = Array(repeating: 0, count: hours * 4)
        hourHoursLost = Array(repeating: 0, count: hours)
        hourly.reserveCapacity(hours)
    }

    /// Room for every response and handover the demand is expected to bring, so that the
    /// samples are not copied as they grow (at most 8 million each).
    mutating func reserve(_ c: ServiceConfiguration) {
        let expected = min(c.expectedCalls() * 1.05, 8e6)
        for (i, category) in c.categories.enumerated() { kpi.responses[i].reserveCapacity(Int(expected * category.share)) }
        kpi.handovers.reserveCapacity(Int(expected * 0.7))
        breakdown.reserve(responses: c.categories.map { Int(expected * $0.share) }, handovers: Int(expected * 0.7))
    }

    /// Called before every event: closes the warm-up and opens the run-out when `now` passes them.
    @inline(__always)
    mutating func advance(to now: Double) {
        if !warmUpDone && now >= warmUp { finishWarmUp(at: warmUp) }
        if countEndIntegrals == nil && now >= countEnd && countEnd < horizon {
            countEndIntegrals = (available.integral(upTo: countEnd), onDutyIncludingOverrun.integral(upTo: countEnd))
            breakdown.countEnds(at: countEnd)
        }
    }

    /// The time-weighted statistics run over the whole horizon (for the hourly series);
    /// KPIs after the warm-up are differences from this snapshot.
    mutating func finishWarmUp(at t: Double) {
        warmUpDone = true
        warmUpIntegrals = (available.integral(upTo: t), onDutyIncludingOverrun.integral(upTo: t))
        breakdown.warmUpEnds(at: t)
    }

    /// A call or shift overrun at `t` is measured: after the warm-up, before the run-out.
    @inline(__always)
    func isCounted(_ t: Double) -> Bool { t >= warmUp && t < countEnd }

    /// Minutes of [a, b] inside the counted period [warm-up, run-out).
    @inline(__always)
    func countedMinutes(from a: Double, to b: Double) -> Double { max(0, min(b, countEnd) - max(a, warmUp)) }

    /// Closes hour `h` at `now`: its averages of the time-weighted statistics, its arrivals,
    /// responses and hours lost, and the state the hour ended in.
    mutating func closeHour(_ h: Int, at now: Double, recordMode: RecordMode, backlog: Int, disruptions: DisruptionsInForce) {
        let length = now - Double(h) * 60
        let a = available.integral(upTo: now), r = rostered.integral(upTo: now), q = hospitalQueue.integral(upTo: now)
        var responses = [Double](repeating: .nan, count: 4)
        for c in 0..<4 where hourResponseCount[h * 4 + c] > 0 {
            responses[c] = hourResponseSum[h * 4 + c] / Double(hourResponseCount[h * 4 + c])
        }
        hourly.append(HourlyRecord(
            hour: h, arrivals: Int(hourArrivals[h]), visitorArrivals: Int(hourVisitorArrivals[h]),
            vehiclesAvailable: length > 0 ? (a - lastHourIntegrals.available) / length : available.value,
            vehiclesRostered: length > 0 ? (r - lastHourIntegrals.rostered) / length : rostered.value,
            handoverQueue: length > 0 ? (q - lastHourIntegrals.queue) / length : hospitalQueue.value,
            responseMeanMinutes: responses, handoverHoursLost: hourHoursLost[h], recordMode: recordMode,
            backlogRecords: backlog))
        hourly[hourly.count - 1].disruptions = disruptions
        lastHourIntegrals = (a, r, q)
    }

    /// The per-hospital, per-zone and per-day tables. A day is a calendar day of the
    /// scenario's clock with at least one counted hour; its values come from its counted
    /// hours: calls arriving, responses of calls arriving then, handover hours lost by the
    /// hour the handover ended, the share of hours with paper or offline records in
    /// force, and the backlog at the end of its last counted hour.
    func breakdowns(_ split: consuming BreakdownCollector.Split, end: Double, jobCycleMean: Double, service: [Double],
                    configuration: ServiceConfiguration) -> Breakdowns {
        let counted = max(0, min(end, countEnd) - warmUp)
        let places = breakdown.tables(split, countedMinutes: counted, end: min(end, countEnd), jobCycleMean: jobCycleMean,
                                      standards: CallCategory.allCases.map(\.standard90thCentileMinutes), service: service)
        let startMinute = configuration.start.minuteOfDay
        var days: [[Double]] = []
        var firstDay = -1, currentDay = -1
        var calls = 0.0, sums = [Double](repeating: 0, count: 4), counts = [Double](repeating: 0, count: 4)
        var lost = 0.0, paperHours = 0.0, hours = 0.0, backlog = 0.0
        var kindHours = [Double](repeating: 0, count: DisruptionsInForce.kinds.count)
        func close() {
            guard currentDay >= 0 else { return }
            days.append([calls] + (0..<4).map { counts[$0] > 0 ? sums[$0] / counts[$0] : .nan }
                        + [lost, hours > 0 ? paperHours / hours : .nan, backlog] + kindHours.map { hours > 0 ? $0 / hours : .nan })
        }
        for h in 0..<min(hourly.count, hourArrivals.count) where isCounted(Double(h) * 60) {
            let day = (startMinute + h * 60) / 1440
            if day != currentDay {
                close()
                if firstDay < 0 { firstDay = day }
                currentDay = day
                calls = 0; sums = [0, 0, 0, 0]; counts = [0, 0, 0, 0]; lost = 0; paperHours = 0; hours = 0
                kindHours = kindHours.map { _ in 0 }
            }
            calls += Double(hourArrivals[h])
            for c in 0..<4 {
                sums[c] += hourResponseSum[h * 4 + c]
                counts[c] += Double(hourResponseCount[h * 4 + c])
            }
            lost += hourHoursLost[h]
            hours += 1
            if hourly[h].recordMode != .electronic { paperHours += 1 }
            for (k, kind) in DisruptionsInForce.kinds.enumerated() where hourly[h].disruptions.contains(kind) { kindHours[k] += 1 }
            backlog = Double(hourly[h].backlogRecords)
        }
        close()
        return Breakdowns(hospitals: places.hospitals, zones: places.zones, days: days, firstDay: max(0, firstDay),
                          hospitalNames: configuration.hospitals.map(\.name), zoneNames: configuration.zones.map(\.name))
    }

}
