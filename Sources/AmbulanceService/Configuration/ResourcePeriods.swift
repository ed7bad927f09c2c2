/// Resources added, or crews withdrawn, for a dated period (`resources:`): what a planner
/// buys to win back a disruption's cost, or takes away to ask what it is worth.
public enum ResourceKind: String, Sendable, Equatable, CaseIterable {
    /// Crews on a daily shift at stations: `vehicles` more (or, negative, fewer of the
    /// rostered crews on that shift) on every shift that starts in the period.
    case crews
    /// Offload spaces at hospitals (a cohort area, a HALO-run space, extra offload) in the
    /// period.
    case spaces
    /// Clinicians reviewing the stack in the period (with clinical review on).
    case clinicians
}

/// One `resources:` entry: a kind, the period (minutes from the scenario start), and the
/// kind's settings. Only the kind's own fields are read.
public struct ResourcePeriod: Sendable, Equatable {
    public var kind: ResourceKind
    public var startMinutes: Double
    public var durationMinutes: Double
    public var endMinutes: Double { startMinutes + durationMinutes }
    /// What the planner called it (shown in the summary), if anything.
    public var label: String? = nil

    /// Crews: the stations (empty: every station), the shift (start hour and length), how
    /// many crews a station (negative: withdrawn from its rostered crews on that shift) and
    /// their vehicle type.
    public var stations: [Int] = []
    public var shiftStartHour: Double = 0
    public var shiftLengthHours: Double = 0
    public var vehicles: Int = 0
    public var vehicleType: VehicleType = .ambulance

    /// Spaces: the hospitals (empty: every hospital) and the spaces each gets.
    public var hospitals: [Int] = []
    public var spaces: Int = 0

    /// Clinicians: how many more review the stack.
    public var clinicians: Int = 0

    public init(kind: ResourceKind, startMinutes: Double, durationMinutes: Double) {
        self.kind = kind
        self.startMinutes = startMinutes
        self.durationMinutes = durationMinutes
    }

    /// Whether a shift starting at `t` (minutes from the scenario start) is in the period.
    public func coversShift(startingAt t: Double) -> Bool { t >= startMinutes && t < endMinutes }

    /// Whether the period is in force at `t`.
    public func isInForce(at t: Double) -> Bool { t >= startMinutes && t < endMinutes }
}

extension ResourcePeriod {
    /// The stations a crews period acts on, of `count` (its list, or every station).
    public func stations(of count: Int) -> [Int] { stations.isEmpty ? Array(0..<count) : stations }
    /// The hospitals a spaces period acts on, of `count` (its list, or every hospital).
    public func hospitals(of count: Int) -> [Int] { hospitals.isEmpty ? Array(0..<count) : hospitals }
    /// Whether a spaces period acts on hospital `h`.
    public func actsOn(hospital h: Int) -> Bool { hospitals.isEmpty || hospitals.contains(h) }

    /// Whether this period withdraws crews from `shift` at station `s`: a crews period with
    /// vehicles < 0, at that station (or every station), on the same daily shift and type.
    public func withdraws(from shift: Shift, atStation s: Int) -> Bool {
        kind == .crews && vehicles < 0 && stations(of: s + 1).contains(s)
            && shift.startHour == shiftStartHour && shift.lengthHours == shiftLengthHours && shift.vehicleType == vehicleType
    }
}
