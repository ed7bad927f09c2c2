import DES
import Stochastics

/// One replication of the ambulance service: the state of every call, vehicle, hospital and
/// the record system, driven by an `EventCalendar<ServiceEvent>`.
///
/// Modelling rules the configuration leaves open (each an assumption unless a source is
/// named):
/// - The response clock starts at call connect (ARP starts it at the earliest of call
///   connect + 240 s, problem identified, or dispatch; simplification).
/// - Disposition is decided when the first crew arrives on scene, from one uniform draw per
///   call made at call connect, using the record mode in force at that moment. The draw is
///   mapped in the order hear-and-treat | ED | elsewhere | see-and-treat, so a conveyance
///   shift changes only the calls at the boundary (common random numbers).
/// - Each phase of a job uses the record mode in force when the phase starts: on scene at
///   arrival on scene, handover when the slot is obtained, clearing when it begins.
/// - A record is written for each patient seen (not for hear-and-treat); it is a paper or
///   offline record when the mode on arrival at scene is not electronic.
/// - Vehicles are not diverted once assigned; the second vehicle of a C1 clears on scene.
/// - A returning vehicle's expected travel to a call is interpolated between the zone it
///   left and its station by the share of the return trip done.
/// - A vehicle idle at the end of its shift goes off duty at once; a busy one finishes its
///   job first, and the overrun is counted.
public struct ServiceModel: DiscreteEventModel {
    public typealias Event = ServiceEvent

    /// A safeguard, not a model figure: more calls open at once than this (about 800 days
    /// of South Western's demand) means the fleet cannot answer the demand at all; the
    /// replication stops and is refused rather than run the machine out of memory.
    public static let maximumOpenCalls = 2_000_000
    /// When the open calls first passed `maximumOpenCalls` (nil: never).
    var overwhelmedAtMinutes: Double?
    public var isFinished: Bool { overwhelmedAtMinutes != nil }

    let configuration: ServiceConfiguration
    let horizon: Double
    let warmUp: Double
    /// Calls arriving from here on (the run-out) are not counted.
    let countEnd: Double

    // Streams, one per purpose.
    let dispatchStream: RandomStream
    let travelStream: RandomStream
    let onSceneStream: RandomStream
    let clearingStream: RandomStream

    /// Where calls come from (residents, visitors, a trace, 111 callers ringing 999).
    var demand: DemandGenerator

    /// The vehicles, their crews' rosters, which can be sent now, which are off the road.
    var fleet: Fleet
    /// Which vehicle goes to a call; which waiting call a free vehicle takes.
    let dispatcher: Dispatcher
    /// Idle vehicles moved to cover zones a dispatch leaves empty (off unless configured).
    var moveUp: MoveUp
    var calls = SlotArray<CallRecord>()
    /// Vehicle requests waiting for a vehicle (the stack).
    var stack: CallStack
    /// Clinical review of the stack and callers who stop waiting.
    var controlRoom: ControlRoom
    /// Surge levels and their pool of extra crews.
    var surge: SurgeEscalation
    /// The time of day and date of the run's minutes.
    let clock: RunClock

    // The patient-record system (modes, back-entry backlog, who keys it).
    var records: Records

    // Disruption periods (dispatch, 111, hospital, fleet).
    var disruptions: ActiveDisruptions
    /// The emergency departments: where conveyances go, how they accept ambulance patients.
    var hospitals: Hospitals
    /// The dispatch disruption's stream (manual allocation delays; nil: no disruption period).
    let manualDispatchStream: RandomStream?

    // Measurement (observes; never decides).
    var measure: Measurement

    /// Builds the replication's state from a valid, resolved configuration (no uncertain
    /// inputs left) and the seed plan.
    public init(configuration c: ServiceConfiguration, seedPlan: SeedPlan, replication: Int) {
        let problems = c.problems()
        precondition(problems.isEmpty, "invalid configuration (validate first): \(problems.map(\.description).joined(separator: "; "))")
        self.init(validated: c, seedPlan: seedPlan, replication: replication)
    }

