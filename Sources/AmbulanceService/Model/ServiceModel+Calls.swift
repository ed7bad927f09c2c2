import DES
import Stochastics

extension ServiceModel {
    mutating func callArrives(zone z: Int, visitor: Bool, calendar: inout EventCalendar<ServiceEvent>) {
        let draws = demand.generatedCall(zone: z, visitor: visitor, calendar: &calendar)
        if visitor && isCounted(calendar.now) {
            measure.kpi.visitorCalls += 1
            measure.breakdown.noteVisitorCall(zone: z)
        }
        let hour = Int(calendar.now / 60)
        if visitor { measure.hourVisitorArrivals[hour] += 1 }
        callConnects(zone: z, draws: draws, calendar: &calendar)
    }

    /// A generated call connects with its draws: hear-and-treat is decided now, the
    /// vehicles it needs from the second-vehicle draw, then it is opened.
    @inline(__always) // on every call: inlined, not a call that would copy the model
    mutating func callConnects(zone z: Int, draws: DemandGenerator.Draws, calendar: inout EventCalendar<ServiceEvent>) {
        var draw = draws.disposition
        let hearAndTreat = decideHearAndTreat(category: draws.category, draw: &draw, counted: isCounted(calendar.now))
        let needed: Int8 = hearAndTreat ? 0 : (draws.secondVehicle < configuration[draws.category].secondVehicleProbability ? 2 : 1)
        openCall(zone: z, category: draws.category, disposition: hearAndTreat ? .hearAndTreat : nil, dispositionDraw: draw,
                 hospitalDraw: draws.hospital, vehiclesNeeded: needed, calendar: &calendar)
    }

    mutating func tracedCallArrives(index i: Int, calendar: inout EventCalendar<ServiceEvent>) {
        guard let (incident, secondVehicleDraw, hospitalDraw) = demand.tracedCall(index: i, calendar: &calendar) else { return }
        let hearAndTreat = incident.disposition == .hearAndTreat
        let needed: Int8 = hearAndTreat ? 0 : (secondVehicleDraw < configuration[incident.category].secondVehicleProbability ? 2 : 1)
        openCall(zone: incident.zone, category: incident.category, disposition: incident.disposition, dispositionDraw: 0,
                 hospitalDraw: hospitalDraw, vehiclesNeeded: needed, calendar: &calendar)
    }

    mutating func openCall(zone z: Int, category: CallCategory, disposition: Disposition?, dispositionDraw: Double, hospitalDraw: Double,
                           vehiclesNeeded: Int8, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let counted = isCounted(now)
        measure.hourArrivals[Int(now / 60)] += 1
        if counted {
            measure.kpi.calls += 1
            measure.breakdown.noteCall(zone: z)
            measure.kpi.categoryCalls[category.rawValue - 1] += 1
            if disposition == .hearAndTreat { measure.kpi.dispositions[Disposition.hearAndTreat.rawValue] += 1 }
        }
        if vehiclesNeeded == 0 {
            if configuration.recordCalls {
                measure.callTraces.append(CallTrace(arrivalMinutes: now, zone: z, category: category, disposition: disposition, responseMinutes: nil,
                                            vehicles: 0, counted: counted))
            }
            return
        }
        let record = CallRecord(arrival: now, zone: Int32(z), category: category, disposition: disposition,
                                dispositionDraw: dispositionDraw, hospitalDraw: hospitalDraw, vehiclesNeeded: vehiclesNeeded,
                                counted: counted)
        let id = calls.insert(record)
        if calls.liveCount > ServiceModel.maximumOpenCalls, overwhelmedAtMinutes == nil { overwhelmedAtMinutes = now }
        _ = stack.open(id)
        var delay = configuration[category].dispatchDelayMinutes.sample(using: dispatchStream)
        if disruptions.dispatchDisrupted { delay = manualDispatchDelay(delay, category: category, counted: counted) }
        // No delay: dispatch now, rather than through an event that would fire at once.
        if delay > 0 {
            calendar.schedule(.callIsReadyForDispatch(CallID(Int(id))), after: delay)
        } else {
            callIsReadyForDispatch(id, calendar: &calendar)
        }
    }

    mutating func callIsReadyForDispatch(_ call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        calls[call].readyTime = calendar.now
        let zone = Int(calls[call].zone)
        let cars = configuration[calls[call].category].carsMayRespond
        for _ in 0..<calls[call].vehiclesNeeded {
            dispatchOne(call, zone: zone, allowCars: cars, calendar: &calendar)
        }
        if calls[call].vehiclesAssigned == 0 { callJoinsStack(call, calendar: &calendar) }
    }

