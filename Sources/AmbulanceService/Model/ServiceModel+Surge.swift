import DES

/// Service escalation: surge levels reviewed hourly against the stack; extra crews (a pool
/// of vehicles spread over the stations in proportion to their rosters) and extra review
/// clinicians come on at each level and stand down (after their job) when it falls.
extension ServiceModel {
    func scheduleSurgeReview(calendar: inout EventCalendar<ServiceEvent>) {
        let next = clock.nextHour(after: calendar.now)
        if next < horizon { calendar.schedule(.surgeLevelIsReviewed, at: next, priority: EventPriority.capacityChange) }
    }

    mutating func surgeLevelIsReviewed(calendar: inout EventCalendar<ServiceEvent>) {
        let level = surge.levelFor(callsWaiting: stack.callsWaiting)
        if level != surge.level { setSurgeLevel(level, calendar: &calendar) }
        scheduleSurgeReview(calendar: &calendar)
    }

    /// The surge level changes: pool vehicles come on or stand down (after their job) to
    /// the level's number, and the clinicians on the stack to the level's.
    mutating func setSurgeLevel(_ level: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        surge.setLevel(level)
        let wanted = surge.extraVehicles(at: level)
        while surge.onDuty < wanted {
            let v = surge.vehicleComesOn(at: now)
            if fleet.comeOnRoster(v, at: now, previousEnd: fleet[v].shiftEnd, measure: &measure) { offerToWaitingCalls(v, calendar: &calendar) }
        }
        while surge.onDuty > wanted {
            let (v, since) = surge.vehicleStandsDown()
            measure.kpi.surgeVehicleMinutes += countedMinutes(from: since, to: now)
            fleet.standsDown(v, at: now, measure: &measure)
        }
        if controlRoom.reviewsCalls {
            controlRoom.setClinicians(hour: clock.hourOfDay(at: now), extra: surge.clinicians, at: now)
            startReviews(calendar: &calendar)
        }
    }
}
