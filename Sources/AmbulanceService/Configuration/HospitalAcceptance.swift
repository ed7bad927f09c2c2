/// How emergency departments accept ambulance patients, apart from the crew's own handover
/// work. The wait to hand over is set by the ED's capacity to accept (offload spaces, or ED
/// bays with exit block); the clinical handover itself is crew time, where a record mode's
/// extra minutes fall (NHS England, "Handover of ambulance patients", 2023: the receiving
/// team takes over the patient; the crew completes the clinical handover and its record).
public struct HospitalAcceptance: Sendable, Equatable {
    /// When true (the first model), a record mode's handover minutes keep the offload space
    /// (or bay) occupied for as long as the crew's handover lasts, so slow paper handovers
    /// take acceptance capacity away. When false, the space is held for the hospital's own
    /// handover time only, and the extra minutes are crew work.
    public var recordMinutesHoldSpace: Bool
    /// Cohort or corridor escalation; nil: none.
    public var cohort: CohortEscalation?

    public init(recordMinutesHoldSpace: Bool = true, cohort: CohortEscalation? = nil) {
        self.recordMinutesHoldSpace = recordMinutesHoldSpace
        self.cohort = cohort
    }
}

/// A cohort (or corridor) area that an ED opens when its ambulance queue grows: `spaces`
/// more patients can be accepted, with their own staff, from the moment `openAtQueue`
/// ambulances are waiting until the queue is empty again (spaces in use finish; no one is
/// moved back).
public struct CohortEscalation: Sendable, Equatable {
    public var openAtQueue: Int
    public var spaces: Int

    public init(openAtQueue: Int, spaces: Int) {
        self.openAtQueue = openAtQueue
        self.spaces = spaces
    }
}
