import DES

/// Re-tasking (dispatch policy): a C1 takes the vehicle on its way to a lower-category call
/// that is expected to reach it soonest, when that gets there sooner than the nearest free
/// vehicle (or no free vehicle is in reach), and within reach.
/// Assumption: an en-route vehicle's position is the zone it set off from (positions along a
/// road are not modelled), so the expected time is that zone's travel time to the C1.
extension ServiceModel {
    /// The en-route vehicle to take for a C1 in zone `z`, or nil; `freeMinutes` is the
    /// expected travel of the nearest free vehicle (nil: none in reach).
    @inline(__always) // inlined into the handlers: a call would copy the whole model
    func retaskCandidate(forZone z: Int, soonerThan freeMinutes: Double?, allowCars: Bool = true) -> Int? {
        guard let retasking = configuration.retasking else { return nil }
        // Strictly sooner than the nearest free vehicle; with none free, anything in reach.
        let limit = freeMinutes ?? configuration.dispatchReachMinutes
        var best = -1
        var bestTime = Double.infinity
        for v in vehicles.indices where vehicles[v].state == .travellingToScene && !vehicles[v].offDutyWhenFree && (allowCars || !vehicles[v].isCar) {
            let call = vehicles[v].call
            guard retasking.fromCategories.contains(calls[call].category) else { continue }
            let time = travel(from: Int(vehicles[v].zone), to: z)
            guard freeMinutes == nil ? time <= limit : time < limit else { continue }
            if time < bestTime { bestTime = time; best = v }
        }
        return best >= 0 ? best : nil
    }

    /// Takes vehicle `v` off its call for C1 `call`; the call it leaves returns to the stack
    /// at the time it first became ready, ahead of later calls of its category.
    mutating func retask(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let left = vehicles[v].call
        calls[left].vehiclesAssigned -= 1
        calls[left].vehiclesActive -= 1
        // The request goes back as it was: ambulance-only when the category takes no cars, or
        // when the vehicle taken was the ambulance the call asked for.
        let ambulanceOnly = !configuration[calls[left].category].carsMayRespond || (hasCars && !vehicles[v].isCar && calls[left].ambulanceRequested)
        stack.add(left, zone: Int(calls[left].zone), category: calls[left].category.rawValue, readyTime: calls[left].readyTime,
                  ambulanceOnly: ambulanceOnly)
        if calls[left].vehiclesAssigned == 0 { callJoinsStack(left, calendar: &calendar) }
        if calls[call].counted { measure.kpi.retasks += 1 }
        send(vehicle: v, to: call, calendar: &calendar)
    }
}
