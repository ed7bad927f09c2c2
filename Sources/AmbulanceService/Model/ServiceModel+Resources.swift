import DES

/// Resources for dated periods (`resources:`): crews are the fleet's (their shifts follow
/// the period, `Fleet.works`); spaces are the hospitals' and clinicians the control room's,
/// applied when a period starts and ends by one event each.
extension ServiceModel {
    func scheduleResourcePeriods(calendar: inout EventCalendar<ServiceEvent>) {
        for (i, r) in configuration.resources.enumerated() where r.kind != .crews && r.startMinutes < horizon && r.endMinutes > 0 {
            calendar.schedule(.resourcePeriodChanges(index: Int32(i)), at: max(0, r.startMinutes), priority: EventPriority.capacityChange)
            if r.endMinutes < horizon {
                calendar.schedule(.resourcePeriodChanges(index: Int32(i)), at: r.endMinutes, priority: EventPriority.capacityChange)
            }
        }
    }

    @inline(never) // rare: kept out of the event loop's code
    mutating func resourcePeriodChanges(_ i: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let r = configuration.resources[i]
        switch r.kind {
        case .crews:
            break
        case .spaces:
            for h in r.hospitals(of: configuration.hospitals.count) {
                hospitals.applyCapacity(hospital: h, effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
            }
        case .clinicians:
            controlRoom.setClinicians(hour: clock.hourOfDay(at: calendar.now), extra: surge.clinicians, at: calendar.now)
            startReviews(calendar: &calendar)
        }
    }

    /// Hours of what the `resources:` periods added in the counted period: (space-hours,
    /// clinician-hours); spaces count once per hospital.
    func addedResourceHours() -> (spaces: Double, clinicians: Double) {
        var spaces = 0.0, clinicians = 0.0
        for r in configuration.resources where r.kind != .crews {
            let hours = countedMinutes(from: max(0, r.startMinutes), to: min(r.endMinutes, horizon)) / 60
            if r.kind == .spaces { spaces += hours * Double(r.spaces * r.hospitals(of: configuration.hospitals.count).count) }
            else { clinicians += hours * Double(r.clinicians) }
        }
        return (spaces, clinicians)
    }
}
