import Stochastics

/// What happens to a call.
public enum Disposition: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Clinical advice by phone; no vehicle.
    case hearAndTreat = 0
    /// Treated at the scene and left at home.
    case seeAndTreat = 1
    /// Taken to an emergency department.
    case conveyedToED = 2
    /// Taken elsewhere (urgent treatment centre, other pathway).
    case conveyedElsewhere = 3

    public var description: String {
        switch self {
        case .hearAndTreat: "hear_and_treat"
        case .seeAndTreat: "see_and_treat"
        case .conveyedToED: "conveyed_ed"
        case .conveyedElsewhere: "conveyed_elsewhere"
        }
    }
}

/// Disposition probabilities of one category.
public struct DispositionShares: Sendable, Equatable {
    public var hearAndTreat: Double
    public var seeAndTreat: Double
    public var conveyedToED: Double
    public var conveyedElsewhere: Double

    public init(hearAndTreat: Double, seeAndTreat: Double, conveyedToED: Double, conveyedElsewhere: Double) {
        self.hearAndTreat = hearAndTreat
        self.seeAndTreat = seeAndTreat
        self.conveyedToED = conveyedToED
        self.conveyedElsewhere = conveyedElsewhere
    }

    public var total: Double { hearAndTreat + seeAndTreat + conveyedToED + conveyedElsewhere }
}

/// Per-category settings of the call mix and the control room.
public struct CategoryProfile: Sendable, Equatable {
    /// Share of calls in this category (the four shares sum to 1).
    public var share: Double
    public var dispositions: DispositionShares
    /// Call connect to dispatch decision, minutes.
    public var dispatchDelayMinutes: Distribution
    /// Multiplies expected road travel time to the scene: < 1 for blue-light driving.
    public var travelTimeFactor: Double
    /// Probability that the call needs a second vehicle (C1 multi-crew responses).
    public var secondVehicleProbability: Double
    /// A rapid response car may be sent (false: ambulances only).
    public var carsMayRespond: Bool = true
    /// When a car is sent, an ambulance is sent as well at once (ARP: C1 needs a transport
    /// vehicle; AmbSYS C1T), rather than only once the car finds a patient to convey.
    public var ambulanceWithCar: Bool = false

    public init(share: Double, dispositions: DispositionShares, dispatchDelayMinutes: Distribution,
                travelTimeFactor: Double = 1, secondVehicleProbability: Double = 0) {
        self.share = share
        self.dispositions = dispositions
        self.dispatchDelayMinutes = dispatchDelayMinutes
        self.travelTimeFactor = travelTimeFactor
        self.secondVehicleProbability = secondVehicleProbability
    }
}
