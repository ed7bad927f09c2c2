import DES

/// The fleet: every vehicle with its crew's place in the rosters, which of them can be sent
/// now (`DispatchableFleet`), and vehicles off the road (`OffRoadVehicles`). It decides when
/// a crew comes on and goes off (`Fleet+Rosters.swift`) and where a free vehicle goes; it
/// does not choose vehicles for calls (that is `Dispatcher`), and it tells the coordinator
/// when a vehicle has come into service so that the waiting calls can be offered to it.
///
/// Vehicles `0 ..< rosteredCount` work the stations' rosters; then come the surge pool
/// (`SurgeEscalation`), rostered on and off by the surge level, and from
/// `firstAddedVehicle` the crews added by `resources:` periods (their shifts in the period).
struct Fleet {
    var vehicles: [VehicleRecord] = []
    /// Vehicles that can be dispatched now.
    var available: DispatchableFleet
    /// Vehicles off the road (fleet disruptions) and the crews rostered without them.
    var offRoad: OffRoadVehicles
    /// The fleet has rapid response cars (vehicle types in play).
    let hasCars: Bool
    /// Vehicles on the stations' rosters (the surge pool follows them).
    let rosteredCount: Int
    let travel: TravelTimes

    // The calendar and the rosters' dates.
    let horizon: Double
    let clock: RunClock
    let availability: [AvailabilityPeriod]
    /// The `resources:` periods (crews added by the ones with vehicles > 0, withdrawn by
    /// the ones with vehicles < 0), and for each rostered shift the withdrawals that take
    /// crews from it.
    let resources: [ResourcePeriod]
    let withdrawals: [[Int32]]
    /// The first vehicle added by a `resources:` period (the surge pool is before it).
    let firstAddedVehicle: Int

    init(configuration c: ServiceConfiguration, hasFleetPeriods: Bool) {
        travel = TravelTimes(c.travel)
        horizon = c.horizonMinutes
        clock = RunClock(start: c.start)
        availability = c.fleetAvailability
        resources = c.resources
        var shifts: [Int32] = []
        var shiftIndex: Int32 = 0
        var withdrawals: [[Int32]] = []
        for (s, station) in c.stations.enumerated() {
            for shift in station.roster {
                defer { shiftIndex += 1 }
                withdrawals.append(c.resources.indices.filter { c.resources[$0].withdraws(from: shift, atStation: s) }.map(Int32.init))
                for k in 0..<shift.vehicles {
                    shifts.append(shiftIndex)
                    var vehicle = VehicleRecord(station: Int32(s), homeZone: Int32(station.zone),
                                                shiftStartMinuteOfDay: shift.startHour * 60, shiftLengthMinutes: shift.lengthHours * 60,
                                                rankInShift: Int32(k), shiftSize: Int32(shift.vehicles), isCar: shift.vehicleType == .car)
                    vehicle.shiftIndex = shiftIndex
                    vehicles.append(vehicle)
                }
            }
        }
        self.withdrawals = withdrawals
        rosteredCount = vehicles.count
        offRoad = OffRoadVehicles(shifts: shifts, vehicles: vehicles.count, hasFleetPeriods: hasFleetPeriods)
        for s in c.surgePoolStations() {
            vehicles.append(VehicleRecord(station: Int32(s), homeZone: Int32(c.stations[s].zone), shiftStartMinuteOfDay: 0, shiftLengthMinutes: 0))
        }
        firstAddedVehicle = vehicles.count
        for (p, period) in c.resources.enumerated() where period.kind == .crews && period.vehicles > 0 {
            for s in period.stations(of: c.stations.count) {
                for k in 0..<period.vehicles {
                    var vehicle = VehicleRecord(station: Int32(s), homeZone: Int32(c.stations[s].zone),
                                                shiftStartMinuteOfDay: period.shiftStartHour * 60, shiftLengthMinutes: period.shiftLengthHours * 60,
                                                rankInShift: Int32(k), shiftSize: Int32(period.vehicles), isCar: period.vehicleType == .car)
                    vehicle.addedBy = Int32(p)
                    vehicles.append(vehicle)
                }
            }
        }
        available = DispatchableFleet(zones: c.zones.count, isCar: vehicles.map(\.isCar))
        hasCars = vehicles.contains { $0.isCar }
    }

    /// Vehicle `v`, read or changed in place.
    subscript(v: Int) -> VehicleRecord {
        @inline(__always) _read { yield vehicles[v] }
        @inline(__always) _modify { yield &vehicles[v] }
    }

    var count: Int { vehicles.count }

    /// The vehicles that work daily shifts: the rostered ones and those added by `resources:`.
    var onDailyShifts: [Int] { Array(0..<rosteredCount) + Array(firstAddedVehicle..<vehicles.count) }

    // MARK: Dispatch

    /// The available vehicle expected soonest at zone `z` within `reach` (cars too when
    /// `allowCars`), with its expected minutes; nil when none is in reach. Vehicles home by
    /// now are settled at their posts first.
    @inline(__always)
    mutating func nearestAvailable(toZone z: Int, at t: Double, reach: Double, allowCars: Bool, byStation: Bool) -> (vehicle: Int, minutes: Double)? {
        available.settleArrivals(at: t, vehicles: &vehicles)
        return available.nearest(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach,
                                 allowCars: allowCars, byStation: byStation)
    }

    /// Expected minutes from vehicle `v` to zone `z` at `t` (see `TravelTimes.expected`).
    @inline(__always)
    func expectedMinutes(_ v: Int, toZone z: Int, at t: Double) -> Double {
        let zones = travel.zones
        return vehicles.withUnsafeBufferPointer { vs in
            travel.minutes.withUnsafeBufferPointer { TravelTimes.expected(vs[v], toZone: z, at: t, minutes: $0, zones: zones) }
        }
    }

