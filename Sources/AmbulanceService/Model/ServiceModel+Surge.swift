import DES

/// Service escalation: surge levels reviewed hourly against the stack; extra crews (a pool
/// of vehicles spread over the stations in proportion to their rosters) and extra review
/// clinicians come on at each level and stand down (after their job) when it falls.
extension ServiceModel {
    func scheduleSurgeReview(calendar: inout EventCalendar<ServiceEvent>) {
        let next = calendar.now + (60 - minuteOfDay(at: calendar.now).truncatingRemainder(dividingBy: 60))
        if next < horizon { calendar.schedule(.surgeLevelIsReviewed, at: next, priority: EventPriority.capacityChange) }
    }

    mutating func surgeLevelIsReviewed(calendar: inout EventCalendar<ServiceEvent>) {
        let levels = configuration.surge!.levels
        var level = surgeLevel
        while level < levels.count && stack.callsWaiting >= levels[level].stackAtLeast { level += 1 }
        while level > 0 && stack.callsWaiting < levels[level - 1].standDownBelow { level -= 1 }
        if level != surgeLevel { setSurgeLevel(level, calendar: &calendar) }
        scheduleSurgeReview(calendar: &calendar)
    }

    mutating func setSurgeLevel(_ level: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let levels = configuration.surge!.levels
        surgeLevel = level
        let wanted = level == 0 ? 0 : levels[level - 1].extraVehicles
        while surgeOnDuty < wanted {
            surgeVehicleComesOn(firstSurgeVehicle + surgeOnDuty, at: now, calendar: &calendar)
            surgeOnDuty += 1
        }
        while surgeOnDuty > wanted {
            surgeOnDuty -= 1
            surgeVehicleStandsDown(firstSurgeVehicle + surgeOnDuty, at: now)
        }
        if controlRoom.reviewsCalls {
            controlRoom.setClinicians(hour: Self.hourOfDay(configuration, at: now), extra: level == 0 ? 0 : levels[level - 1].extraClinicians)
            startReviews(calendar: &calendar)
        }
    }

    /// Extra clinicians of the current surge level.
    var surgeClinicians: Int { surgeLevel == 0 ? 0 : configuration.surge!.levels[surgeLevel - 1].extraClinicians }

    mutating func surgeVehicleComesOn(_ v: Int, at now: Double, calendar: inout EventCalendar<ServiceEvent>) {
        surgeSince[v - firstSurgeVehicle] = now
        comeOnRoster(v, at: now, previousEnd: vehicles[v].shiftEnd, calendar: &calendar)
    }

    mutating func surgeVehicleStandsDown(_ v: Int, at now: Double) {
        vehicles[v].shiftEnd = now
        measure.kpi.surgeVehicleMinutes += countedMinutes(from: surgeSince[v - firstSurgeVehicle], to: now)
        leaveRoster(v, at: now)
    }
}
