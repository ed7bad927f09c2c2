import DES
import Stochastics

/// The emergency departments: which one a conveyance goes to, and how they accept
/// ambulance patients. It owns the offload spaces (or ED bays shared with walk-ins), the
/// patients at hospital, cohort areas opened when ambulances queue, the EDs' pressure by
/// date, walk-ins, release-to-respond, and its streams (handover, walk-ins); it schedules
/// its own events. It answers the coordinator with the crew it has finished with, which
/// then clears; it reports queues, handovers and cohort hours to `Measurement`.
///
/// Each method that may start a handover takes the record-mode `effects` in force (the
/// paper minutes of a handover are the crew's) and the disruption's `capacityFactor` (an
/// ED's capacity cut); both are the coordinator's to know.
struct Hospitals {
    let hospitals: [Hospital]
    let acceptance: HospitalAcceptance
    let releaseToRespondMinutes: Double?
    let recordCalls: Bool
    let clock: RunClock
    let horizon: Double
    var offload: [ResourcePool<Int32>]
    var patients = SlotArray<PatientRecord>()
    /// Per hospital: the cohort area is open (its spaces are added to the capacity), and since when.
    var cohortOpen: [Bool]
    var cohortOpenedAt: [Double?]
    /// Hospital pressure by date (its own file and state).
    var pressure: AcceptancePressure
    /// Offload spaces added for dated periods (`resources:` of kind spaces).
    let addedSpaces: [ResourcePeriod]
    let handoverStream: RandomStream
    let walkInStream: RandomStream
    let nearest: [Int32]
    /// Normalised hospital shares per zone (empty: nearest hospital).
    let shares: [[Double]]
    /// Per zone, hospitals nearest first (when a hospital may divert).
    let byDistance: [[Int32]]

    init(configuration c: ServiceConfiguration, stream: (StreamPurpose, Int) -> RandomStream, mayDivert: Bool) {
        hospitals = c.hospitals
        acceptance = c.hospitalAcceptance
        releaseToRespondMinutes = c.releaseToRespondMinutes
        recordCalls = c.recordCalls
        clock = RunClock(start: c.start)
        horizon = c.horizonMinutes
        handoverStream = stream(.handover, 0)
        walkInStream = stream(.walkIns, 0)
        offload = c.hospitals.map { h in
            ResourcePool(capacity: h.emergencyDepartment?.bays ?? h.offloadCapacityByHour[RunClock(start: c.start).hourOfDay(at: 0)])
        }
        cohortOpen = Array(repeating: false, count: c.hospitals.count)
        cohortOpenedAt = Array(repeating: nil, count: c.hospitals.count)
        pressure = AcceptancePressure(configuration: c)
        addedSpaces = c.resources.filter { $0.kind == .spaces }
        nearest = c.zones.indices.map { z in
            Int32(c.hospitals.indices.min { c.travel.expectedMinutes[z][c.hospitals[$0].zone] < c.travel.expectedMinutes[z][c.hospitals[$1].zone] }!)
        }
        if case .shares(let rows) = c.hospitalChoice {
            shares = rows.map { row in row.map { $0 / row.reduce(0, +) } }
        } else {
            shares = []
        }
        byDistance = !mayDivert ? [] : c.zones.indices.map { z in
            c.hospitals.indices.sorted { (c.travel.expectedMinutes[z][c.hospitals[$0].zone], $0) < (c.travel.expectedMinutes[z][c.hospitals[$1].zone], $1) }
                .map(Int32.init)
        }
    }

    /// Schedules each ED's hourly capacity changes (when its capacity changes by the hour)
    /// and its first walk-in (an ED with bays).
    func startEvents(calendar: inout EventCalendar<ServiceEvent>) {
        for h in hospitals.indices {
            if hospitals[h].emergencyDepartment == nil {
                let byHour = hospitals[h].offloadCapacityByHour
                let next = clock.nextHour(after: 0)
                if next < horizon, byHour.contains(where: { $0 != byHour[0] }) {
                    calendar.schedule(.hospitalCapacityChanges(HospitalID(h)), at: next, priority: EventPriority.capacityChange)
                }
            } else {
                scheduleNextWalkIn(hospital: h, calendar: &calendar)
            }
        }
    }

    // MARK: which hospital

