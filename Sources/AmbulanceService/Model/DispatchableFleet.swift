/// The vehicles that can be dispatched now, ambulances and rapid response cars kept apart
/// (`AvailableFleet` each), so that a request that needs an ambulance never looks at cars.
/// With no cars, every query is the ambulances' `AvailableFleet` alone.
struct DispatchableFleet {
    private var ambulances: AvailableFleet
    private var cars: AvailableFleet
    private let isCar: [Bool]

    init(zones: Int, isCar: [Bool]) {
        ambulances = AvailableFleet(zones: zones, vehicles: isCar.count)
        cars = AvailableFleet(zones: zones, vehicles: isCar.count)
        self.isCar = isCar
    }

    var count: Int { ambulances.count + cars.count }

    mutating func insert(_ v: Int, atStationIn zone: Int) {
        if isCar[v] { cars.insert(v, atStationIn: zone) } else { ambulances.insert(v, atStationIn: zone) }
    }

    mutating func insert(returning v: Int, _ record: borrowing VehicleRecord) {
        if isCar[v] { cars.insert(returning: v, record) } else { ambulances.insert(returning: v, record) }
    }

    mutating func remove(_ v: Int) {
        if isCar[v] { cars.remove(v) } else { ambulances.remove(v) }
    }

    /// Returning vehicles home by `t` join their stations (see `AvailableFleet`).
    mutating func settleArrivals(at t: Double, vehicles: inout [VehicleRecord]) {
        ambulances.settleArrivals(at: t, vehicles: &vehicles)
        cars.settleArrivals(at: t, vehicles: &vehicles)
    }

    mutating func arrive(_ v: Int, atStationIn zone: Int) {
        if isCar[v] { cars.arrive(v, atStationIn: zone) } else { ambulances.arrive(v, atStationIn: zone) }
    }

    /// The available vehicle with the least expected minutes to zone `z` (ties to the lower
    /// index), cars included when `allowCars`; nil when none is in reach. `byStation`:
    /// vehicles driving back are taken to be at their stations (no vehicle positions), a
    /// path of its own so that the usual one stays as small as it was.
    func nearest(toZone z: Int, at t: Double, vehicles: [VehicleRecord], travel: TravelTimes, reach: Double,
                 allowCars: Bool, byStation: Bool = false) -> (vehicle: Int, minutes: Double)? {
        if byStation {
            return nearestByStation(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach, allowCars: allowCars)
        }
        return choose(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach, allowCars: allowCars,
                      byStation: false)
    }

    @inline(never)
    private func nearestByStation(toZone z: Int, at t: Double, vehicles: [VehicleRecord], travel: TravelTimes, reach: Double,
                                  allowCars: Bool) -> (vehicle: Int, minutes: Double)? {
        choose(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach, allowCars: allowCars, byStation: true)
    }

    @inline(__always)
    private func choose(toZone z: Int, at t: Double, vehicles: [VehicleRecord], travel: TravelTimes, reach: Double,
                        allowCars: Bool, byStation: Bool) -> (vehicle: Int, minutes: Double)? {
        let a = ambulances.nearestCandidate(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach,
                                            byStation: byStation)
        guard allowCars, let c = cars.nearestCandidate(toZone: z, at: t, vehicles: vehicles, travel: travel,
                                                       reach: reach, byStation: byStation)
        else { return a }
        guard let a else { return c }
        return (c.minutes, c.vehicle) < (a.minutes, a.vehicle) ? c : a
    }
}
