/// Expected minutes between zones (the scenario's travel matrix), flattened zone-major so
/// that a lookup is one index: `minutes[from * zones + to]`. Shared, read-only, by the
/// mechanisms that move vehicles (fleet, dispatch, conveyance).
struct TravelTimes {
    let minutes: [Double]
    let zones: Int
    /// For each zone `to`, every zone ordered by the minutes from it to `to`, then by index:
    /// `nearestFirst[to * zones + k]`.
    let nearestFirst: [Int32]

    init(_ travel: Travel) {
        let m = travel.expectedMinutes
        minutes = Array(m.joined())
        zones = m.count
        nearestFirst = m.indices.flatMap { to in
            m.indices.sorted { (m[$0][to], $0) < (m[$1][to], $1) }.map(Int32.init)
        }
    }

    /// Expected minutes from zone `a` to zone `b`.
    @inline(__always)
    func callAsFunction(from a: Int, to b: Int) -> Double { minutes[a * zones + b] }

    /// Expected minutes from a vehicle to zone `z` (before the category's speed factor): from
    /// its zone, or, driving back to its post, interpolated between the zone it left and the
    /// post by the share of the drive done.
    @inline(__always)
    static func expected(_ vehicle: borrowing VehicleRecord, toZone z: Int, at t: Double,
                         minutes: UnsafeBufferPointer<Double>, zones: Int) -> Double {
        guard vehicle.state == .returning else { return minutes[Int(vehicle.zone) * zones + z] }
        return expectedReturning(from: Int(vehicle.zone), post: Int(vehicle.postZone), start: vehicle.returnStart, end: vehicle.returnEnd,
                                 toZone: z, at: t, minutes: minutes, zones: zones)
    }

    /// As `expected` for a vehicle driving from zone `from` (left at `start`) to its post in
    /// zone `post` (reached at `end`).
    @inline(__always)
    static func expectedReturning(from: Int, post: Int, start: Double, end: Double, toZone z: Int, at t: Double,
                                  minutes: UnsafeBufferPointer<Double>, zones: Int) -> Double {
        let here = minutes[from * zones + z]
        guard end > start else { return here }
        let remaining = max(0, min(1, (end - t) / (end - start)))
        return remaining * here + (1 - remaining) * minutes[post * zones + z]
    }
}