    /// The hospital a conveyance from `zone` goes to: the nearest, or the hospital whose
    /// cumulative share first exceeds the call's own hospital draw.
    @inline(__always)
    func destination(zone: Int, draw: Double) -> Int {
        guard !shares.isEmpty else { return Int(nearest[zone]) }
        var cumulative = 0.0
        for (i, share) in shares[zone].enumerated() {
            cumulative += share
            if draw < cumulative { return i }
        }
        return shares[zone].lastIndex { $0 > 0 } ?? 0
    }

    /// The nearest hospital to `zone` that is not on divert.
    func nearestOpen(zone: Int, diverted: [Bool]) -> Int { Int(byDistance[zone].first { !diverted[Int($0)] }!) }

    // MARK: acceptance

    /// Ambulances waiting for a space at hospital `h` change by `delta` (the service's queue and the hospital's).
    @inline(__always)
    func ambulanceQueue(atHospital h: Int, changesBy delta: Double, at now: Double, measure: inout Measurement) {
        measure.hospitalQueue.record(measure.hospitalQueue.value + delta, at: now)
        measure.breakdown.queueChanges(hospital: h, by: delta, at: now, counted: measure.isCounted(now))
    }

    /// Crew `v` arrives at hospital `h` with its patient: the handover starts if a space is
    /// free, else the crew queues (a cohort area may open; release-to-respond falls due).
    /// Returns the patient's record.
    mutating func ambulanceArrives(crew v: Int, hospital h: Int, counted: Bool, effects: RecordModeEffects, capacityFactor: [Double],
                                   calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) -> Int32 {
        let now = calendar.now
        if counted { measure.breakdown.hospitalArrivals[h] += 1 }
        let patient = patients.insert(PatientRecord(arrival: now, hospital: Int32(h), vehicle: Int32(v), counted: counted, isWalkIn: false))
        if offload[h].request(patient, at: now) {
            startHandover(patient, effects: effects, calendar: &calendar)
        } else {
            ambulanceQueue(atHospital: h, changesBy: 1, at: now, measure: &measure)
            openCohortIfNeeded(hospital: h, effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
            if let r = releaseToRespondMinutes { calendar.schedule(.crewReleaseFallsDue(PatientID(Int(patient))), after: r) }
        }
        return patient
    }

    /// A patient gets an offload slot (or ED bay): the handover begins.
    mutating func startHandover(_ p: Int32, effects: RecordModeEffects, calendar: inout EventCalendar<ServiceEvent>) {
        let hospital = hospitals[Int(patients[p].hospital)]
        // Hospital pressure: how long the ED holds the space (or bay), relative to the scenario's own.
        let pressure = pressure.factor(hospital: Int(patients[p].hospital), at: calendar.now)
        patients[p].handoverStarted = true
        if patients[p].isWalkIn {
            patients[p].inBay = true
            let stay = hospital.emergencyDepartment!.stayMinutes.sample(using: walkInStream) * pressure
            calendar.schedule(.edStayEnds(PatientID(Int(p))), after: max(0, stay))
            return
        }
        let hospitalMinutes = max(0, hospital.handoverMinutes.sample(using: handoverStream))
        let minutes = max(0, hospitalMinutes + effects.handoverExtraMinutes)
        // What the space (or bay) is held for: the crew's whole handover in the first model,
        // the hospital's own handover time when record minutes are crew work.
        let holdsSpaceApart = !acceptance.recordMinutesHoldSpace
        let spaceMinutes = holdsSpaceApart ? hospitalMinutes : minutes
        if let ed = hospital.emergencyDepartment {
            patients[p].inBay = true
            let stay = ed.stayMinutes.sample(using: walkInStream) * pressure
            calendar.schedule(.edStayEnds(PatientID(Int(p))), after: max(spaceMinutes, stay))
        } else if holdsSpaceApart || pressure != 1 {
            patients[p].holdsSpace = true
            patients[p].spaceApart = true
            calendar.schedule(.offloadSpaceFrees(PatientID(Int(p))), after: spaceMinutes * pressure)
            // A crew released to respond has gone: only the space is left to free.
            if patients[p].vehicle < 0 { return }
        }
        calendar.schedule(.handoverEnds(PatientID(Int(p))), after: minutes)
    }

    /// The crew's handover ends: it is recorded, and the crew returned to clear (nil when
    /// it had been released). The coordinator then calls `afterHandover`.
    mutating func handoverEnds(_ p: Int32, mode: RecordMode, at now: Double, measure: inout Measurement) -> Int? {
        let crew = patients[p].vehicle
        guard crew >= 0 else { return nil }
        recordHandover(p, released: false, mode: mode, at: now, measure: &measure)
        patients[p].vehicle = -1
        return Int(crew)
    }

    /// After a handover (and its crew's clearing began): the space frees when the record
    /// minutes held it, and the patient's record goes when nothing else holds it.
    mutating func afterHandover(_ p: Int32, effects: RecordModeEffects, capacityFactor: [Double],
                                calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        let h = Int(patients[p].hospital)
        if hospitals[h].emergencyDepartment == nil {
            if patients[p].spaceApart {
                // The space frees by its own event; the record goes with whichever ends last.
                if !patients[p].holdsSpace { patients.release(p) }
            } else if acceptance.recordMinutesHoldSpace {
                releaseSlot(hospital: h, effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
                patients.release(p)
            } else {
                patients.release(p)
            }
        } else if !patients[p].inBay {
            patients.release(p)
        }
    }

    /// The ED has taken the patient over: the space frees; the patient's record goes once
    /// the crew has finished too.
    mutating func offloadSpaceFrees(_ p: Int32, effects: RecordModeEffects, capacityFactor: [Double],
                                    calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        patients[p].holdsSpace = false
        releaseSlot(hospital: Int(patients[p].hospital), effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
        if patients[p].vehicle < 0 { patients.release(p) }
    }

    mutating func recordHandover(_ p: Int32, released: Bool, mode: RecordMode, at now: Double, measure: inout Measurement) {
        let minutes = now - patients[p].arrival
        let counted = patients[p].counted
        let lost = max(0, minutes - 15) / 60
        measure.hourHoursLost[min(measure.hourHoursLost.count - 1, Int(now / 60))] += lost
        if counted {
            measure.kpi.handovers.append(minutes)
            measure.breakdown.noteHandover(hospital: patients[p].hospital)
        }
        if recordCalls {
            measure.handoverTraces.append(HandoverTrace(arrivalMinutes: patients[p].arrival, hospital: Int(patients[p].hospital), minutes: minutes,
                                                        recordMode: mode, released: released, counted: counted))
        }
    }

    /// Frees an offload slot or bay; the next waiting patient starts.
    mutating func releaseSlot(hospital h: Int, effects: RecordModeEffects, capacityFactor: [Double],
                                      calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        let now = calendar.now
        if let next = offload[h].release(at: now) {
            if !patients[next].isWalkIn && patients[next].vehicle >= 0 { ambulanceQueue(atHospital: h, changesBy: -1, at: now, measure: &measure) }
            startHandover(next, effects: effects, calendar: &calendar)
        }
        closeCohortIfEmpty(hospital: h, capacityFactor: capacityFactor, at: now, measure: &measure)
    }

    /// Release-to-respond: a crew still waiting for a slot hands the patient to a cohort
    /// area. Returns the crew, to clear (nil when the event is stale).
    mutating func crewReleaseFallsDue(_ p: Int32, mode: RecordMode, at now: Double, measure: inout Measurement) -> Int? {
        let crew = patients[p].vehicle
        // Stale when the handover has begun, or the patient slot has been reused since
        // (the new occupant arrived later, so arrival + delay no longer equals now).
        guard crew >= 0, !patients[p].handoverStarted, let delay = releaseToRespondMinutes, patients[p].arrival + delay == now else { return nil }
        if patients[p].counted {
            measure.kpi.crewReleases += 1
            measure.breakdown.crewReleases[Int(patients[p].hospital)] += 1
        }
        recordHandover(p, released: true, mode: mode, at: now, measure: &measure)
        ambulanceQueue(atHospital: Int(patients[p].hospital), changesBy: -1, at: now, measure: &measure)
        patients[p].vehicle = -1
        return Int(crew)
    }

    mutating func edStayEnds(_ p: Int32, effects: RecordModeEffects, capacityFactor: [Double],
                             calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        patients[p].inBay = false
        releaseSlot(hospital: Int(patients[p].hospital), effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
        if patients[p].isWalkIn || patients[p].vehicle < 0 { patients.release(p) }
    }

    /// Hours cohort areas were open in the counted period, those still open counted to `end`.
    func cohortHours(until end: Double, measure: Measurement) -> Double {
        var minutes = measure.kpi.cohortOpenMinutes
        for opened in cohortOpenedAt { if let opened { minutes += measure.countedMinutes(from: opened, to: end) } }
        return minutes / 60
    }
}
