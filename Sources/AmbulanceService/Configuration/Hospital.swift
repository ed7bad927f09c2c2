import Stochastics

/// An emergency department receiving ambulance patients.
public struct Hospital: Sendable, Equatable {
    public var name: String
    public var zone: Int
    /// Simultaneous ambulance handovers (offload slots) by hour of day, 24 values >= 1.
    public var offloadCapacityByHour: [Int]
    /// Minutes of the clinical handover itself, once a slot is free (electronic records).
    public var handoverMinutes: Distribution
    /// ED-bay mode: when set, a conveyed patient needs one of these bays, shared with
    /// walk-ins, and keeps it for an ED stay; the crew hands over when a bay is free, so
    /// handover delay emerges from exit block (after NHS England's AmbModelOpen).
    public var emergencyDepartment: EmergencyDepartment?

    public init(name: String, zone: Int, offloadCapacityByHour: [Int], handoverMinutes: Distribution,
                emergencyDepartment: EmergencyDepartment? = nil) {
        self.name = name
        self.zone = zone
        self.offloadCapacityByHour = offloadCapacityByHour
        self.handoverMinutes = handoverMinutes
        self.emergencyDepartment = emergencyDepartment
    }
}

/// The ED side of ED-bay mode.
public struct EmergencyDepartment: Sendable, Equatable {
    public var bays: Int
    /// Walk-in (non-ambulance) arrivals per hour, by hour of day (24 values).
    public var walkInsPerHour: [Double]
    /// Minutes a patient keeps a bay (ED length of stay), for ambulance and walk-in patients.
    public var stayMinutes: Distribution

    public init(bays: Int, walkInsPerHour: [Double], stayMinutes: Distribution) {
        self.bays = bays
        self.walkInsPerHour = walkInsPerHour
        self.stayMinutes = stayMinutes
    }
}

/// Where a zone's conveyed patients go.
public enum HospitalChoice: Sendable, Equatable {
    /// The hospital with the least expected travel time from the scene zone.
    case nearest
    /// Given shares per zone: shares[zone][hospital], each row summing to 1.
    case shares([[Double]])
}