    /// As `init(configuration:seedPlan:replication:)` for a configuration the caller has just
    /// validated (`ServiceSimulation.run`), so it is not validated twice per replication.
    init(validated unscaled: ServiceConfiguration, seedPlan: SeedPlan, replication: Int) {
        precondition(unscaled.uncertainInputs.isEmpty, "resolve uncertain inputs before building the model (configuration.resolved)")
        let c = unscaled.scaled()
        configuration = c
        horizon = c.horizonMinutes
        warmUp = c.warmUpMinutes
        countEnd = c.countEndMinutes
        func stream(_ p: StreamPurpose, _ s: Int = 0) -> RandomStream { seedPlan.stream(replication: replication, purpose: p, substream: s) }
        demand = DemandGenerator(configuration: c, stream: stream)
        dispatchStream = stream(.dispatch)
        travelStream = stream(.travel)
        onSceneStream = stream(.onScene)
        clearingStream = stream(.clearing)
        records = Records(configuration: c, defectStream: stream(.recordDefects))
        measure = Measurement(configuration: c)
        clock = RunClock(start: c.start)
        stack = CallStack(zones: c.zones.count, dispatchWeights: c.dispatchPriority?.weights)
        controlRoom = ControlRoom(configuration: c, stream: stream, hourAtStart: clock.hourOfDay(at: 0))
        dispatcher = Dispatcher(configuration: c)
        moveUp = MoveUp(configuration: c)
        disruptions = ActiveDisruptions(configuration: c)
        manualDispatchStream = c.disruptionPeriods.isEmpty ? nil : stream(.disruptions, 0)
        hospitals = Hospitals(configuration: c, stream: stream, mayDivert: disruptions.hasHospitalPeriods)
        fleet = Fleet(configuration: c, hasFleetPeriods: disruptions.hasFleetPeriods)
        surge = SurgeEscalation(plan: c.surge, firstVehicle: fleet.rosteredCount, poolSize: fleet.firstAddedVehicle - fleet.rosteredCount)
    }

    /// Schedules the first events: arrivals, shifts, hospital capacity, mode changes, hours.
    public mutating func start(calendar: inout EventCalendar<ServiceEvent>) {
        measure.reserve(configuration)
        demand.start(zones: configuration.zones.count, calendar: &calendar)
        for v in fleet.onDailyShifts {
            if fleet.scheduleFirstShift(v, calendar: &calendar, measure: &measure) { offerToWaitingCalls(v, calendar: &calendar) }
        }
        if configuration.surge != nil { scheduleSurgeReview(calendar: &calendar) }
        hospitals.startEvents(calendar: &calendar)
        for (i, at) in configuration.disruption.absoluteMinutes.enumerated() where at >= 0 && at <= horizon {
            calendar.schedule(.recordModeChanges(index: Int32(i)), at: at, priority: EventPriority.modeChange)
        }
        scheduleDisruptionPeriods(calendar: &calendar)
        scheduleResourcePeriods(calendar: &calendar)
        records.start(calendar: &calendar) { [clock] in clock.nextTime(minuteOfDay: $0, after: 0, inclusive: true) }
        if !measure.hourArrivals.isEmpty { calendar.schedule(.hourEnds(index: 0), at: min(60, horizon), priority: EventPriority.hourEnd) }
        if controlRoom.reviewsCalls { scheduleClinicianRosterChange(calendar: &calendar) }
        if warmUp == 0 { measure.finishWarmUp(at: 0) }
    }

