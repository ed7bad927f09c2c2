import DES

/// Rosters: each crew works its shift every day, unless availability below 1 keeps it off on
/// that date; surge crews come on and go off with the surge level. A crew coming on is in
/// service at its station (the coordinator then offers it the waiting calls), carries on
/// with the job it had not finished, or, its vehicle off the road, waits without one.
extension Fleet {
    /// Puts vehicle `v` on duty now if its shift is in progress at t = 0, and schedules its
    /// next shift start. True when it came into service (offer it the waiting calls).
    mutating func scheduleFirstShift(_ v: Int, calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) -> Bool {
        let start = vehicles[v].shiftStartMinuteOfDay
        let length = vehicles[v].shiftLengthMinutes
        // A crew rostered round the clock (24-hour shifts every day, availability never
        // reduced) is on duty for the whole run. Assumption: a 24/7 post changes crews
        // without leaving service, so there is no shift boundary (and no event for one).
        if length >= 1440 && availability.isEmpty && vehicles[v].addedBy < 0 && withdrawals[Int(vehicles[v].shiftIndex)].isEmpty {
            return goOnDuty(v, until: horizon + 1, at: 0, calendar: &calendar, measure: &measure)
        }
        // Minutes since the most recent shift start at or before t = 0.
        var since = clock.minuteOfDay(at: 0) - start
        if since < 0 { since += 1440 }
        var inService = false
        if since < length && since > 0 {
            let rostered = works(v, shiftStartingAt: -since)
            if rostered.works {
                inService = goOnDuty(v, until: length - since, at: 0, calendar: &calendar, measure: &measure)
            } else if rostered.withdrawn {
                measure.kpi.withdrawnVehicleMinutes += measure.countedMinutes(from: 0, to: min(length - since, horizon))
            }
        }
        let next = since == 0 ? 0 : 1440 - since
        if next < horizon { calendar.schedule(.shiftStarts(VehicleID(v)), at: next, priority: EventPriority.shiftStart) }
        return inService
    }

    /// Vehicle `v`'s shift starts now (the next one is scheduled). True when it came into
    /// service (offer it the waiting calls).
    mutating func shiftStarts(_ v: Int, calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) -> Bool {
        if calendar.now + 1440 < horizon {
            calendar.schedule(.shiftStarts(VehicleID(v)), after: 1440, priority: EventPriority.shiftStart)
        }
        let now = calendar.now, length = vehicles[v].shiftLengthMinutes
        let rostered = works(v, shiftStartingAt: now)
        guard rostered.works else {
            if rostered.withdrawn { measure.kpi.withdrawnVehicleMinutes += measure.countedMinutes(from: now, to: min(now + length, horizon)) }
            return false
        }
        return goOnDuty(v, until: vehicles[v].shiftLengthMinutes, at: calendar.now, calendar: &calendar, measure: &measure)
    }

    /// Whether crew `v` works the shift that starts at `t`, and if not, whether a
    /// `resources:` withdrawal kept it off. An added crew works the shifts that start in its
    /// period. Of a rostered shift of n crews, with availability below 1 on that date only
    /// the first round(n x share) work, and a withdrawal of w in force takes the w of highest
    /// rank of those.
    @inline(__always)
    func works(_ v: Int, shiftStartingAt t: Double) -> (works: Bool, withdrawn: Bool) {
        let added = vehicles[v].addedBy
        if added >= 0 { return (resources[Int(added)].coversShift(startingAt: t), false) }
        let rank = Double(vehicles[v].rankInShift)
        let available = availability.isEmpty ? Double(vehicles[v].shiftSize)
            : (Double(vehicles[v].shiftSize) * availability.share(on: clock.date(at: t))).rounded()
        guard rank < available else { return (false, false) }
        var withdrawn = 0
        for p in withdrawals[Int(vehicles[v].shiftIndex)] where resources[Int(p)].coversShift(startingAt: t) { withdrawn -= resources[Int(p)].vehicles }
        return withdrawn == 0 || rank < available - Double(withdrawn) ? (true, false) : (false, true)
    }

    private mutating func goOnDuty(_ v: Int, until length: Double, at now: Double, calendar: inout EventCalendar<ServiceEvent>,
                                   measure: inout Measurement) -> Bool {
        precondition(!vehicles[v].rostered, "vehicle \(v) starts a shift at \(now) while still rostered on")
        let previousEnd = vehicles[v].shiftEnd
        vehicles[v].shiftEnd = now + length
        // A shift that ends after the run needs no event: it would never fire.
        if now + length <= horizon { calendar.schedule(.shiftEnds(VehicleID(v)), at: now + length, priority: EventPriority.shiftEnd) }
        if vehicles[v].addedBy >= 0 { measure.kpi.addedVehicleMinutes += measure.countedMinutes(from: now, to: min(now + length, horizon)) }
        return comeOnRoster(v, at: now, previousEnd: previousEnd, measure: &measure)
    }

    /// Vehicle `v` is rostered on from now (a shift or a surge level): into service at its
    /// station (true: offer it the waiting calls), or carrying on with the job it had not
    /// finished when it went off.
    mutating func comeOnRoster(_ v: Int, at now: Double, previousEnd: Double, measure: inout Measurement) -> Bool {
        vehicles[v].rostered = true
        measure.rostered.record(measure.rostered.value + 1, at: now)
        if vehicles[v].offDutyWhenFree {
            // Still finishing a job from the previous shift: it simply carries on.
            vehicles[v].offDutyWhenFree = false
            measure.kpi.overrunMinutes += measure.countedMinutes(from: previousEnd, to: now)
            return false
        }
        if vehicles[v].offRoad {
            // Its crew is rostered on without a vehicle (fleet disruption).
            offRoad.spellStarts(v, at: now)
            return false
        }
        precondition(vehicles[v].state == .offDuty, "vehicle \(v) comes on duty at \(now) in state \(vehicles[v].state)")
        enterService(v, at: now, measure: &measure)
        return true
    }

    /// Vehicle `v` is rostered off: out of service now if idle, after its job otherwise.
    mutating func leaveRoster(_ v: Int, at now: Double, measure: inout Measurement) {
        vehicles[v].rostered = false
        measure.rostered.record(measure.rostered.value - 1, at: now)
        switch vehicles[v].state {
        case .atStation, .returning:
            vehicles[v].standDown()
            makeUnavailable(v, at: now, measure: &measure)
            measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value - 1, at: now)
        case .offDuty:
            // Only a crew whose vehicle is off the road is rostered while out of service.
            precondition(vehicles[v].offRoad, "vehicle \(v) ends a shift at \(now) while off duty")
            offRoad.spellEnds(v, at: now, measure: &measure)
        default:
            vehicles[v].offDutyWhenFree = true
        }
    }

    /// Surge vehicle `v` stands down now: its shift ends now, and it leaves the roster.
    mutating func standsDown(_ v: Int, at now: Double, measure: inout Measurement) {
        vehicles[v].shiftEnd = now
        leaveRoster(v, at: now, measure: &measure)
    }
}
