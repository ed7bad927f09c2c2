import Stochastics

/// What a vehicle can do.
public enum VehicleType: Int, Sendable, Equatable, CaseIterable {
    /// Double-crewed ambulance: treats and conveys.
    case ambulance = 0
    /// Rapid response car, one clinician: treats on scene, cannot convey; a patient it finds
    /// needing conveyance waits with it for an ambulance.
    case car = 1
}

/// A block of vehicles that go on duty every day at the same hour.
public struct Shift: Sendable, Equatable {
    /// Hour of day the shift starts, 0 <= start < 24 (fractions allowed: 7.5 = 07:30).
    public var startHour: Double
    /// Length in hours, 0 < length <= 24.
    public var lengthHours: Double
    /// Vehicles (crews) on this shift.
    public var vehicles: Int
    public var vehicleType: VehicleType

    public init(startHour: Double, lengthHours: Double, vehicles: Int, vehicleType: VehicleType = .ambulance) {
        self.startHour = startHour
        self.lengthHours = lengthHours
        self.vehicles = vehicles
        self.vehicleType = vehicleType
    }
}

/// A station: where vehicles start, rest and return.
public struct Station: Sendable, Equatable {
    public var name: String
    public var zone: Int
    public var roster: [Shift]

    public init(name: String, zone: Int, roster: [Shift]) {
        self.name = name
        self.zone = zone
        self.roster = roster
    }
}

/// Road travel between zones.
public struct Travel: Sendable, Equatable {
    /// Expected minutes from zone i to zone j (row-major, zones x zones); the diagonal is
    /// the mean trip within a zone.
    public var expectedMinutes: [[Double]]
    /// Multiplicative noise around the expectation, mean 1 (e.g. lognormal mean 1, sd 0.3).
    /// The distribution is an assumption: no published figure (calibration sheet).
    public var variation: Distribution
    /// Minutes from dispatch to wheels rolling when the crew is at station.
    public var mobiliseMinutes: Distribution
    /// Multiplies the zone matrix for the drive from scene to hospital, which is not
    /// blue-light and often longer than the response drive (calibration: 15-25 min typical
    /// [E]). 1 uses the matrix as it is.
    public var conveyanceFactor: Double

    public init(expectedMinutes: [[Double]], variation: Distribution = .fixed(1), mobiliseMinutes: Distribution = .fixed(1),
                conveyanceFactor: Double = 1) {
        self.expectedMinutes = expectedMinutes
        self.variation = variation
        self.mobiliseMinutes = mobiliseMinutes
        self.conveyanceFactor = conveyanceFactor
    }
}

/// The share of rostered crews actually on duty from a date (sickness, leave, training and
/// other abstraction), until the next entry. Before the first entry, every rostered crew
/// works. A shift of n crews puts round(n x share) on duty.
public struct AvailabilityPeriod: Sendable, Equatable {
    public var from: CivilDate
    public var share: Double

    public init(from: CivilDate, share: Double) {
        self.from = from
        self.share = share
    }
}

extension [AvailabilityPeriod] {
    /// The share in force on `date` (1 before the first entry).
    public func share(on date: CivilDate) -> Double {
        last { $0.from <= date }?.share ?? 1
    }
}
