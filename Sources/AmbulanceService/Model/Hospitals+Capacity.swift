import DES
import Stochastics

/// Hospitals: the EDs' capacity to accept (by the hour, cut by a disruption, raised by an
/// open cohort area) and the walk-ins that share ED bays with ambulance patients.
extension Hospitals {
    /// Cohort escalation: the area opens when `openAtQueue` patients wait.
    mutating func openCohortIfNeeded(hospital h: Int, effects: RecordModeEffects, capacityFactor: [Double],
                                             calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        guard let cohort = acceptance.cohort, !cohortOpen[h], offload[h].queueLength >= cohort.openAtQueue else { return }
        cohortOpen[h] = true
        cohortOpenedAt[h] = calendar.now
        applyCapacity(hospital: h, effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
    }

    /// The cohort area closes once nobody waits (spaces in use finish their patients).
    mutating func closeCohortIfEmpty(hospital h: Int, capacityFactor: [Double], at now: Double, measure: inout Measurement) {
        guard acceptance.cohort != nil, cohortOpen[h], offload[h].queueLength == 0 else { return }
        cohortOpen[h] = false
        if let opened = cohortOpenedAt[h] { measure.kpi.cohortOpenMinutes += measure.countedMinutes(from: opened, to: now) }
        cohortOpenedAt[h] = nil
        // Nobody waits, so a fall in capacity starts nobody.
        _ = offload[h].setCapacity(capacity(hospital: h, capacityFactor: capacityFactor, at: now), at: now)
    }

    func scheduleNextWalkIn(hospital h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        guard let ed = hospitals[h].emergencyDepartment else { return }
        // Hourly-constant rate: draw the next arrival by inversion hour by hour.
        var t = calendar.now
        var level = walkInStream.exponential(mean: 1)
        while t < horizon {
            let rate = ed.walkInsPerHour[clock.hourOfDay(at: t)] / 60
            let hourEnd = clock.nextHour(after: t)
            let mass = rate * (hourEnd - t)
            if rate > 0 && level <= mass {
                calendar.schedule(.walkInArrives(HospitalID(h)), at: t + level / rate)
                return
            }
            level -= mass
            t = hourEnd
        }
    }

    mutating func walkInArrives(_ h: Int, effects: RecordModeEffects, calendar: inout EventCalendar<ServiceEvent>) {
        scheduleNextWalkIn(hospital: h, calendar: &calendar)
        let p = patients.insert(PatientRecord(arrival: calendar.now, hospital: Int32(h), vehicle: -1, counted: false, isWalkIn: true))
        if offload[h].request(p, at: calendar.now) { startHandover(p, effects: effects, calendar: &calendar) }
    }

    mutating func capacityChanges(_ h: Int, effects: RecordModeEffects, capacityFactor: [Double],
                                  calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        applyCapacity(hospital: h, effects: effects, capacityFactor: capacityFactor, calendar: &calendar, measure: &measure)
        if calendar.now + 60 < horizon { calendar.schedule(.hospitalCapacityChanges(HospitalID(h)), after: 60, priority: EventPriority.capacityChange) }
    }

    /// Offload spaces (or ED bays) at `h` now: the hour's figure, cut by the capacity
    /// factor in force (rounded, at least 1), plus an open cohort area, plus spaces added
    /// by `resources:` periods in force. The one place a
    /// hospital's capacity is worked out (hourly changes, cohort areas, disruptions).
    @inline(__always)
    func capacity(hospital h: Int, capacityFactor: [Double], at now: Double) -> Int {
        let hospital = hospitals[h]
        var base = hospital.emergencyDepartment?.bays ?? hospital.offloadCapacityByHour[clock.hourOfDay(at: now)]
        if !capacityFactor.isEmpty, capacityFactor[h] != 1 {
            base = max(1, Int((Double(base) * capacityFactor[h]).rounded()))
        }
        return base + (cohortOpen[h] ? acceptance.cohort!.spaces : 0) + (addedSpaces.isEmpty ? 0 : spacesAdded(hospital: h, at: now))
    }

    /// Spaces added at `h` by the `resources:` periods in force at `now`.
    @inline(never)
    func spacesAdded(hospital h: Int, at now: Double) -> Int {
        addedSpaces.reduce(0) { $0 + ($1.isInForce(at: now) && $1.actsOn(hospital: h) ? $1.spaces : 0) }
    }

    /// Sets hospital `h`'s pool to its capacity now; patients waiting start if it rose.
    @inline(never)
    mutating func applyCapacity(hospital h: Int, effects: RecordModeEffects, capacityFactor: [Double],
                                calendar: inout EventCalendar<ServiceEvent>, measure: inout Measurement) {
        let now = calendar.now
        let capacity = capacity(hospital: h, capacityFactor: capacityFactor, at: now)
        guard capacity != offload[h].capacity else { return }
        for p in offload[h].setCapacity(capacity, at: now) {
            if patients[p].vehicle >= 0 { ambulanceQueue(atHospital: h, changesBy: -1, at: now, measure: &measure) }
            startHandover(p, effects: effects, calendar: &calendar)
        }
    }
}
