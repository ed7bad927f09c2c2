import DES
import Stochastics

/// Stack management: clinical review of waiting calls and callers who stop waiting. Both
/// act only on calls that have no vehicle yet (a call with a vehicle on its way is left to
/// that vehicle). Off (nil in the configuration), they schedule nothing and draw nothing.
extension ServiceModel {
    /// A call is on the stack with no vehicle: schedule its first review and its caller's
    /// patience.
    mutating func callJoinsStack(_ call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        guard !calls[call].joinedStack else { return }
        calls[call].joinedStack = true
        controlRoom.callWaits(call, ticket: stack.ticket(call), category: calls[call].category, calendar: &calendar)
    }

    /// The call is the same call, still waiting, and no vehicle has been sent to it.
    @inline(__always) // inlined into the handlers: a call would copy the whole model
    func isStillWaitingAlone(_ call: Int32, ticket: UInt32) -> Bool {
        stack.ticket(call) == ticket && stack.waitingRequests(call) > 0 && calls[call].vehiclesAssigned == 0
    }

    mutating func callIsDueForReview(_ call: Int32, ticket: UInt32, calendar: inout EventCalendar<ServiceEvent>) {
        guard isStillWaitingAlone(call, ticket: ticket) else { return }
        controlRoom.queueForReview(call, ticket: ticket, arrival: calls[call].arrival)
        startReviews(calendar: &calendar)
    }

    /// Free clinicians take the oldest calls due for review.
    mutating func startReviews(calendar: inout EventCalendar<ServiceEvent>) {
        guard controlRoom.reviewsCalls else { return }
        let stackNow = stack, callsNow = calls
        controlRoom.startReviews(live: { c, t in stackNow.ticket(c) == t && stackNow.waitingRequests(c) > 0 && callsNow[c].vehiclesAssigned == 0 },
                                 calendar: &calendar)
    }

    mutating func reviewEnds(desk: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let (call, ticket) = controlRoom.finishReview(desk: desk)
        if isStillWaitingAlone(call, ticket: ticket) {
            // While 111's directory is down, fewer reviews can close a call (same draw).
            let (verdict, lost) = controlRoom.verdict(category: calls[call].category, hearAndTreatFactor: disruptions.hearAndTreatFactor)
            if lost && calls[call].counted { measure.kpi.hearAndTreatLost += 1 }
            switch verdict {
            case .close:
                closeWithoutVehicle(call, disposition: .hearAndTreat, at: calendar.now)
                if calls[call].counted { measure.kpi.closedByReview += 1 }
                calls.release(call)
            case .recategorise(let category):
                recategorise(call, to: category, calendar: &calendar)
            case .reviewAgain(let after):
                calendar.schedule(.callIsDueForReview(CallID(Int(call)), ticket: ticket), after: after)
            }
        }
        startReviews(calendar: &calendar)
    }

    /// A review changes the call's category: its waiting requests move to the new
    /// category's place on the stack (at the time the call became ready), it is counted in the
    /// new category, and its review and caller's patience start again under the new category.
    mutating func recategorise(_ call: Int32, to category: CallCategory, calendar: inout EventCalendar<ServiceEvent>) {
        let requests = stack.waitingRequests(call)
        let old = calls[call].category
        stack.withdraw(call)
        _ = stack.open(call)   // a new ticket: the old entries and events are stale
        calls[call].category = category
        for _ in 0..<requests {
            stack.add(call, zone: Int(calls[call].zone), category: category.rawValue, readyTime: calls[call].readyTime,
                      ambulanceOnly: !configuration[category].carsMayRespond)
        }
        if calls[call].counted {
            measure.kpi.categoryCalls[old.rawValue - 1] -= 1
            measure.kpi.categoryCalls[category.rawValue - 1] += 1
            measure.kpi.recategorised += 1
        }
        calls[call].joinedStack = false
        callJoinsStack(call, calendar: &calendar)
    }

    mutating func callIsAbandoned(_ call: Int32, ticket: UInt32, calendar: inout EventCalendar<ServiceEvent>) {
        guard isStillWaitingAlone(call, ticket: ticket) else { return }
        closeWithoutVehicle(call, disposition: nil, at: calendar.now)
        if calls[call].counted { measure.kpi.abandoned += 1 }
        calls.release(call)
    }

    /// A call leaves the stack with no vehicle: closed by review (hear-and-treat) or
    /// abandoned (no disposition).
    mutating func closeWithoutVehicle(_ call: Int32, disposition: Disposition?, at now: Double) {
        stack.withdraw(call)
        calls[call].disposition = disposition
        if let d = disposition, calls[call].counted { measure.kpi.dispositions[d.rawValue] += 1 }
        if configuration.recordCalls {
            let c = calls[call]
            measure.callTraces.append(CallTrace(arrivalMinutes: c.arrival, zone: Int(c.zone), category: c.category, disposition: disposition,
                                        responseMinutes: nil, vehicles: 0, counted: c.counted))
        }
    }

    func scheduleClinicianRosterChange(calendar: inout EventCalendar<ServiceEvent>) {
        let next = clock.nextHour(after: calendar.now)
        if next < horizon { calendar.schedule(.clinicianRosterChanges, at: next, priority: EventPriority.capacityChange) }
    }

    mutating func clinicianRosterChanges(calendar: inout EventCalendar<ServiceEvent>) {
        controlRoom.setClinicians(hour: clock.hourOfDay(at: calendar.now), extra: surge.clinicians, at: calendar.now)
        startReviews(calendar: &calendar)
        scheduleClinicianRosterChange(calendar: &calendar)
    }
}
