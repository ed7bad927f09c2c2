import DES
import Stochastics

extension ServiceModel {
    mutating func hourEnds(_ h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let start = Double(h) * 60
        let length = now - start
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
            responseMeanMinutes: responses, handoverHoursLost: hourHoursLost[h], recordMode: mode,
            backlogRecords: backlogWaiting + backlogInProgress))
        hourly[hourly.count - 1].disruptions = disruptions.kinds
        lastHourIntegrals = (a, r, q)
        if h + 1 < hourArrivals.count {
            calendar.schedule(.hourEnds(index: Int32(h + 1)), at: min(Double(h + 2) * 60, horizon), priority: EventPriority.hourEnd)
        }
    }

    /// Hours cohort areas were open in the counted period, those still open counted to `end`.
    func cohortHours(until end: Double) -> Double {
        var minutes = kpi.cohortOpenMinutes
        for opened in cohortOpenedAt { if let opened { minutes += countedMinutes(from: opened, to: end) } }
        return minutes / 60
    }

    /// Hours surge vehicles were on duty in the counted period, those still on counted to `end`.
    func surgeVehicleHours(until end: Double) -> Double {
        var minutes = kpi.surgeVehicleMinutes
        for i in 0..<surgeOnDuty { minutes += countedMinutes(from: surgeSince[i], to: end) }
        return minutes / 60
    }

    /// The per-hospital, per-zone and per-day tables. A day is a calendar day of the
    /// scenario's clock with at least one counted hour; its values come from its counted
    /// hours: calls arriving, responses of calls arriving then, handover hours lost by the
    /// hour the handover ended, the share of hours with paper or offline records in
    /// force, and the backlog at the end of its last counted hour.
    func breakdowns(_ split: consuming BreakdownCollector.Split, end: Double, jobCycleMean: Double, service: [Double]) -> Breakdowns {
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

    /// The KPIs at the end of the horizon. Responses to calls still open then are missing
    /// from the response statistics (they are counted in `calls_open_at_end_count`).
    /// Mutating: the samples are reordered in place by the centile selections, once the
    /// breakdowns have been split off them in their original order.
    mutating func outcome(events: Int) -> ReplicationOutcome {
        let end = horizon
        let places = breakdown.split(responses: kpi.responses, handovers: kpi.handovers)
        var values: [Double] = [Double(kpi.calls)]
        for c in CallCategory.allCases {
            let i = c.rawValue - 1
            let n = kpi.responses[i].count
            let within = n == 0 ? Double.nan : Double(kpi.responses[i].count { $0 <= c.standard90thCentileMinutes }) / Double(n)
            let mean = KPICollector.mean(kpi.responses[i])
            let centiles = KPICollector.centiles(&kpi.responses[i], [0.5, 0.9])
            values += [Double(kpi.categoryCalls[i]), Double(n), mean, centiles[0], centiles[1], within]
        }
        if hasCars {
            values += [Double(kpi.c1tResponses.count), KPICollector.mean(kpi.c1tResponses), KPICollector.centile(&kpi.c1tResponses, 0.9)]
        } else {
            values += [values[2], values[3], values[5]]   // C1's responded count, mean and 90th centile
        }
        let decided = kpi.dispositions.reduce(0, +)
        let h = KPICollector.handoverStatistics(kpi.handovers)
        let handoverMean = h.mean, handoverP90 = KPICollector.centile(&kpi.handovers, 0.9)
        let n = Double(kpi.handovers.count)
        let share = { (limit: Double) in n == 0 ? Double.nan : Double(limit == 15 ? h.over15 : limit == 30 ? h.over30 : h.over60) / n }
        let hoursLost = h.hoursLost
        let jobCycleMean = kpi.jobCycles > 0 ? kpi.jobCycleSum / Double(kpi.jobCycles) : .nan
        let atCountEnd = countEndIntegrals ?? (available.integral(upTo: end), onDutyIncludingOverrun.integral(upTo: end))
        let onDuty = atCountEnd.onDuty - warmUpIntegrals.onDuty
        let idle = atCountEnd.available - warmUpIntegrals.available
        let remaining = backlogWaiting + backlogInProgress
        let clearHours: Double
        if let restored = restorationTime {
            clearHours = ((backlogClearedAt ?? end) - restored) / 60
        } else {
            clearHours = kpi.backlogPeak == 0 ? 0 : .nan
        }
        values += [Double(kpi.dispositions[0]), Double(kpi.dispositions[1]), Double(kpi.dispositions[2]), Double(kpi.dispositions[3]),
                   Double(kpi.calls - decided - kpi.abandoned), Double(kpi.closedByReview), Double(kpi.recategorised), Double(kpi.abandoned), Double(kpi.retasks), Double(kpi.visitorCalls),
                   n, handoverMean, handoverP90, share(15), share(30), share(60),
                   hoursLost, jobCycleMean.isNaN ? .nan : hoursLost / (jobCycleMean / 60),
                   Double(kpi.crewReleases), cohortHours(until: end), surgeVehicleHours(until: end), jobCycleMean, onDuty > 0 ? 1 - idle / onDuty : .nan, Double(kpi.waitingOver60),
                   kpi.overrunMinutes / 60, Double(kpi.paperRecords), Double(kpi.defectiveRecords), kpi.backEntryMinutes / 60,
                   Double(kpi.backlogPeak), Double(remaining), clearHours,
                   Double(kpi.manualDispatchCalls), Double(kpi.redirectedCalls), Double(kpi.hearAndTreatLost),
                   Double(kpi.divertedConveyances), kpi.divertedConveyances > 0 ? kpi.divertExtraMinutes / Double(kpi.divertedConveyances) : .nan,
                   offRoadHours(until: end), h.hoursBeyond30]
        precondition(values.count == ReplicationOutcome.kpiNames.count, "KPI values \(values.count) != names \(ReplicationOutcome.kpiNames.count)")
        var outcome = ReplicationOutcome(values: values, hourly: hourly, events: events)
        outcome.breakdowns = breakdowns(places, end: end, jobCycleMean: jobCycleMean, service: values)
        if configuration.recordCalls {
            var traces = callTraces
            // Calls still waiting for their first vehicle at the end (slots not yet reached on scene).
            for c in calls.liveItems where c.firstOnScene < 0 {
                traces.append(CallTrace(arrivalMinutes: c.arrival, zone: Int(c.zone), category: c.category, disposition: nil,
                                        responseMinutes: nil, vehicles: Int(c.vehiclesNeeded), counted: c.counted))
            }
            outcome.calls = traces.sorted { $0.arrivalMinutes < $1.arrivalMinutes }
            outcome.handovers = handoverTraces
        }
        return outcome
    }
}

