/// The vehicles that can be dispatched now, kept so that the nearest one is found without
/// scanning the fleet: idle vehicles at stations are bucketed by zone (all vehicles in one
/// zone are equally far from a call), and only vehicles returning to station, whose
/// position changes with time, are examined one by one. A returning vehicle whose drive
/// has ended is at its station whether or not it has been settled into its bucket: the
/// interpolated position is then the station, so the choice is the same either way.
///
/// The choice equals a full scan ordered by (expected minutes, vehicle index): ties go to
/// the lowest vehicle index, whatever order the buckets hold them in. Vehicles farther than
/// the reach are not candidates.
struct AvailableFleet {
    /// Idle-at-station vehicles by zone, as bit sets over vehicle indices (zone-major,
    /// `words` words a zone), so that a zone's lowest index is its first set bit.
    private var atStation: [UInt64]
    private var atStationCount: [Int32]
    private let words: Int
    /// Vehicles driving back to their post (unordered), each with what a dispatch needs to
    /// judge it: held here side by side, so that scanning them does not touch the fleet's
    /// records. A vehicle's drive is fixed while it is in this bucket (any change of post
    /// takes it out and puts it back).
    private var returning: [ReturningVehicle] = []
    /// No returning vehicle is home before this (a lower bound: it may be stale-early after
    /// a returning vehicle is dispatched, which costs only a scan).
    private var earliestReturnEnd = Double.infinity
    /// For each vehicle: its bucket (zone, or -1 for returning, -2 absent) and, when
    /// returning, its position in `returning`.
    private var bucket: [Int32]
    private var position: [Int32]
    private(set) var count = 0

    init(zones: Int, vehicles: Int) {
        words = max(1, (vehicles + 63) / 64)
        atStation = Array(repeating: 0, count: zones * words)
        atStationCount = Array(repeating: 0, count: zones)
        bucket = Array(repeating: -2, count: vehicles)
        position = Array(repeating: 0, count: vehicles)
    }

    func contains(_ v: Int) -> Bool { bucket[v] != -2 }

    mutating func insert(_ v: Int, atStationIn zone: Int) {
        precondition(bucket[v] == -2, "vehicle \(v) is already available")
        bucket[v] = Int32(zone)
        atStation[zone * words + v >> 6] |= 1 << UInt64(v & 63)
        atStationCount[zone] += 1
        count += 1
    }

    /// Vehicle `v`, driving back to its post as its record says, becomes available.
    mutating func insert(returning v: Int, _ record: borrowing VehicleRecord) {
        precondition(bucket[v] == -2, "vehicle \(v) is already available")
        earliestReturnEnd = min(earliestReturnEnd, record.returnEnd)
        bucket[v] = -1
        position[v] = Int32(returning.count)
        returning.append(ReturningVehicle(vehicle: Int32(v), from: record.zone, post: record.postZone,
                                          start: record.returnStart, end: record.returnEnd))
        count += 1
    }

    mutating func remove(_ v: Int) {
        let b = Int(bucket[v])
        precondition(b != -2, "vehicle \(v) is not available")
        let p = Int(position[v])
        if b == -1 {
            let last = returning.removeLast()
            if Int(last.vehicle) != v { returning[p] = last; position[Int(last.vehicle)] = Int32(p) }
        } else {
            atStation[b * words + v >> 6] &= ~(1 << UInt64(v & 63))
            atStationCount[b] -= 1
        }
        bucket[v] = -2
        count -= 1
    }

    /// The lowest vehicle index at a station in `zone`, which has at least one.
    @inline(__always)
    private func lowestAtStation(inZone zone: Int) -> Int {
        for w in 0..<words {
            let bits = atStation[zone * words + w]
            if bits != 0 { return w * 64 + bits.trailingZeroBitCount }
        }
        preconditionFailure("zone \(zone) has no vehicle at a station")
    }

    /// Returning vehicles whose drive home has ended by `t` are at their stations now: their
    /// state and zone say so and they move to their station's bucket. Arrivals are settled
    /// here, when a dispatch is about to look, rather than by an event per return trip.
    mutating func settleArrivals(at t: Double, vehicles: inout [VehicleRecord]) {
        guard t >= earliestReturnEnd else { return }
        var i = 0
        var earliest = Double.infinity
        while i < returning.count {
            let end = returning[i].end
            guard end <= t else {
                earliest = min(earliest, end)
                i += 1
                continue
            }
            let v = Int(returning[i].vehicle)
            vehicles[v].state = .atStation
            vehicles[v].zone = vehicles[v].postZone
            arrive(v, atStationIn: Int(vehicles[v].postZone))   // the last one moves into place i
        }
        earliestReturnEnd = earliest
    }

    /// A returning vehicle reaches its station in `zone`.
    mutating func arrive(_ v: Int, atStationIn zone: Int) {
        remove(v)
        insert(v, atStationIn: zone)
    }

    /// The available vehicle with the least expected travel minutes to zone `z`, ties to the
    /// lowest index; nil when none is available.
    func nearest(toZone z: Int, at t: Double, vehicles: [VehicleRecord], travel: TravelTimes,
                 reach: Double = .infinity) -> Int? {
        nearestCandidate(toZone: z, at: t, vehicles: vehicles, travel: travel, reach: reach)?.vehicle
    }

    /// As `nearest`, with the expected minutes; `byStation`: a returning vehicle is judged
    /// from its station, not from where it is on the way (manual dispatch, no positions).
    @inline(__always) // a constant `byStation` folds away where it is called
    func nearestCandidate(toZone z: Int, at t: Double, vehicles: [VehicleRecord], travel: TravelTimes,
                          reach: Double = .infinity, byStation: Bool = false) -> (vehicle: Int, minutes: Double)? {
        var best = -1
        var bestTime = reach.nextUp
        let zones = travel.zones
        travel.minutes.withUnsafeBufferPointer { minutes in
            // Zones nearest the call first: the first with a vehicle at a station sets the
            // time, and only zones as near can still win (on a lower vehicle index).
            travel.nearestFirst.withUnsafeBufferPointer { order in
                for k in (z * zones)..<(z * zones + zones) {
                    let zone = Int(order[k])
                    let time = minutes[zone * zones + z]
                    if time > bestTime { break }
                    guard atStationCount[zone] > 0 else { continue }
                    let lowest = lowestAtStation(inZone: zone)
                    if time < bestTime || lowest < best { bestTime = time; best = lowest }
                }
            }
            returning.withUnsafeBufferPointer { drives in
                for drive in drives {
                    let v = Int(drive.vehicle)
                    let there = minutes[Int(drive.post) * zones + z]
                    let time: Double
                    if byStation {
                        time = there
                    } else {
                        // The interpolated time lies between the two ends (to within a few
                        // units in the last place): a vehicle whose nearer end is clearly
                        // farther than the best so far cannot win, and is not worked out.
                        let here = minutes[Int(drive.from) * zones + z]
                        if min(here, there) > bestTime * (1 + 1e-9) { continue }
                        time = TravelTimes.expectedReturning(from: Int(drive.from), post: Int(drive.post), start: drive.start, end: drive.end,
                                                             toZone: z, at: t, minutes: minutes, zones: zones)
                    }
                    if time < bestTime || (time == bestTime && v < best) { bestTime = time; best = v }
                }
            }
        }
        return best >= 0 ? (best, bestTime) : nil
    }
}

/// A vehicle driving back to its post: from zone `from` to zone `post`, between minutes
/// `start` and `end`.
struct ReturningVehicle {
    let vehicle: Int32
    let from: Int32
    let post: Int32
    let start: Double
    let end: Double
}
