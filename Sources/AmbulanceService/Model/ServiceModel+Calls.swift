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

    /// Sends one vehicle to `call` (the one the dispatcher chooses), or puts the request on
    /// the stack.
    mutating func dispatchOne(_ call: Int32, zone: Int, allowCars: Bool, calendar: inout EventCalendar<ServiceEvent>) {
        switch dispatcher.chooseVehicle(for: calls[call].category, inZone: zone, allowCars: allowCars, at: calendar.now,
                                        byStation: disruptions.choosesByStation, fleet: &fleet, calls: calls) {
        case .free(let v):
            assign(vehicle: v, to: call, calendar: &calendar)
        case .retask(let v):
            retask(vehicle: v, to: call, calendar: &calendar)
        case .none:
            stack.add(call, zone: zone, category: calls[call].category.rawValue, readyTime: calls[call].readyTime, ambulanceOnly: !allowCars)
        }
    }

    /// Sends available vehicle `v` to `call`.
    mutating func assign(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        fleet.makeUnavailable(v, at: calendar.now, measure: &measure)
        send(vehicle: v, to: call, calendar: &calendar)
        moveUp.afterDispatch(fleet: &fleet, at: calendar.now, measure: &measure)
    }

    /// Vehicle `v` (no longer available) drives to `call`.
    mutating func send(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let now = calendar.now
        let expected = fleet.expectedMinutes(v, toZone: Int(calls[call].zone), at: now)
        let atStation = fleet[v].state == .atStation || (fleet[v].state == .returning && now >= fleet[v].returnEnd)
        if calls[call].counted && now - calls[call].readyTime > 60 { measure.kpi.waitingOver60 += 1 }
        let mobilise = atStation ? configuration.travel.mobiliseMinutes.sample(using: travelStream) : 0
        let variation = configuration.travel.variation.sample(using: travelStream)
        let minutes = max(0, mobilise + expected * configuration[calls[call].category].travelTimeFactor * variation)
        fleet.setsOff(v, to: call, second: calls[call].vehiclesAssigned >= 1, at: now)
        calls[call].vehiclesAssigned += 1
        calls[call].vehiclesActive += 1
        if fleet.hasCars { vehicleTypesOnSend(vehicle: v, call: call, calendar: &calendar) }
        calendar.schedule(.vehicleReachesScene(VehicleID(v), trip: fleet[v].sceneTrip), after: minutes)
    }

    /// Vehicle `v` has become free: it takes the most urgent waiting request, or returns to
    /// its station (or goes off duty if its shift is over).
    mutating func vehicleBecomesFree(_ v: Int, calendar: inout EventCalendar<ServiceEvent>) {
        let from = Int(fleet[v].zone)
        guard fleet.becomesFree(v, at: calendar.now, measure: &measure) else { return }
        if let call = dispatcher.waitingCall(reachableFrom: from, forCar: fleet[v].isCar, at: calendar.now, stack: &stack) {
            assign(vehicle: v, to: call, calendar: &calendar)
        }
    }

    /// A vehicle comes on duty (or back into service): serve the waiting line first.
    mutating func offerToWaitingCalls(_ v: Int, calendar: inout EventCalendar<ServiceEvent>) {
        if let call = dispatcher.waitingCall(reachableFrom: Int(fleet[v].zone), forCar: fleet[v].isCar, at: calendar.now, stack: &stack) {
            assign(vehicle: v, to: call, calendar: &calendar)
        }
    }

    mutating func vehicleReachesScene(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let now = calendar.now
        let call = fleet[v].call
        fleet[v].state = .onScene
        fleet[v].zone = calls[call].zone
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
        if !fleet[v].isCar && calls[call].firstAmbulanceOnScene < 0 { firstAmbulanceReachesScene(call, at: now) }
        if fleet.hasCars && !vehicleTypesOnArrival(vehicle: v, call: call, calendar: &calendar) { return }
        let onScene: Double
        if fleet[v].isSecondVehicle {
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
        let call = fleet[v].call
        if fleet[v].isSecondVehicle {
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
            fleet[v].state = .travellingToHospital
            fleet[v].patient = Int32(hospital)  // destination until the patient is registered
            calendar.schedule(.vehicleReachesHospital(VehicleID(v)), after: minutes)
        case .conveyedElsewhere:
            noteConveyanceStart(call, at: calendar.now)
            fleet[v].state = .conveyingElsewhere
            let minutes = configuration.jobCycle.conveyedElsewhereMinutes.sample(using: travelStream)
            calendar.schedule(.vehicleClears(VehicleID(v)), after: max(0, minutes))
        case .seeAndTreat, .hearAndTreat:
            startClearing(v, extra: 0, calendar: &calendar)
        }
    }

    /// A call's vehicle has finished with it; the call's slot is freed with its last vehicle.
    mutating func vehicleFinishesCall(_ v: Int) {
        let call = fleet[v].call
        guard call >= 0 else { return }
        calls[call].vehiclesActive -= 1
        if calls[call].vehiclesActive == 0 && calls[call].vehiclesAssigned == calls[call].vehiclesNeeded {
            calls.release(call)
        }
        fleet[v].call = -1
    }
}
