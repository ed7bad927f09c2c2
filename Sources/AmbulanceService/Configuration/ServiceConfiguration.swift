import Stochastics

/// Everything the model needs to run one replication: plain values, validated by
/// `problems()`. The scenario reader builds it from YAML; tests build it in code.
public struct ServiceConfiguration: Sendable {
    /// Local wall-clock time of t = 0.
    public var start: LocalDateTime
    /// Simulated minutes, warm-up included.
    public var horizonMinutes: Double
    /// Calls arriving before this are simulated but not counted.
    public var warmUpMinutes: Double
    /// The last minutes of the horizon are simulated but their calls are not counted, so
    /// that calls of the counted period can finish (a backtest counts the calls of one
    /// calendar month and lets them run on). 0: every call after the warm-up counts.
    public var runOutMinutes: Double = 0
    /// Multiplies every roster's vehicle count (each shift rounded to the nearest whole
    /// vehicle): one knob for the size of the fleet, for calibration and sweeps. 1: as rostered.
    public var fleetScale: Double = 1
    /// Crew availability by date (abstraction); empty: every rostered crew works.
    public var fleetAvailability: [AvailabilityPeriod] = []
    /// Multiplies every hospital's offload capacity and ED bays (rounded, at least 1): one
    /// knob for hospital acceptance capacity. 1: as configured.
    public var hospitalCapacityScale: Double = 1
    public var zones: [Zone]
    public var demand: Demand
    /// Indexed by `CallCategory.rawValue - 1`.
    public var categories: [CategoryProfile]
    /// The category mix by date (`category_mix`); no steps: the categories' own shares throughout.
    public var categoryMix = DatedCategoryMix()
    public var travel: Travel
    public var stations: [Station]
    public var hospitals: [Hospital]
    public var hospitalChoice: HospitalChoice
    public var jobCycle: JobCycle
    /// Release-to-respond: crews waiting this long at hospital are released and the patient
    /// waits in a cohort area (NHS England 2024/25: 45 minutes). Nil: off.
    public var releaseToRespondMinutes: Double?
    /// Effects of each record mode, indexed by `RecordMode.rawValue`; electronic is the reference.
    public var recordModeEffects: [RecordModeEffects]
    /// The mode in force at t = 0.
    public var initialRecordMode: RecordMode
    /// A run over a window that starts after the scenario's own start (a backtest of a
    /// later month): record-mode changes before the run are carried in as the mode in
    /// force at its start, and disruption periods over before it are dropped, instead of
    /// both being refused as mistakes. Paper records written before the run are not in its
    /// back-entry backlog (assumption: the run cannot know them) [E].
    public var carriesEarlierDisruptions = false
    /// Mode changes, in time order.
    public var disruption: [ModeChange]
    /// Dispatch, 111, hospital and fleet disruptions, each in force for a period; they may
    /// overlap each other and the record-mode changes.
    public var disruptionPeriods: [DisruptionPeriod] = []
    public var backEntry: BackEntry
    public var uncertainInputs: [UncertainInput]
    /// A vehicle is sent only to calls it can reach within this many expected minutes; a
    /// call with no available vehicle in reach waits for one (a freed vehicle takes the
    /// most urgent waiting call it can reach). Infinity: any distance.
    public var dispatchReachMinutes: Double = .infinity
    /// How EDs accept ambulance patients; the default is the first model (record minutes
    /// hold the offload space, no cohort escalation).
    public var hospitalAcceptance = HospitalAcceptance()
    /// The EDs' state by date (`hospital_pressure`, `hospital_pressure_scale`).
    public var hospitalPressure = HospitalPressure()
    /// Re-tasking of en-route vehicles to C1 calls; nil: off (vehicles are never diverted).
    public var retasking: Retasking? = nil
    /// Crews, offload spaces and clinicians added (or crews withdrawn) for dated periods.
    public var resources: [ResourcePeriod] = []
    /// Move-up of idle vehicles to cover zones a dispatch leaves empty; nil: off.
    public var moveUp: MoveUpPolicy? = nil
    /// Service escalation (surge levels); nil: off.
    public var surge: SurgePlan? = nil
    /// Clinical review of waiting calls; nil: off.
    public var clinicalReview: ClinicalReview? = nil
    /// Callers who stop waiting; nil: off (every caller waits for a vehicle).
    public var abandonment: Abandonment? = nil
    /// Delay-dependent priority between C2, C3 and C4 on the stack; nil: strict priority.
    public var dispatchPriority: DispatchPriority? = nil
    /// Record every call (for `calls.csv`); off for speed.
    public var recordCalls = false

