/// Typed indices into the model's arrays: a vehicle is never confused with a call.
public struct VehicleID: Hashable, Sendable { public let index: Int32; @inlinable init(_ i: Int) { index = Int32(i) } }
public struct CallID: Hashable, Sendable { public let index: Int32; @inlinable init(_ i: Int) { index = Int32(i) } }
public struct PatientID: Hashable, Sendable { public let index: Int32; @inlinable init(_ i: Int) { index = Int32(i) } }
public struct HospitalID: Hashable, Sendable { public let index: Int32; @inlinable init(_ i: Int) { index = Int32(i) } }
public struct ZoneID: Hashable, Sendable { public let index: Int32; @inlinable init(_ i: Int) { index = Int32(i) } }

/// What happens in the ambulance service. Each case is a present-tense verb phrase.
public enum ServiceEvent: Sendable {
    case residentCallArrives(ZoneID)
    case visitorCallArrives(ZoneID)
    case tracedCallArrives(index: Int32)
    case callIsReadyForDispatch(CallID)
    /// `trip` tells an arrival of a vehicle re-tasked on the way (stale) from a real one.
    case vehicleReachesScene(VehicleID, trip: Int32)
    case vehicleLeavesScene(VehicleID)
    case vehicleReachesHospital(VehicleID)
    case handoverEnds(PatientID)
    /// The ED has taken the patient over: the offload space frees (the crew may still be
    /// completing its handover work).
    case offloadSpaceFrees(PatientID)
    case crewReleaseFallsDue(PatientID)
    case edStayEnds(PatientID)
    case walkInArrives(HospitalID)
    case vehicleClears(VehicleID)
    case shiftStarts(VehicleID)
    case shiftEnds(VehicleID)
    case hospitalCapacityChanges(HospitalID)
    case recordModeChanges(index: Int32)
    /// A 111 call redirected to 999 arrives (`source`: its 111 period among them).
    case redirectedCallArrives(ZoneID, source: Int32)
    /// A dispatch, 111, hospital or fleet disruption period starts or ends.
    case disruptionStarts(index: Int32)
    case disruptionEnds(index: Int32)
    case backOfficeStartsWork
    case backOfficeStopsWork
    case backOfficeFinishesRecord(staff: Int32)
    case hourEnds(index: Int32)
    /// A waiting call has waited long enough for (another) clinical review.
    case callIsDueForReview(CallID, ticket: UInt32)
    case reviewEnds(desk: Int32)
    /// The caller's patience ends (stale when a vehicle was sent or the call closed).
    case callIsAbandoned(CallID, ticket: UInt32)
    /// The number of reviewing clinicians changes, on the hour.
    case clinicianRosterChanges
    /// The surge level is reviewed against the stack, on the hour.
    case surgeLevelIsReviewed
    /// A `resources:` period of spaces or clinicians starts or ends.
    case resourcePeriodChanges(index: Int32)
}

/// Tie-breaking priorities for events at the same time (lower fires first): the record
/// mode changes before anything else happens at that instant, crews going off duty before
/// their relief comes on, the hour closes after everything in it.
enum EventPriority {
    static let modeChange: Int32 = -10
    static let shiftEnd: Int32 = -6
    static let shiftStart: Int32 = -5
    static let capacityChange: Int32 = -4
    static let normal: Int32 = 0
    /// Before any change at the same instant: an hour is recorded with the state in force
    /// during it (a disruption starting at 19:00 marks the hour from 19:00, not the one before).
    static let hourEnd: Int32 = -20
}
