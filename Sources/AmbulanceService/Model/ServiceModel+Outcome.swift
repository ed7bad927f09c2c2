import DES
import Stochastics

extension ServiceModel {
    mutating func hourEnds(_ h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        measure.closeHour(h, at: calendar.now, recordMode: records.mode, backlog: records.backlog, disruptions: disruptions.kinds)
        if h + 1 < measure.hourArrivals.count {
            calendar.schedule(.hourEnds(index: Int32(h + 1)), at: min(Double(h + 2) * 60, horizon), priority: EventPriority.hourEnd)
        }
    }

    /// The KPIs at the end of the horizon. Responses to calls still open then are missing
    /// from the response statistics (they are counted in `calls_open_at_end_count`).
    /// Mutating: the samples are reordered in place by the centile selections, once the
    /// breakdowns have been split off them in their original order.
    mutating func outcome(events: Int) -> ReplicationOutcome {
        let end = horizon
        let places = measure.breakdown.split(responses: measure.kpi.responses, handovers: measure.kpi.handovers)
        var values: [Double] = [Double(measure.kpi.calls)]
        for c in CallCategory.allCases {
            let i = c.rawValue - 1
            let n = measure.kpi.responses[i].count
            let within = n == 0 ? Double.nan : Double(measure.kpi.responses[i].count { $0 <= c.standard90thCentileMinutes }) / Double(n)
            let mean = KPICollector.mean(measure.kpi.responses[i])
            let centiles = KPICollector.centiles(&measure.kpi.responses[i], [0.5, 0.9])
            values += [Double(measure.kpi.categoryCalls[i]), Double(n), mean, centiles[0], centiles[1], within]
        }
        if fleet.hasCars {
            values += [Double(measure.kpi.c1tResponses.count), KPICollector.mean(measure.kpi.c1tResponses), KPICollector.centile(&measure.kpi.c1tResponses, 0.9)]
        } else {
            values += [values[2], values[3], values[5]]   // C1's responded count, mean and 90th centile
        }
        let decided = measure.kpi.dispositions.reduce(0, +)
        let h = KPICollector.handoverStatistics(measure.kpi.handovers)
        let handoverMean = h.mean, handoverP90 = KPICollector.centile(&measure.kpi.handovers, 0.9)
        let n = Double(measure.kpi.handovers.count)
        let share = { (limit: Double) in n == 0 ? Double.nan : Double(limit == 15 ? h.over15 : limit == 30 ? h.over30 : h.over60) / n }
        let hoursLost = h.hoursLost
        let jobCycleMean = measure.kpi.jobCycles > 0 ? measure.kpi.jobCycleSum / Double(measure.kpi.jobCycles) : .nan
        let atCountEnd = measure.countEndIntegrals ?? (measure.available.integral(upTo: end), measure.onDutyIncludingOverrun.integral(upTo: end))
        let onDuty = atCountEnd.onDuty - measure.warmUpIntegrals.onDuty
        let idle = atCountEnd.available - measure.warmUpIntegrals.available
        let remaining = records.backlog
        let clearHours = records.hoursToClear(end: end, backlogPeak: measure.kpi.backlogPeak)
        let added = addedResourceHours()
        values += [Double(measure.kpi.dispositions[0]), Double(measure.kpi.dispositions[1]), Double(measure.kpi.dispositions[2]), Double(measure.kpi.dispositions[3]),
                   Double(measure.kpi.calls - decided - measure.kpi.abandoned), Double(measure.kpi.closedByReview), Double(measure.kpi.recategorised), Double(measure.kpi.abandoned), Double(measure.kpi.retasks), Double(measure.kpi.visitorCalls),
                   n, handoverMean, handoverP90, share(15), share(30), share(60),
                   hoursLost, jobCycleMean.isNaN ? .nan : hoursLost / (jobCycleMean / 60),
                   Double(measure.kpi.crewReleases), hospitals.cohortHours(until: end, measure: measure), surge.vehicleHours(until: end, measure: measure), jobCycleMean, onDuty > 0 ? 1 - idle / onDuty : .nan, Double(measure.kpi.waitingOver60),
                   measure.kpi.overrunMinutes / 60, Double(measure.kpi.paperRecords), Double(measure.kpi.defectiveRecords), measure.kpi.backEntryMinutes / 60,
                   Double(measure.kpi.backlogPeak), Double(remaining), clearHours,
                   Double(measure.kpi.manualDispatchCalls), Double(measure.kpi.redirectedCalls), Double(measure.kpi.hearAndTreatLost),
                   Double(measure.kpi.divertedConveyances), measure.kpi.divertedConveyances > 0 ? measure.kpi.divertExtraMinutes / Double(measure.kpi.divertedConveyances) : .nan,
                   fleet.offRoadHours(until: end, measure: measure), h.hoursBeyond30,
                   Double(measure.kpi.moveUps), measure.kpi.moveUpMinutes / 60,
                   measure.kpi.addedVehicleMinutes / 60, measure.kpi.withdrawnVehicleMinutes / 60, added.spaces, added.clinicians]
        precondition(values.count == ReplicationOutcome.kpiNames.count, "KPI values \(values.count) != names \(ReplicationOutcome.kpiNames.count)")
        var outcome = ReplicationOutcome(values: values, hourly: measure.hourly, events: events)
        outcome.breakdowns = measure.breakdowns(places, end: end, jobCycleMean: jobCycleMean, service: values, configuration: configuration)
        if configuration.recordCalls {
            var traces = measure.callTraces
            // Calls still waiting for their first vehicle at the end (slots not yet reached on scene).
            for c in calls.liveItems where c.firstOnScene < 0 {
                traces.append(CallTrace(arrivalMinutes: c.arrival, zone: Int(c.zone), category: c.category, disposition: nil,
                                        responseMinutes: nil, vehicles: Int(c.vehiclesNeeded), counted: c.counted))
            }
            outcome.calls = traces.sorted { $0.arrivalMinutes < $1.arrivalMinutes }
            outcome.handovers = measure.handoverTraces
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
        // Rosters are scheduled a shift or a day ahead; keeping events more than six hours
        // off apart leaves the heap the next event comes from a few hundred entries smaller.
        var calendar = EventCalendar<ServiceEvent>(reservingCapacity: 1024, farWindow: 360)
        model.start(calendar: &calendar)
        let events = calendar.run(&model, until: resolved.horizonMinutes)
        if let minute = model.overwhelmedAtMinutes {
            throw ConfigurationError(replication: replication, problems: [ConfigurationProblem(
                path: "demand", message: "more than \(ServiceModel.maximumOpenCalls) calls were open at once by day \(Int(minute / 1440) + 1): the fleet cannot answer this demand at all, so the run was stopped rather than run out of memory; check the demand and the fleet (fleet_scale, rosters, fleet_availability)")], heading: "the run was stopped")
        }
        return model.outcome(events: events)
    }
}