    /// Vehicle `v` sets off from where it is for `call`, its `trip`th trip to a scene.
    @inline(__always)
    mutating func setsOff(_ v: Int, to call: Int32, second: Bool, at now: Double) {
        vehicles[v].state = .travellingToScene
        vehicles[v].call = call
        vehicles[v].isSecondVehicle = second
        vehicles[v].jobStart = now
        vehicles[v].postZone = vehicles[v].homeZone
        vehicles[v].sceneTrip &+= 1
    }

    /// Vehicle `v`, idle at its post or driving to it, becomes available for dispatch.
    mutating func makeAvailable(_ v: Int, at t: Double, measure: inout Measurement) {
        if vehicles[v].state == .atStation {
            available.insert(v, atStationIn: Int(vehicles[v].zone))
        } else {
            precondition(vehicles[v].state == .returning, "vehicle \(v) made available in state \(vehicles[v].state)")
            available.insert(returning: v, vehicles[v])
        }
        measure.available.record(Double(available.count), at: t)
    }

    /// Vehicle `v` stops being available (dispatched or off duty).
    mutating func makeUnavailable(_ v: Int, at t: Double, measure: inout Measurement) {
        available.remove(v)
        measure.available.record(Double(available.count), at: t)
    }

    /// Vehicle `v` has finished its job. Off duty if its shift is over, out of service if
    /// its vehicle is off the road; otherwise it drives back to its station, available on
    /// the way, and the result is true: the coordinator offers it the waiting calls.
    mutating func becomesFree(_ v: Int, at now: Double, measure: inout Measurement) -> Bool {
        if vehicles[v].offDutyWhenFree {
            measure.kpi.overrunMinutes += measure.countedMinutes(from: vehicles[v].shiftEnd, to: now)
            vehicles[v].offDutyWhenFree = false
            vehicles[v].standDown()
            measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value - 1, at: now)
            return false
        }
        if vehicles[v].offRoad {
            leaveService(v, at: now, measure: &measure)
            return false
        }
        let back = travel(from: Int(vehicles[v].zone), to: Int(vehicles[v].postZone))
        vehicles[v].state = .returning
        vehicles[v].returnStart = now
        vehicles[v].returnEnd = now + back
        vehicles[v].call = -1
        makeAvailable(v, at: now, measure: &measure)
        return true
        // It is at its station from returnEnd on (settled when a dispatch next looks,
        // `AvailableFleet.settleArrivals`), with no event for it.
    }

    /// Vehicles whose drive to their post has ended by `now` are idle there.
    mutating func settleArrivals(at now: Double) { available.settleArrivals(at: now, vehicles: &vehicles) }

    /// Idle vehicle `v` drives to a standby post in `zone` (move-up), available on the way.
    mutating func moves(_ v: Int, toPostIn zone: Int, at now: Double, measure: inout Measurement) {
        precondition(vehicles[v].state == .atStation, "vehicle \(v) moved up in state \(vehicles[v].state)")
        makeUnavailable(v, at: now, measure: &measure)
        let from = Int(vehicles[v].zone)
        vehicles[v].state = .returning
        vehicles[v].postZone = Int32(zone)
        vehicles[v].returnStart = now
        vehicles[v].returnEnd = now + travel(from: from, to: zone)
        makeAvailable(v, at: now, measure: &measure)
    }

    // MARK: Off the road

    /// Takes vehicle `v` off the road, or puts it back, to match the losses in force (in
    /// each shift the crews of highest rank lose their vehicle). An idle one leaves service
    /// now, a busy one when its job is done. True when it is put back into service now (its
    /// crew rostered on): the coordinator offers it the waiting calls.
    mutating func applyLoss(to v: Int, lostInShift: [Int], at now: Double, measure: inout Measurement) -> Bool {
        let off = offRoad.isOff(v, rank: vehicles[v].rankInShift, shiftSize: vehicles[v].shiftSize, lostInShift: lostInShift)
        guard off != vehicles[v].offRoad else { return false }
        vehicles[v].offRoad = off
        if off {
            if vehicles[v].rostered && (vehicles[v].state == .atStation || vehicles[v].state == .returning) {
                leaveService(v, at: now, measure: &measure)
            }
            return false
        }
        guard vehicles[v].rostered && vehicles[v].state == .offDuty else { return false }
        offRoad.spellEnds(v, at: now, measure: &measure)
        enterService(v, at: now, measure: &measure)
        return true
    }

    /// Off-road vehicle `v`, rostered and free, leaves service (its crew stays rostered).
    mutating func leaveService(_ v: Int, at now: Double, measure: inout Measurement) {
        if vehicles[v].state == .atStation || vehicles[v].state == .returning { makeUnavailable(v, at: now, measure: &measure) }
        vehicles[v].standDown()
        vehicles[v].call = -1
        measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value - 1, at: now)
        offRoad.spellStarts(v, at: now)
    }

    /// Vehicle `v` is in service at its station from now, available.
    mutating func enterService(_ v: Int, at now: Double, measure: inout Measurement) {
        vehicles[v].state = .atStation
        vehicles[v].zone = vehicles[v].homeZone
        vehicles[v].postZone = vehicles[v].homeZone
        measure.onDutyIncludingOverrun.record(measure.onDutyIncludingOverrun.value + 1, at: now)
        makeAvailable(v, at: now, measure: &measure)
    }

    /// Rostered vehicle-hours lost off the road in the counted period.
    func offRoadHours(until end: Double, measure: Measurement) -> Double { offRoad.hours(until: end, measure: measure) }
}
