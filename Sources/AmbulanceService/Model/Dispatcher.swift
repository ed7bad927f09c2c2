/// Dispatch policy: which vehicle goes to a call, and which waiting call a free vehicle
/// takes. It decides; the coordinator sends the vehicle (`ServiceModel.assign`, `retask`).
///
/// - A call gets the available vehicle expected there soonest, within the reach
///   (`dispatch_reach_minutes`); ties go to the lower vehicle index.
/// - Re-tasking (when configured): a C1 takes the vehicle on its way to a lower-category
///   call that is expected to reach it soonest, when that gets there sooner than the
///   nearest free vehicle (or no free vehicle is in reach), and within reach. Assumption:
///   an en-route vehicle's position is the zone it set off from (positions along a road
///   are not modelled), so the expected time is that zone's travel time to the C1.
/// - A vehicle coming free takes the most urgent waiting call in the zones it can reach
///   (the stack's order: `CallStack.takeMostUrgent`).
struct Dispatcher {
    let reach: Double
    let retasking: Retasking?
    /// For each zone, the zones whose calls a vehicle there can reach, nearest first.
    let reachableZones: [[Int32]]

    init(configuration c: ServiceConfiguration) {
        reach = c.dispatchReachMinutes
        retasking = c.retasking
        reachableZones = c.zones.indices.map { from in
            c.zones.indices.filter { c.travel.expectedMinutes[from][$0] <= c.dispatchReachMinutes }
                .sorted { (c.travel.expectedMinutes[from][$0], $0) < (c.travel.expectedMinutes[from][$1], $1) }.map(Int32.init)
        }
    }

    /// What a vehicle request decides.
    enum Choice {
        /// Send this available vehicle.
        case free(Int)
        /// Take this vehicle from the lower-category call it is driving to.
        case retask(Int)
        /// None in reach: the request waits on the stack.
        case none
    }

    /// The vehicle for one request of `call` (category `category`, in zone `zone`); cars
    /// only when `allowCars`. `byStation`: vehicles driving back are judged from their
    /// posts (manual dispatch, no vehicle positions).
    @inline(__always)
    func chooseVehicle(for category: CallCategory, inZone zone: Int, allowCars: Bool, at now: Double, byStation: Bool,
                       fleet: inout Fleet, calls: SlotArray<CallRecord>) -> Choice {
        let free = fleet.nearestAvailable(toZone: zone, at: now, reach: reach, allowCars: allowCars, byStation: byStation)
        if category == .c1, let retasking,
           let v = retaskCandidate(forZone: zone, soonerThan: free?.minutes, allowCars: allowCars, from: retasking, fleet: fleet, calls: calls) {
            return .retask(v)
        }
        if let v = free?.vehicle { return .free(v) }
        return .none
    }

    /// The en-route vehicle to take for a C1 in zone `z`, or nil; `freeMinutes` is the
    /// expected travel of the nearest free vehicle (nil: none in reach).
    private func retaskCandidate(forZone z: Int, soonerThan freeMinutes: Double?, allowCars: Bool, from retasking: Retasking,
                                 fleet: Fleet, calls: SlotArray<CallRecord>) -> Int? {
        // Strictly sooner than the nearest free vehicle; with none free, anything in reach.
        let limit = freeMinutes ?? reach
        var best = -1
        var bestTime = Double.infinity
        for v in 0..<fleet.count where fleet[v].state == .travellingToScene && !fleet[v].offDutyWhenFree && (allowCars || !fleet[v].isCar) {
            guard retasking.fromCategories.contains(calls[fleet[v].call].category) else { continue }
            let time = fleet.travel(from: Int(fleet[v].zone), to: z)
            guard freeMinutes == nil ? time <= limit : time < limit else { continue }
            if time < bestTime { bestTime = time; best = v }
        }
        return best >= 0 ? best : nil
    }

    /// The most urgent waiting call (category, then time ready, then zone; or by
    /// delay-dependent priority at `now`) in the zones a vehicle in zone `from` can reach,
    /// removed from the stack.
    @inline(__always)
    func waitingCall(reachableFrom from: Int, forCar: Bool, at now: Double, stack: inout CallStack) -> Int32? {
        stack.takeMostUrgent(inZones: reachableZones[from], forCar: forCar, now: now)
    }
}
