import DES

extension ServiceModel {
    /// Puts vehicle `v` on duty now if its shift is in progress at t = 0, and schedules its
    /// next shift start.
    mutating func scheduleFirstShift(_ id: VehicleID, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(id.index)
        let start = vehicles[v].shiftStartMinuteOfDay
        let length = vehicles[v].shiftLengthMinutes
        // A crew rostered round the clock (24-hour shifts every day, availability never
        // reduced) is on duty for the whole run. Assumption: a 24/7 post changes crews
        // without leaving service, so there is no shift boundary (and no event for one).
        if length >= 1440 && configuration.fleetAvailability.isEmpty {
            goOnDuty(v, until: horizon + 1, at: 0, calendar: &calendar)
            return
        }
        // Minutes since the most recent shift start at or before t = 0.
        var since = minuteOfDay(at: 0) - start
        if since < 0 { since += 1440 }
        if since < length && since > 0 && isAvailable(v, shiftStartingAt: -since) {
            goOnDuty(v, until: length - since, at: 0, calendar: &calendar)
        }
        let next = since == 0 ? 0 : 1440 - since
        if next < horizon { calendar.schedule(.shiftStarts(id), at: next, priority: EventPriority.shiftStart) }
    }

    mutating func shiftStarts(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        if calendar.now + 1440 < horizon {
            calendar.schedule(.shiftStarts(VehicleID(v)), after: 1440, priority: EventPriority.shiftStart)
        }
        guard isAvailable(v, shiftStartingAt: calendar.now) else { return }
        goOnDuty(v, until: vehicles[v].shiftLengthMinutes, at: calendar.now, calendar: &calendar)
    }

    /// Whether crew `v` works the shift that starts at `t`: with availability below 1 on
    /// that date, only the first round(n x share) crews of a shift of n do.
    @inline(__always) // inlined into the handlers: a call would copy the whole model
    func isAvailable(_ v: Int, shiftStartingAt t: Double) -> Bool {
        guard !configuration.fleetAvailability.isEmpty else { return true }
        let days = Int(((Double(configuration.start.minuteOfDay) + t) / 1440).rounded(.down))
        let share = configuration.fleetAvailability.share(on: configuration.start.date.adding(days: days))
        return Double(vehicles[v].rankInShift) < (Double(vehicles[v].shiftSize) * share).rounded()
    }

    mutating func goOnDuty(_ v: Int, until length: Double, at now: Double, calendar: inout EventCalendar<ServiceEvent>) {
        precondition(!vehicles[v].rostered, "vehicle \(v) starts a shift at \(now) while still rostered on")
        let previousEnd = vehicles[v].shiftEnd
        vehicles[v].shiftEnd = now + length
        // A shift that ends after the run needs no event: it would never fire.
        if now + length <= horizon { calendar.schedule(.shiftEnds(VehicleID(v)), at: now + length, priority: EventPriority.shiftEnd) }
        comeOnRoster(v, at: now, previousEnd: previousEnd, calendar: &calendar)
    }

    /// Vehicle `v` is rostered on from now (a shift or a surge level): into service at its
    /// station, or carrying on with the job it had not finished when it went off.
    mutating func comeOnRoster(_ v: Int, at now: Double, previousEnd: Double, calendar: inout EventCalendar<ServiceEvent>) {
        vehicles[v].rostered = true
        measure.rostered.record(measure.rostered.value + 1, at: now)
        if vehicles[v].offDutyWhenFree {
            // Still finishing a job from the previous shift: it simply carries on.
            vehicles[v].offDutyWhenFree = false
            measure.kpi.overrunMinutes += countedMinutes(from: previousEnd, to: now)
            return
        }
        if vehicles[v].offRoad {
            // Its crew is rostered on without a vehicle (fleet disruption).
            offRoad.spellStarts(v, at: now)
            return
        }
        precondition(vehicles[v].state == .offDuty, "vehicle \(v) comes on duty at \(now) in state \(vehicles[v].state)")
        vehicles[v].state = .atStation
        vehicles[v].zone = vehicles[v].homeZone
        measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value + 1, at: now)
        makeAvailable(v, at: now)
        offerToWaitingCalls(v, calendar: &calendar)
    }

    mutating func shiftEnds(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        leaveRoster(Int(vi), at: calendar.now)
    }

    /// Vehicle `v` is rostered off: out of service now if idle, after its job otherwise.
    mutating func leaveRoster(_ v: Int, at now: Double) {
        vehicles[v].rostered = false
        measure.rostered.record(measure.rostered.value - 1, at: now)
        switch vehicles[v].state {
        case .atStation, .returning:
            vehicles[v].state = .offDuty
            vehicles[v].zone = vehicles[v].homeZone
            makeUnavailable(v, at: now)
            measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value - 1, at: now)
        case .offDuty:
            // Only a crew whose vehicle is off the road is rostered while out of service.
            precondition(vehicles[v].offRoad, "vehicle \(v) ends a shift at \(now) while off duty")
            offRoad.spellEnds(v, at: now, measure: &measure)
        default:
            vehicles[v].offDutyWhenFree = true
        }
    }
}
