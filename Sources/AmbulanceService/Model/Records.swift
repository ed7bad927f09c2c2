import DES
import Stochastics

/// The patient-record system: the mode in force (electronic, offline, paper), the records
/// written on paper or offline that wait to be keyed into the ePR once it is back, and who
/// keys them (crews at the end of a job, or back-office staff in office hours). It owns its
/// state and its stream (record defects), schedules its own back-office events, and reports
/// what it counts to the KPI collector it is handed.
struct Records {
    /// The mode in force now.
    private(set) var mode: RecordMode
    /// When the ePR came back after a period that needs back-entry (nil: not yet).
    private(set) var restorationTime: Double? = nil
    private(set) var backlogWaiting = 0
    private(set) var backlogInProgress = 0
    private(set) var backlogClearedAt: Double? = nil
    private var backOfficeWorking = false
    private var backOfficeBusy: [Bool] = []
    private let effectsByMode: [RecordModeEffects]
    private let backEntry: BackEntry
    private let horizon: Double
    private let defectStream: RandomStream

    init(configuration c: ServiceConfiguration, defectStream: RandomStream) {
        // A change before the run (a backtest of a later window) is carried in as the mode in force at its start.
        mode = Array(zip(c.disruption, c.disruption.absoluteMinutes)).last { $0.1 < 0 }?.0.mode ?? c.initialRecordMode
        effectsByMode = RecordMode.allCases.map { c.effects($0) }
        backEntry = c.backEntry
        horizon = c.horizonMinutes
        self.defectStream = defectStream
        if case .backOffice(let staff, _, _) = c.backEntry.workforce { backOfficeBusy = Array(repeating: false, count: staff) }
    }

    /// The effects of the mode in force (extra minutes, conveyance shift, defects, back-entry).
    @inline(__always)
    var effects: RecordModeEffects { effectsByMode[mode.rawValue] }

    /// Records written but not yet in the ePR.
    var backlog: Int { backlogWaiting + backlogInProgress }

    /// Back-entry is possible only while the current mode writes to the ePR again.
    private var canReKey: Bool { !effects.needsBackEntry && restorationTime != nil }

    /// A crew writes a patient record in the current mode (`effects` as the job read them).
    mutating func write(effects: RecordModeEffects, counted: Bool, kpi: inout KPICollector) {
        let defective = effects.recordDefectRate > 0 && defectStream.bernoulli(effects.recordDefectRate)
        if counted {
            if mode != .electronic { kpi.paperRecords += 1 }
            if defective { kpi.defectiveRecords += 1 }
        }
        if effects.needsBackEntry {
            backlogWaiting += 1
            backlogClearedAt = nil
            kpi.backlogPeak = max(kpi.backlogPeak, backlog)
        }
    }

    mutating func changeMode(to newMode: RecordMode, calendar: inout EventCalendar<ServiceEvent>) {
        let wasBlocked = effects.needsBackEntry
        mode = newMode
        if wasBlocked && !effects.needsBackEntry {
            restorationTime = calendar.now
            if backlog == 0 { backlogClearedAt = calendar.now }
            assignBackOfficeWork(calendar: &calendar)
        }
    }

    /// Crew back-entry at the end of a job: the records the crew takes (at most its share
    /// per job) and the minutes they add to its clearing time.
    mutating func takeCrewBackEntry(kpi: inout KPICollector) -> (records: Int, minutes: Double) {
        guard case .crews(let perJob) = backEntry.workforce, canReKey, backlogWaiting > 0 else { return (0, 0) }
        let k = min(perJob, backlogWaiting)
        backlogWaiting -= k
        backlogInProgress += k
        let minutes = Double(k) * backEntry.minutesPerRecord
        kpi.backEntryMinutes += minutes
        return (k, minutes)
    }

    /// A crew has keyed the `records` it took.
    mutating func finishCrewBackEntry(records k: Int, at now: Double) {
        guard k > 0 else { return }
        backlogInProgress -= k
        noteBacklogCleared(at: now)
    }

    private mutating func noteBacklogCleared(at now: Double) {
        if backlog == 0 && backlogClearedAt == nil && restorationTime != nil { backlogClearedAt = now }
    }

    /// Schedules the back office's first day (when there is one).
    func start(calendar: inout EventCalendar<ServiceEvent>, firstStartAt: (Double) -> Double) {
        if case .backOffice(_, let a, _) = backEntry.workforce {
            calendar.schedule(.backOfficeStartsWork, at: firstStartAt(a * 60), priority: EventPriority.shiftStart)
        }
    }

    mutating func backOfficeStartsWork(calendar: inout EventCalendar<ServiceEvent>) {
        guard case .backOffice(_, let a, let b) = backEntry.workforce else { return }
        let now = calendar.now
        backOfficeWorking = true
        let stop = now + (b - a) * 60
        if stop < horizon { calendar.schedule(.backOfficeStopsWork, at: stop, priority: EventPriority.shiftEnd) }
        if now + 1440 < horizon { calendar.schedule(.backOfficeStartsWork, after: 1440, priority: EventPriority.shiftStart) }
        assignBackOfficeWork(calendar: &calendar)
    }

    mutating func backOfficeStopsWork() { backOfficeWorking = false }

    /// Idle back-office staff each take a record, while on hours and re-keying is possible.
    /// A record started before the end of hours is finished (assumption).
    private mutating func assignBackOfficeWork(calendar: inout EventCalendar<ServiceEvent>) {
        guard backOfficeWorking, canReKey else { return }
        for s in backOfficeBusy.indices where !backOfficeBusy[s] && backlogWaiting > 0 {
            backlogWaiting -= 1
            backlogInProgress += 1
            backOfficeBusy[s] = true
            calendar.schedule(.backOfficeFinishesRecord(staff: Int32(s)), after: backEntry.minutesPerRecord)
        }
    }

    mutating func backOfficeFinishesRecord(staff s: Int, calendar: inout EventCalendar<ServiceEvent>, kpi: inout KPICollector) {
        backOfficeBusy[s] = false
        backlogInProgress -= 1
        kpi.backEntryMinutes += backEntry.minutesPerRecord
        noteBacklogCleared(at: calendar.now)
        assignBackOfficeWork(calendar: &calendar)
    }

    /// Hours from the ePR's return to the backlog's clearing (to `end` if not cleared); 0
    /// when nothing needed keying; NaN when the ePR never came back with records waiting.
    func hoursToClear(end: Double, backlogPeak: Int) -> Double {
        if let restored = restorationTime { return ((backlogClearedAt ?? end) - restored) / 60 }
        return backlogPeak == 0 ? 0 : .nan
    }
}
