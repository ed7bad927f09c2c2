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
    case vehicleReachesScene(VehicleID)
    case vehicleLeavesScene(VehicleID)
    case vehicleReachesHospital(VehicleID)
    case handoverEnds(PatientID)
    case crewReleaseFallsDue(PatientID)
    case edStayEnds(PatientID)
    case walkInArrives(HospitalID)
    case vehicleClears(VehicleID)
    /// `trip` tells a stale arrival (the vehicle was dispatched on the way) from a real one.
    case vehicleReachesStation(VehicleID, trip: Int32)
    case shiftStarts(VehicleID)
    case shiftEnds(VehicleID)
    case hospitalCapacityChanges(HospitalID)
    case recordModeChanges(index: Int32)
    case backOfficeStartsWork
    case backOfficeStopsWork
    case backOfficeFinishesRecord(staff: Int32)
    case hourEnds(index: Int32)
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
    static let hourEnd: Int32 = 10
}
