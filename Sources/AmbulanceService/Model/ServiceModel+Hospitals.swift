import DES
import Stochastics

extension ServiceModel {
    /// Ambulances waiting for a space at hospital `h` change by `delta` (the service's
    /// queue and the hospital's).
    @inline(__always)
    mutating func ambulanceQueue(atHospital h: Int, changesBy delta: Double, at now: Double) {
        measure.hospitalQueue.record(measure.hospitalQueue.value + delta, at: now)
        measure.breakdown.queueChanges(hospital: h, by: delta, at: now, counted: isCounted(now))
    }

    mutating func vehicleReachesHospital(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let now = calendar.now
        let hospital = Int(vehicles[v].patient)
        let call = vehicles[v].call
        vehicles[v].state = .atHospital
        vehicles[v].zone = Int32(configuration.hospitals[hospital].zone)
        if calls[call].counted { measure.breakdown.hospitalArrivals[hospital] += 1 }
        let patient = patients.insert(PatientRecord(arrival: now, hospital: Int32(hospital), vehicle: Int32(v),
                                                    counted: calls[call].counted, isWalkIn: false))
        vehicles[v].patient = patient
        if offload[hospital].request(patient, at: now) {
            startHandover(patient, calendar: &calendar)
        } else {
            ambulanceQueue(atHospital: hospital, changesBy: 1, at: now)
            openCohortIfNeeded(hospital: hospital, calendar: &calendar)
            if let r = configuration.releaseToRespondMinutes {
                calendar.schedule(.crewReleaseFallsDue(PatientID(Int(patient))), after: r)
            }
        }
    }

