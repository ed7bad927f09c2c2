import DES
import Stochastics

extension ServiceModel {
    /// A crew writes a patient record in the current mode.
    mutating func writeRecord(effects: RecordModeEffects, counted: Bool) {
        let defective = effects.recordDefectRate > 0 && defectStream.bernoulli(effects.recordDefectRate)
        if counted {
            if mode != .electronic { measure.kpi.paperRecords += 1 }
            if defective { measure.kpi.defectiveRecords += 1 }
        }
        if effects.needsBackEntry {
            backlogWaiting += 1
            backlogClearedAt = nil
            measure.kpi.backlogPeak = max(measure.kpi.backlogPeak, backlogWaiting + backlogInProgress)
        }
    }

    /// Back-entry is possible only while the current mode writes to the ePR again.
    var canReKey: Bool { !configuration.effects(mode).needsBackEntry && restorationTime != nil }

    mutating func recordModeChanges(to newMode: RecordMode, calendar: inout EventCalendar<ServiceEvent>) {
        let wasBlocked = configuration.effects(mode).needsBackEntry
        mode = newMode
        if wasBlocked && !configuration.effects(newMode).needsBackEntry {
            restorationTime = calendar.now
            if backlogWaiting + backlogInProgress == 0 { backlogClearedAt = calendar.now }
            assignBackOfficeWork(calendar: &calendar)
        }
    }

    /// Crew back-entry: minutes added to a crew's clear time, reserving records.
    mutating func crewBackEntryMinutes(vehicle v: Int) -> Double {
        guard case .crews(let perJob) = configuration.backEntry.workforce, canReKey, backlogWaiting > 0 else { return 0 }
        let k = min(perJob, backlogWaiting)
        backlogWaiting -= k
        backlogInProgress += k
        vehicles[v].backEntryRecords = Int32(k)
        let minutes = Double(k) * configuration.backEntry.minutesPerRecord
        measure.kpi.backEntryMinutes += minutes
        return minutes
    }

    mutating func finishCrewBackEntry(vehicle v: Int, at now: Double) {
        let k = Int(vehicles[v].backEntryRecords)
        guard k > 0 else { return }
        vehicles[v].backEntryRecords = 0
        backlogInProgress -= k
        noteBacklogCleared(at: now)
    }

    mutating func noteBacklogCleared(at now: Double) {
        if backlogWaiting + backlogInProgress == 0 && backlogClearedAt == nil && restorationTime != nil { backlogClearedAt = now }
    }

    mutating func backOfficeStartsWork(calendar: inout EventCalendar<ServiceEvent>) {
        guard case .backOffice(_, let a, let b) = configuration.backEntry.workforce else { return }
        let now = calendar.now
        backOfficeWorking = true
        let stop = now + (b - a) * 60
        if stop < horizon { calendar.schedule(.backOfficeStopsWork, at: stop, priority: EventPriority.shiftEnd) }
        if now + 1440 < horizon { calendar.schedule(.backOfficeStartsWork, after: 1440, priority: EventPriority.shiftStart) }
        assignBackOfficeWork(calendar: &calendar)
    }

    /// Idle back-office staff each take a record, while on hours and re-keying is possible.
    /// A record started before the end of hours is finished (assumption).
    mutating func assignBackOfficeWork(calendar: inout EventCalendar<ServiceEvent>) {
        guard backOfficeWorking, canReKey else { return }
        for s in backOfficeBusy.indices where !backOfficeBusy[s] && backlogWaiting > 0 {
            backlogWaiting -= 1
            backlogInProgress += 1
            backOfficeBusy[s] = true
            calendar.schedule(.backOfficeFinishesRecord(staff: Int32(s)), after: configuration.backEntry.minutesPerRecord)
        }
    }

    mutating func backOfficeFinishesRecord(staff s: Int, calendar: inout EventCalendar<ServiceEvent>) {
        backOfficeBusy[s] = false
        backlogInProgress -= 1
        measure.kpi.backEntryMinutes += configuration.backEntry.minutesPerRecord
        noteBacklogCleared(at: calendar.now)
        assignBackOfficeWork(calendar: &calendar)
    }
}