    /// Sends one vehicle to `call` (the nearest free one, or an en-route one for a C1 when
    /// that is sooner), or puts the request on the stack.
    mutating func dispatchOne(_ call: Int32, zone: Int, allowCars: Bool, calendar: inout EventCalendar<ServiceEvent>) {
        fleet.settleArrivals(at: calendar.now, vehicles: &vehicles)
        let free = fleet.nearest(toZone: zone, at: calendar.now, vehicles: vehicles, travelMinutes: travelMinutes, zones: zoneCount,
                                 reach: configuration.dispatchReachMinutes, allowCars: allowCars, byStation: disruptions.choosesByStation)
        if calls[call].category == .c1, let v = retaskCandidate(forZone: zone, soonerThan: free?.minutes, allowCars: allowCars) {
            retask(vehicle: v, to: call, calendar: &calendar)
        } else if let v = free?.vehicle {
            assign(vehicle: v, to: call, calendar: &calendar)
        } else {
            stack.add(call, zone: zone, category: calls[call].category.rawValue, readyTime: calls[call].readyTime, ambulanceOnly: !allowCars)
        }
    }

    /// Expected minutes from a vehicle to zone `z` (before the category's speed factor).
    /// Static, over the arrays it needs: a method on `self` called from the model's
    /// mutating handlers made the compiler copy the whole model (1.7 kB) on every dispatch.
    @inline(__always)
    static func expectedTravel(_ vehicle: borrowing VehicleRecord, toZone z: Int, at t: Double,
                               minutes: UnsafeBufferPointer<Double>, zones: Int) -> Double {
        let here = minutes[Int(vehicle.zone) * zones + z]
        if vehicle.state == .returning, vehicle.returnEnd > vehicle.returnStart {
            let remaining = max(0, min(1, (vehicle.returnEnd - t) / (vehicle.returnEnd - vehicle.returnStart)))
            return remaining * here + (1 - remaining) * minutes[Int(vehicle.homeZone) * zones + z]
        }
        return here
    }


    /// Sends available vehicle `v` to `call`.
    mutating func assign(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        makeUnavailable(v, at: calendar.now)
        send(vehicle: v, to: call, calendar: &calendar)
    }

    /// Vehicle `v` (no longer available) drives to `call`.
    mutating func send(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let zone = Int(calls[call].zone)
        let zones = zoneCount
        let expected = vehicles.withUnsafeBufferPointer { vs in
            travelMinutes.withUnsafeBufferPointer { Self.expectedTravel(vs[v], toZone: zone, at: now, minutes: $0, zones: zones) }
        }
        let atStation = vehicles[v].state == .atStation || (vehicles[v].state == .returning && now >= vehicles[v].returnEnd)
        if calls[call].counted && now - calls[call].readyTime > 60 { measure.kpi.waitingOver60 += 1 }
        let mobilise = atStation ? configuration.travel.mobiliseMinutes.sample(using: travelStream) : 0
        let variation = configuration.travel.variation.sample(using: travelStream)
        let minutes = max(0, mobilise + expected * configuration[calls[call].category].travelTimeFactor * variation)
        vehicles[v].state = .travellingToScene
        vehicles[v].call = call
        vehicles[v].isSecondVehicle = calls[call].vehiclesAssigned >= 1
        vehicles[v].jobStart = now
        calls[call].vehiclesAssigned += 1
        calls[call].vehiclesActive += 1
        vehicles[v].sceneTrip &+= 1
        if hasCars { vehicleTypesOnSend(vehicle: v, call: call, calendar: &calendar) }
        calendar.schedule(.vehicleReachesScene(VehicleID(v), trip: vehicles[v].sceneTrip), after: minutes)
    }