    /// A patient gets an offload slot (or ED bay): the handover begins.
    mutating func startHandover(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let hospital = configuration.hospitals[Int(patients[p].hospital)]
        // Hospital pressure: how long the ED holds the space (or bay), relative to the scenario's own.
        let pressure = acceptancePressure.factor(hospital: Int(patients[p].hospital), at: calendar.now)
        patients[p].handoverStarted = true
        if patients[p].isWalkIn {
            patients[p].inBay = true
            let stay = hospital.emergencyDepartment!.stayMinutes.sample(using: walkInStream) * pressure
            calendar.schedule(.edStayEnds(PatientID(Int(p))), after: max(0, stay))
            return
        }
        let effects = records.effects
        let hospitalMinutes = max(0, hospital.handoverMinutes.sample(using: handoverStream))
        let minutes = max(0, hospitalMinutes + effects.handoverExtraMinutes)
        // What the space (or bay) is held for: the crew's whole handover in the first model,
        // the hospital's own handover time when record minutes are crew work.
        let holdsSpaceApart = !configuration.hospitalAcceptance.recordMinutesHoldSpace
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

    mutating func handoverEnds(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let h = Int(patients[p].hospital)
        let crew = patients[p].vehicle
        if crew >= 0 {
            recordHandover(p, released: false, at: now)
            patients[p].vehicle = -1
            startClearing(Int(crew), extra: records.effects.clearExtraMinutes, calendar: &calendar)
        }
        if configuration.hospitals[h].emergencyDepartment == nil {
            if patients[p].spaceApart {
                // The space frees by its own event; the record goes with whichever ends last.
                if !patients[p].holdsSpace { patients.release(p) }
            } else if configuration.hospitalAcceptance.recordMinutesHoldSpace {
                releaseSlot(hospital: h, calendar: &calendar)
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
    mutating func offloadSpaceFrees(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let h = Int(patients[p].hospital)
        patients[p].holdsSpace = false
        releaseSlot(hospital: h, calendar: &calendar)
        if patients[p].vehicle < 0 { patients.release(p) }
    }

    mutating func recordHandover(_ p: Int32, released: Bool, at now: Double) {
        let minutes = now - patients[p].arrival
        let counted = patients[p].counted
        let lost = max(0, minutes - 15) / 60
        measure.hourHoursLost[min(measure.hourHoursLost.count - 1, Int(now / 60))] += lost
        if counted {
            measure.kpi.handovers.append(minutes)
            measure.breakdown.noteHandover(hospital: patients[p].hospital)
        }
        if configuration.recordCalls {
            measure.handoverTraces.append(HandoverTrace(arrivalMinutes: patients[p].arrival, hospital: Int(patients[p].hospital), minutes: minutes,
                                                recordMode: records.mode, released: released, counted: counted))
        }
    }

    /// Frees an offload slot or bay; the next waiting patient starts.
    mutating func releaseSlot(hospital h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        if let next = offload[h].release(at: now) {
            if !patients[next].isWalkIn && patients[next].vehicle >= 0 { ambulanceQueue(atHospital: h, changesBy: -1, at: now) }
            startHandover(next, calendar: &calendar)
        }
        closeCohortIfEmpty(hospital: h, at: now)
    }

    /// Cohort escalation: the area opens when `openAtQueue` patients wait.
    mutating func openCohortIfNeeded(hospital h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        guard let cohort = configuration.hospitalAcceptance.cohort, !cohortOpen[h], offload[h].queueLength >= cohort.openAtQueue else { return }
        cohortOpen[h] = true
        cohortOpenedAt[h] = calendar.now
        applyAcceptanceCapacity(hospital: h, calendar: &calendar)
    }

    /// The cohort area closes once nobody waits (spaces in use finish their patients).
    mutating func closeCohortIfEmpty(hospital h: Int, at now: Double) {
        guard configuration.hospitalAcceptance.cohort != nil, cohortOpen[h], offload[h].queueLength == 0 else { return }
        cohortOpen[h] = false
        if let opened = cohortOpenedAt[h] { measure.kpi.cohortOpenMinutes += countedMinutes(from: opened, to: now) }
        cohortOpenedAt[h] = nil
        // Nobody waits, so a fall in capacity starts nobody.
        _ = offload[h].setCapacity(acceptanceCapacity(hospital: h, at: now), at: now)
    }

    /// Release-to-respond: a crew still waiting for a slot hands the patient to a cohort area.
    mutating func crewReleaseFallsDue(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let crew = patients[p].vehicle
        // Stale when the handover has begun, or the patient slot has been reused since
        // (the new occupant arrived later, so arrival + delay no longer equals now).
        guard crew >= 0, !patients[p].handoverStarted, let delay = configuration.releaseToRespondMinutes,
              patients[p].arrival + delay == now else { return }
        if patients[p].counted {
            measure.kpi.crewReleases += 1
            measure.breakdown.crewReleases[Int(patients[p].hospital)] += 1
        }
        recordHandover(p, released: true, at: now)
        ambulanceQueue(atHospital: Int(patients[p].hospital), changesBy: -1, at: now)
        patients[p].vehicle = -1
        startClearing(Int(crew), extra: records.effects.clearExtraMinutes, calendar: &calendar)
    }

    mutating func edStayEnds(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let h = Int(patients[p].hospital)
        patients[p].inBay = false
        releaseSlot(hospital: h, calendar: &calendar)
        if patients[p].isWalkIn || patients[p].vehicle < 0 { patients.release(p) }
    }

    mutating func scheduleNextWalkIn(hospital h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        guard let ed = configuration.hospitals[h].emergencyDepartment else { return }
        // Hourly-constant rate: draw the next arrival by inversion hour by hour.
        var t = calendar.now
        var level = walkInStream.exponential(mean: 1)
        while t < horizon {
            let hour = Self.hourOfDay(configuration, at: t)
            let rate = ed.walkInsPerHour[hour] / 60
            let hourEnd = t + (60 - minuteOfDay(at: t).truncatingRemainder(dividingBy: 60))
            let mass = rate * (hourEnd - t)
            if rate > 0 && level <= mass {
                calendar.schedule(.walkInArrives(HospitalID(h)), at: t + level / rate)
                return
            }
            level -= mass
            t = hourEnd
        }
    }

    mutating func walkInArrives(_ h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        scheduleNextWalkIn(hospital: h, calendar: &calendar)
        let p = patients.insert(PatientRecord(arrival: calendar.now, hospital: Int32(h), vehicle: -1, counted: false, isWalkIn: true))
        if offload[h].request(p, at: calendar.now) { startHandover(p, calendar: &calendar) }
    }

    mutating func hospitalCapacityChanges(_ h: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        applyAcceptanceCapacity(hospital: h, calendar: &calendar)
        if now + 60 < horizon { calendar.schedule(.hospitalCapacityChanges(HospitalID(h)), after: 60, priority: EventPriority.capacityChange) }
    }

    /// The crew cleans and restocks (plus back-entry of paper records after restoration),
    /// then becomes free.
    mutating func startClearing(_ v: Int, extra: Double, calendar: inout EventCalendar<ServiceEvent>) {
        vehicles[v].state = .clearing
        var minutes = configuration.jobCycle.clearMinutes.sample(using: clearingStream) + extra
        let backEntry = records.takeCrewBackEntry(kpi: &measure.kpi)
        if backEntry.records > 0 { vehicles[v].backEntryRecords = Int32(backEntry.records) }
        minutes += backEntry.minutes
        calendar.schedule(.vehicleClears(VehicleID(v)), after: max(0, minutes))
    }

    mutating func vehicleClears(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let now = calendar.now
        if vehicles[v].backEntryRecords > 0 {
            records.finishCrewBackEntry(records: Int(vehicles[v].backEntryRecords), at: now)
            vehicles[v].backEntryRecords = 0
        }
        let call = vehicles[v].call
        if call >= 0, !vehicles[v].isSecondVehicle, calls[call].counted {
            measure.kpi.jobCycleSum += now - vehicles[v].jobStart
            measure.kpi.jobCycles += 1
        }
        vehicles[v].patient = -1
        vehicleFinishesCall(v)
        vehicleBecomesFree(v, calendar: &calendar)
    }
}
