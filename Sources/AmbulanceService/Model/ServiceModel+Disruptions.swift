import DES
import Stochastics

/// Dispatch, 111, hospital and fleet disruptions: each period starts and ends by an event
/// (before anything else at that minute); `ActiveDisruptions` combines those in force, and
/// the model's handlers read its flags at four seams: the dispatch delay (`openCall`), the
/// hear-and-treat decision (`callArrives`), the choice of hospital (`vehicleLeavesScene`)
/// and the vehicles in service (here).
extension ServiceModel {
    mutating func scheduleDisruptionPeriods(calendar: inout EventCalendar<ServiceEvent>) {
        let phases = disruptions.periods
        // A phase that began before the run is in force from its start; one over by then is skipped.
        for (i, d) in phases.enumerated() where d.startMinutes < horizon && d.endMinutes > 0 {
            calendar.schedule(.disruptionStarts(index: Int32(i)), at: max(0, d.startMinutes), priority: EventPriority.modeChange)
            // A phase followed by the next phase of its period ends when that one starts.
            let followed = i + 1 < phases.count && disruptions.follows[i + 1] == i
            if d.endMinutes < horizon && !followed {
                calendar.schedule(.disruptionEnds(index: Int32(i)), at: d.endMinutes, priority: EventPriority.modeChange)
            }
        }
        demand.scheduleNextRedirectedCall(calendar: &calendar)
    }

    @inline(never) // rare: kept out of the event loop's code
    mutating func disruptionPeriodChanges(_ i: Int, starts: Bool, calendar: inout EventCalendar<ServiceEvent>) {
        switch disruptions.set(i, inForce: starts, configuration: configuration) {
        case .dispatch, .nhs111:
            break   // read by the handlers as calls come
        case .hospital:
            for h in configuration.hospitals.indices {
                hospitals.applyCapacity(hospital: h, effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
            }
        case .fleet:
            applyFleetLoss(calendar: &calendar)
        }
    }

    // MARK: Dispatch

    /// The delay of a call while the dispatch system is down (the normal draw `drawn` made).
    @inline(never)
    mutating func manualDispatchDelay(_ drawn: Double, category: CallCategory, counted: Bool) -> Double {
        if counted { measure.kpi.manualDispatchCalls += 1 }
        return disruptions.manualDelay(drawn, category: category.rawValue - 1, stream: manualDispatchStream!)
    }

    // MARK: 111

    /// A 111 caller rings 999: a call of the 111 period's category mix, with its category's
    /// dispositions, drawing from the disruption's own stream.
    @inline(never)
    mutating func redirectedCallArrives(zone z: Int, source: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let draws = demand.redirectedCall(source: source, calendar: &calendar)
        if isCounted(calendar.now) { measure.kpi.redirectedCalls += 1 }
        callConnects(zone: z, draws: draws, calendar: &calendar)
    }

    /// Whether a call is closed by hear-and-treat. While 111's directory is down the share
    /// is cut by `hearAndTreatFactor`; a call the cut takes (draw in [H', H)) is counted,
    /// and the draw of every call not closed is mapped back onto the face-to-face range
    /// [H, 1) in proportion, so that its disposition on scene follows the category's
    /// shares (and, with no cut, the draw is unchanged).
    @inline(__always)
    mutating func decideHearAndTreat(category: CallCategory, draw: inout Double, counted: Bool) -> Bool {
        let h = configuration[category].dispositions.hearAndTreat
        if disruptions.hearAndTreatFactor == 1 { return draw < h }
        return decideReducedHearAndTreat(share: h, draw: &draw, counted: counted)
    }

    /// `decideHearAndTreat` while the cut is in force (out of line: the common path is one
    /// comparison).
    @inline(never)
    mutating func decideReducedHearAndTreat(share h: Double, draw: inout Double, counted: Bool) -> Bool {
        let reduced = h * disruptions.hearAndTreatFactor
        if draw < reduced { return true }
        if draw < h && counted { measure.kpi.hearAndTreatLost += 1 }
        draw = h + (draw - reduced) / (1 - reduced) * (1 - h)
        return false
    }

    // MARK: Hospitals

    /// The hospital a conveyance goes to when `chosen` is on divert: the nearest to the
    /// scene that is not (the list holds one, as not every hospital diverts at once).
    /// Out of line: a mutating call passes the model in place, and the common path (no
    /// divert) is one flag.
    @inline(never)
    mutating func divertedHospital(from chosen: Int, zone: Int, counted: Bool) -> Int {
        guard disruptions.diverted[chosen] else { return chosen }
        let alternative = hospitals.nearestOpen(zone: zone, diverted: disruptions.diverted)
        if counted {
            measure.kpi.divertedConveyances += 1
            measure.kpi.divertExtraMinutes += (travel(from: zone, to: configuration.hospitals[alternative].zone)
                - travel(from: zone, to: configuration.hospitals[chosen].zone)) * configuration.travel.conveyanceFactor
        }
        return alternative
    }

    // MARK: Fleet

    /// Takes vehicles off the road, or puts them back, to match the losses in force
    /// (`Fleet.applyLoss`); one put back into service is offered the waiting calls at once.
    @inline(never)
    mutating func applyFleetLoss(calendar: inout EventCalendar<ServiceEvent>) {
        for v in 0..<fleet.rosteredCount {
            if fleet.applyLoss(to: v, lostInShift: disruptions.lostInShift, at: calendar.now, measure: &measure) {
                offerToWaitingCalls(v, calendar: &calendar)
            }
        }
    }
}
