/// How crews record patient care.
public enum RecordMode: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// The ePR works with all its integrations.
    case electronic = 0
    /// The ePR app runs locally: no record look-up (Summary Care Record, previous calls),
    /// no transfer to the ED (the MobiMed outage of July 2023, computing.co.uk 4120932).
    case offline = 1
    /// Pen and paper.
    case paper = 2

    public var description: String {
        switch self {
        case .electronic: "electronic"
        case .offline: "offline"
        case .paper: "paper"
        }
    }
}

/// What a record mode changes, relative to the electronic durations. Every effect may be
/// of either sign: nothing assumes paper is slower (Bledsoe 2013 found handwritten reports
/// more often available at decision time). Defaults are zero.
public struct RecordModeEffects: Sendable, Equatable {
    /// Added to on-scene minutes (calibration: paper +2, range 0 to +5).
    public var onSceneExtraMinutes: Double
    /// Added to the clinical handover (calibration: +5, range +2 to +8).
    public var handoverExtraMinutes: Double
    /// Added to post-handover clear (calibration: +3, range 0 to +6).
    public var clearExtraMinutes: Double
    /// Probability moved from see-and-treat to conveyance to ED (calibration: +0.03, range
    /// 0 to 0.06). Negative moves conveyances to see-and-treat.
    public var conveyanceShiftToED: Double
    /// Share of records written in this mode that are incomplete (calibration: paper 0.20,
    /// range 0.10-0.40, Irish HSE outage).
    public var recordDefectRate: Double
    /// Whether records written in this mode must be re-keyed after restoration.
    public var needsBackEntry: Bool

    public init(onSceneExtraMinutes: Double = 0, handoverExtraMinutes: Double = 0, clearExtraMinutes: Double = 0,
                conveyanceShiftToED: Double = 0, recordDefectRate: Double = 0, needsBackEntry: Bool = false) {
        self.onSceneExtraMinutes = onSceneExtraMinutes
        self.handoverExtraMinutes = handoverExtraMinutes
        self.clearExtraMinutes = clearExtraMinutes
        self.conveyanceShiftToED = conveyanceShiftToED
        self.recordDefectRate = recordDefectRate
        self.needsBackEntry = needsBackEntry
    }
}

/// A change of record mode: at a time (minutes from the scenario start), or a duration
/// after the previous change (so an uncertain outage length moves its end).
public struct ModeChange: Sendable, Equatable {
    /// Absolute time in minutes; ignored when `afterPreviousMinutes` is set.
    public var atMinutes: Double
    /// Minutes after the previous change (not allowed on the first change).
    public var afterPreviousMinutes: Double?
    public var mode: RecordMode
    /// Its position in the scenario's `disruption` list, for messages (nil: its position
    /// among the mode changes).
    public var item: Int? = nil

    public init(atMinutes: Double, mode: RecordMode) {
        self.atMinutes = atMinutes
        self.afterPreviousMinutes = nil
        self.mode = mode
    }

    public init(afterPreviousMinutes: Double, mode: RecordMode) {
        self.atMinutes = 0
        self.afterPreviousMinutes = afterPreviousMinutes
        self.mode = mode
    }
}

extension [ModeChange] {
    /// The absolute minute of each change, resolving relative ones in order.
    public var absoluteMinutes: [Double] {
        var out: [Double] = []
        for change in self {
            out.append(change.afterPreviousMinutes.map { (out.last ?? 0) + $0 } ?? change.atMinutes)
        }
        return out
    }
}

/// Who re-keys paper records after restoration.
public enum BackEntryWorkforce: Sendable, Equatable {
    /// Crews, at the end of each job: each job after restoration adds the back-entry
    /// minutes of up to `recordsPerJob` records to the crew's clear time, until the backlog
    /// is empty.
    case crews(recordsPerJob: Int)
    /// A back-office team of `staff` people working daily from `startHour` to `endHour`.
    case backOffice(staff: Int, startHour: Double, endHour: Double)
}

/// Re-keying of records written while the ePR was unavailable.
public struct BackEntry: Sendable, Equatable {
    /// Minutes to re-key one record. No published figure: calibration uses 5, range 2-10 [E].
    public var minutesPerRecord: Double
    public var workforce: BackEntryWorkforce

    public init(minutesPerRecord: Double = 5, workforce: BackEntryWorkforce = .backOffice(staff: 4, startHour: 9, endHour: 17)) {
        self.minutesPerRecord = minutesPerRecord
        self.workforce = workforce
    }
}