    public mutating func handle(_ event: ServiceEvent, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        measure.advance(to: now)
        switch event {
        case .residentCallArrives(let z):
            callArrives(zone: Int(z.index), visitor: false, calendar: &calendar)
        case .visitorCallArrives(let z):
            callArrives(zone: Int(z.index), visitor: true, calendar: &calendar)
        case .tracedCallArrives(let i):
            tracedCallArrives(index: Int(i), calendar: &calendar)
        case .callIsReadyForDispatch(let call):
            callIsReadyForDispatch(call.index, calendar: &calendar)
        case .vehicleReachesScene(let v, let trip):
            if fleet[Int(v.index)].sceneTrip == trip { vehicleReachesScene(v.index, calendar: &calendar) }
        case .vehicleLeavesScene(let v):
            vehicleLeavesScene(v.index, calendar: &calendar)
        case .vehicleReachesHospital(let v):
            vehicleReachesHospital(v.index, calendar: &calendar)
        case .handoverEnds(let p):
            handoverEnds(p.index, calendar: &calendar)
        case .offloadSpaceFrees(let p):
            hospitals.offloadSpaceFrees(p.index, effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
        case .crewReleaseFallsDue(let p):
            crewReleaseFallsDue(p.index, calendar: &calendar)
        case .edStayEnds(let p):
            hospitals.edStayEnds(p.index, effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
        case .walkInArrives(let h):
            hospitals.walkInArrives(Int(h.index), effects: records.effects, calendar: &calendar)
        case .vehicleClears(let v):
            vehicleClears(v.index, calendar: &calendar)
        case .shiftStarts(let v):
            if fleet.shiftStarts(Int(v.index), calendar: &calendar, measure: &measure) { offerToWaitingCalls(Int(v.index), calendar: &calendar) }
        case .shiftEnds(let v):
            fleet.leaveRoster(Int(v.index), at: now, measure: &measure)
        case .hospitalCapacityChanges(let h):
            hospitals.capacityChanges(Int(h.index), effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
        case .redirectedCallArrives(let z, let source):
            redirectedCallArrives(zone: Int(z.index), source: Int(source), calendar: &calendar)
        case .disruptionStarts(let i):
            disruptionPeriodChanges(Int(i), starts: true, calendar: &calendar)
        case .disruptionEnds(let i):
            disruptionPeriodChanges(Int(i), starts: false, calendar: &calendar)
        case .recordModeChanges(let i):
            records.changeMode(to: configuration.disruption[Int(i)].mode, calendar: &calendar)
        case .backOfficeStartsWork:
            records.backOfficeStartsWork(calendar: &calendar)
        case .backOfficeStopsWork:
            records.backOfficeStopsWork()
        case .backOfficeFinishesRecord(let s):
            records.backOfficeFinishesRecord(staff: Int(s), calendar: &calendar, kpi: &measure.kpi)
        case .hourEnds(let i):
            hourEnds(Int(i), calendar: &calendar)
        case .callIsDueForReview(let call, let ticket):
            callIsDueForReview(call.index, ticket: ticket, calendar: &calendar)
        case .reviewEnds(let desk):
            reviewEnds(desk: Int(desk), calendar: &calendar)
        case .callIsAbandoned(let call, let ticket):
            callIsAbandoned(call.index, ticket: ticket, calendar: &calendar)
        case .clinicianRosterChanges:
            clinicianRosterChanges(calendar: &calendar)
        case .surgeLevelIsReviewed:
            surgeLevelIsReviewed(calendar: &calendar)
        case .resourcePeriodChanges(let i):
            resourcePeriodChanges(Int(i), calendar: &calendar)
        }
    }

    /// A call or shift overrun at `t` is measured: after the warm-up, before the run-out.
    @inline(__always)
    func isCounted(_ t: Double) -> Bool { measure.isCounted(t) }

    /// Minutes of [a, b] inside the counted period [warm-up, run-out).
    @inline(__always)
    func countedMinutes(from a: Double, to b: Double) -> Double { measure.countedMinutes(from: a, to: b) }

    /// Expected minutes from zone `a` to zone `b`.
    @inline(__always)
    func travel(from a: Int, to b: Int) -> Double { fleet.travel(from: a, to: b) }
}