    public init(
        start: LocalDateTime, horizonMinutes: Double, warmUpMinutes: Double = 0, zones: [Zone], demand: Demand,
        categories: [CategoryProfile], travel: Travel, stations: [Station], hospitals: [Hospital],
        hospitalChoice: HospitalChoice = .nearest, jobCycle: JobCycle, releaseToRespondMinutes: Double? = nil,
        recordModeEffects: [RecordModeEffects] = Array(repeating: RecordModeEffects(), count: 3),
        initialRecordMode: RecordMode = .electronic, disruption: [ModeChange] = [], backEntry: BackEntry = BackEntry(),
        uncertainInputs: [UncertainInput] = []
    ) {
        self.start = start
        self.horizonMinutes = horizonMinutes
        self.warmUpMinutes = warmUpMinutes
        self.zones = zones
        self.demand = demand
        self.categories = categories
        self.travel = travel
        self.stations = stations
        self.hospitals = hospitals
        self.hospitalChoice = hospitalChoice
        self.jobCycle = jobCycle
        self.releaseToRespondMinutes = releaseToRespondMinutes
        self.recordModeEffects = recordModeEffects
        self.initialRecordMode = initialRecordMode
        self.disruption = disruption
        self.backEntry = backEntry
        self.uncertainInputs = uncertainInputs
    }

    /// Calls arriving at or after this minute are not counted (the start of the run-out).
    @inlinable
    public var countEndMinutes: Double { horizonMinutes - runOutMinutes }

    /// When the first disruption starts (a record-mode change or a disruption period), in
    /// minutes from the start; nil with none.
    public var firstDisruptionMinutes: Double? {
        (disruption.absoluteMinutes.prefix(1) + disruptionPeriods.map(\.startMinutes)).min()
    }

    /// When the last disruption change happens (a record-mode change, or the end of a
    /// disruption or resources period), in minutes from the start; 0 with none.
    public var lastDisruptionChangeMinutes: Double {
        (disruption.absoluteMinutes + disruptionPeriods.map(\.endMinutes) + resources.map(\.endMinutes)).filter(\.isFinite).max() ?? 0
    }

    /// This configuration with `fleetScale` and `hospitalCapacityScale` applied to the
    /// rosters and capacities (and both set back to 1): what the model runs.
    public func scaled() -> ServiceConfiguration {
        guard fleetScale != 1 || hospitalCapacityScale != 1 else { return self }
        var copy = self
        let f = fleetScale, h = hospitalCapacityScale
        for s in copy.stations.indices {
            for k in copy.stations[s].roster.indices {
                copy.stations[s].roster[k].vehicles = Int((Double(copy.stations[s].roster[k].vehicles) * f).rounded())
            }
        }
        func capacity(_ n: Int) -> Int { max(1, Int((Double(n) * h).rounded())) }
        for i in copy.hospitals.indices {
            copy.hospitals[i].offloadCapacityByHour = copy.hospitals[i].offloadCapacityByHour.map(capacity)
            if let bays = copy.hospitals[i].emergencyDepartment?.bays { copy.hospitals[i].emergencyDepartment!.bays = capacity(bays) }
        }
        copy.fleetScale = 1
        copy.hospitalCapacityScale = 1
        return copy
    }

    /// The profile of a category.
    @inlinable
    public func profile(_ category: CallCategory) -> CategoryProfile { categories[category.rawValue - 1] }

    /// The settings of a category, borrowed rather than copied (`configuration[.c2].travelTimeFactor`):
    /// the model reads them on every call.
    @inlinable
    public subscript(category: CallCategory) -> CategoryProfile {
        _read { yield categories[category.rawValue - 1] }
    }

    /// The effects of a mode.
    @inlinable
    public func effects(_ mode: RecordMode) -> RecordModeEffects { recordModeEffects[mode.rawValue] }

    /// Expected number of calls over the horizon (the integral of the demand rates, or the
    /// trace's length, plus 111 calls redirected to 999), for refusing absurd work before
    /// running it. Needs a valid configuration.
    public func expectedCalls() -> Double {
        let redirected = RedirectedDemand(configuration: self)?.expectedCalls(until: horizonMinutes) ?? 0
        if case .trace(let incidents) = demand.source { return Double(incidents.count) + redirected }
        let rates = DemandRates(configuration: self)
        return (rates.resident + rates.visitor).reduce(0) { $0 + $1.integral(upTo: horizonMinutes) } + redirected
    }

    /// Expected calls arriving in [from, to) (minutes from the start): generated and
    /// redirected from 111, or the trace's incidents in the window.
    public func expectedCalls(from a: Double, to b: Double) -> Double {
        let redirected = RedirectedDemand(configuration: self).map { $0.expectedCalls(until: b) - $0.expectedCalls(until: a) } ?? 0
        if case .trace(let incidents) = demand.source { return Double(incidents.count { $0.timeMinutes >= a && $0.timeMinutes < b }) + redirected }
        let rates = DemandRates(configuration: self)
        return (rates.resident + rates.visitor).reduce(0) { $0 + $1.integral(upTo: b) - $1.integral(upTo: a) } + redirected
    }

    /// This configuration with every uncertain input sampled for `replication`.
    public func resolved(seedPlan: SeedPlan, replication: Int) -> ServiceConfiguration {
        var copy = self
        for (index, input) in uncertainInputs.enumerated() {
            let stream = seedPlan.stream(replication: replication, purpose: .uncertainInputs, substream: index)
            input.apply(&copy, input.distribution.sample(using: stream))
        }
        copy.uncertainInputs = []
        return copy
    }
}

/// A rule a configuration breaks: the key path (in the scenario file's spelling) and what
/// is wrong, with the value.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