/// A configuration, once its uncertain inputs were drawn for a replication, broke a rule
/// (an uncertain value's range reaches outside what the parameter allows), or its run was
/// stopped because the service could not work at all (`heading` says which).
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let replication: Int
    public let problems: [ConfigurationProblem]
    public var heading = "the sampled configuration is invalid"

    public init(replication: Int, problems: [ConfigurationProblem], heading: String = "the sampled configuration is invalid") {
        self.replication = replication
        self.problems = problems
        self.heading = heading
    }

    public var description: String {
        "replication \(replication): \(heading): " + problems.map(\.description).joined(separator: "; ")
    }
}

/// Runs one replication of a configuration.
public enum ServiceSimulation {
    /// Resolves the uncertain inputs for `replication`, runs the model over the horizon and
    /// returns what it measured. Throws when the sampled configuration breaks a rule.
    public static func run(configuration: ServiceConfiguration, seedPlan: SeedPlan, replication: Int) throws(ConfigurationError) -> ReplicationOutcome {
        let resolved = configuration.resolved(seedPlan: seedPlan, replication: replication)
        let problems = resolved.problems()
        guard problems.isEmpty else { throw ConfigurationError(replication: replication, problems: problems) }
        var model = ServiceModel(validated: resolved, seedPlan: seedPlan, replication: replication)
        var calendar = EventCalendar<ServiceEvent>(reservingCapacity: 1024)
        model.start(calendar: &calendar)
        let events = calendar.run(&model, until: resolved.horizonMinutes)
        if let minute = model.overwhelmedAtMinutes {
            throw ConfigurationError(replication: replication, problems: [ConfigurationProblem(
                path: "demand", message: "more than \(ServiceModel.maximumOpenCalls) calls were open at once by day \(Int(minute / 1440) + 1): the fleet cannot answer this demand at all, so the run was stopped rather than run out of memory; check the demand and the fleet (fleet_scale, rosters, fleet_availability)")], heading: "the run was stopped")
        }
        return model.outcome(events: events)
    }
}