    /// Vehicle `v` has become free: it takes the most urgent waiting request, or returns to
    /// its station (or goes off duty if its shift is over).
    mutating func vehicleBecomesFree(_ v: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        if vehicles[v].offDutyWhenFree {
            measure.kpi.overrunMinutes += countedMinutes(from: vehicles[v].shiftEnd, to: now)
            vehicles[v].offDutyWhenFree = false
            vehicles[v].state = .offDuty
            vehicles[v].zone = vehicles[v].homeZone
            measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value - 1, at: now)
            return
        }
        if vehicles[v].offRoad {
            leaveService(v, at: now)
            return
        }
        let from = vehicles[v].zone
        let home = vehicles[v].homeZone
        let back = travel(from: Int(from), to: Int(home))
        vehicles[v].state = .returning
        vehicles[v].returnStart = now
        vehicles[v].returnEnd = now + back
        vehicles[v].call = -1
        makeAvailable(v, at: now)
        if let call = takeWaitingCall(reachableFrom: Int(from), forCar: vehicles[v].isCar, now: calendar.now) {
            assign(vehicle: v, to: call, calendar: &calendar)
        }
        // Otherwise it drives home; it is at its station from returnEnd on (settled when a
        // dispatch next looks, `DispatchableFleet.settleArrivals`), with no event for it.
    }

    /// A vehicle comes on duty (or back into service): serve the waiting line first.
    mutating func offerToWaitingCalls(_ v: Int, calendar: inout EventCalendar<ServiceEvent>) {
        if let call = takeWaitingCall(reachableFrom: Int(vehicles[v].zone), forCar: vehicles[v].isCar, now: calendar.now) { assign(vehicle: v, to: call, calendar: &calendar) }
    }

    /// The most urgent waiting call (category, then time ready, then zone; or by
    /// delay-dependent priority at `now`) in the zones a vehicle in zone `from` can reach,
    /// removed from the stack.
    mutating func takeWaitingCall(reachableFrom from: Int, forCar: Bool, now: Double) -> Int32? {
        stack.takeMostUrgent(inZones: reachableZones[from], forCar: forCar, now: now)
    }

    mutating func vehicleReachesScene(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let now = calendar.now
        let call = vehicles[v].call
        vehicles[v].state = .onScene
        vehicles[v].zone = calls[call].zone
        let effects = records.effects
        if calls[call].firstOnScene < 0 {
            calls[call].firstOnScene = now
            let category = calls[call].category
            let response = now - calls[call].arrival
            if calls[call].counted {
                measure.kpi.responses[category.rawValue - 1].append(response)
                measure.breakdown.noteResponse(category: category.rawValue - 1, zone: calls[call].zone)
            }
            let hour = Int(calls[call].arrival / 60)
            measure.hourResponseSum[hour * 4 + category.rawValue - 1] += response
            measure.hourResponseCount[hour * 4 + category.rawValue - 1] += 1
            if calls[call].disposition == nil { calls[call].disposition = decideDisposition(call, effects: effects) }
            if let d = calls[call].disposition, calls[call].counted { measure.kpi.dispositions[d.rawValue] += 1 }
            if configuration.recordCalls {
                let c = calls[call]
                calls[call].traceIndex = Int32(measure.callTraces.count)
                measure.callTraces.append(CallTrace(arrivalMinutes: c.arrival, zone: Int(c.zone), category: c.category, disposition: c.disposition,
                                            responseMinutes: response, vehicles: Int(c.vehiclesNeeded), counted: c.counted))
            }
            records.write(effects: effects, counted: calls[call].counted, kpi: &measure.kpi)
        }
        if !vehicles[v].isCar && calls[call].firstAmbulanceOnScene < 0 { firstAmbulanceReachesScene(call, at: now) }
        if hasCars && !vehicleTypesOnArrival(vehicle: v, call: call, calendar: &calendar) { return }
        let onScene: Double
        if vehicles[v].isSecondVehicle {
            onScene = configuration.jobCycle.secondVehicleOnSceneMinutes.sample(using: onSceneStream)
        } else if calls[call].disposition == .seeAndTreat {
            onScene = configuration.jobCycle.onSceneSeeAndTreatMinutes.sample(using: onSceneStream)
        } else {
            onScene = configuration.jobCycle.onSceneConveyedMinutes.sample(using: onSceneStream)
        }
        calendar.schedule(.vehicleLeavesScene(VehicleID(v)), after: max(0, onScene + effects.onSceneExtraMinutes))
    }

    /// Maps the call's disposition draw to a disposition with the mode's conveyance shift.
    @inline(__always) // inlined into the handlers: a call would copy the whole model
    func decideDisposition(_ call: Int32, effects: RecordModeEffects) -> Disposition {
        let shares = configuration[calls[call].category].dispositions
        let shift = max(-shares.conveyedToED, min(shares.seeAndTreat, effects.conveyanceShiftToED))
        let u = calls[call].dispositionDraw
        var edge = shares.hearAndTreat + shares.conveyedToED + shift
        if u < edge { return .conveyedToED }
        edge += shares.conveyedElsewhere
        if u < edge { return .conveyedElsewhere }
        return .seeAndTreat
    }

    mutating func vehicleLeavesScene(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let call = vehicles[v].call
        if vehicles[v].isSecondVehicle {
            startClearing(v, extra: 0, calendar: &calendar)
            return
        }
        switch calls[call].disposition ?? .seeAndTreat {
        case .conveyedToED:
            noteConveyanceStart(call, at: calendar.now)
            let zone = Int(calls[call].zone)
            var hospital = hospitals.destination(zone: zone, draw: calls[call].hospitalDraw)
            if disruptions.anyDivert { hospital = divertedHospital(from: hospital, zone: zone, counted: calls[call].counted) }
            let expected = travel(from: zone, to: configuration.hospitals[hospital].zone) * configuration.travel.conveyanceFactor
            let minutes = max(0, expected * configuration.travel.variation.sample(using: travelStream))
            vehicles[v].state = .travellingToHospital
            vehicles[v].patient = Int32(hospital)  // destination until the patient is registered
            calendar.schedule(.vehicleReachesHospital(VehicleID(v)), after: minutes)
        case .conveyedElsewhere:
            noteConveyanceStart(call, at: calendar.now)
            vehicles[v].state = .conveyingElsewhere
            let minutes = configuration.jobCycle.conveyedElsewhereMinutes.sample(using: travelStream)
            calendar.schedule(.vehicleClears(VehicleID(v)), after: max(0, minutes))
        case .seeAndTreat, .hearAndTreat:
            startClearing(v, extra: 0, calendar: &calendar)
        }
    }

    /// A call's vehicle has finished with it; the call's slot is freed with its last vehicle.
    mutating func vehicleFinishesCall(_ v: Int) {
        let call = vehicles[v].call
        guard call >= 0 else { return }
        calls[call].vehiclesActive -= 1
        if calls[call].vehiclesActive == 0 && calls[call].vehiclesAssigned == calls[call].vehiclesNeeded {
            calls.release(call)
        }
        vehicles[v].call = -1
    }
}
