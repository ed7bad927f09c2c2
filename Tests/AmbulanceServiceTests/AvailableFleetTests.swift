@testable import AmbulanceService
import Stochastics
import Testing

/// The dispatchable fleet's nearest-vehicle search (station buckets searched nearest the call
/// first, returning vehicles held apart and skipped when they cannot win) against the rule it
/// implements: a full scan of every available vehicle ordered by (expected minutes, index).
@Suite("Available fleet")
struct AvailableFleetTests {
    @Test("the nearest available vehicle is the full scan's choice, ties to the lowest index", arguments: [UInt64(1), 2, 3])
    func nearestIsTheFullScansChoice(seed: UInt64) {
        let stream = RandomStream(seed: seed)
        let zones = 6, count = 90
        // Whole-minute drive times, so that ties between zones are common; not symmetric.
        let minutes = (0..<zones).map { a in (0..<zones).map { b in a == b ? 4 : Double(5 + stream.integer(below: 6)) } }
        let travel = TravelTimes(Travel(expectedMinutes: minutes))
        var checked = 0
        for _ in 0..<300 {
            var fleet = AvailableFleet(zones: zones, vehicles: count)
            var vehicles: [VehicleRecord] = []
            let t = 100.0
            for v in 0..<count {
                let home = Int32(stream.integer(below: zones))
                var record = VehicleRecord(station: home, homeZone: home, shiftStartMinuteOfDay: 0, shiftLengthMinutes: 1440)
                switch stream.integer(below: 3) {
                case 0:
                    record.state = .atStation
                    if stream.uniform() < 0.3 { fleet.insert(v, atStationIn: Int(home)) }
                case 1:
                    // Driving home from a job somewhere, some already there by `t`.
                    record.state = .returning
                    record.zone = Int32(stream.integer(below: zones))
                    record.returnStart = t - Double(stream.integer(below: 10))
                    record.returnEnd = record.returnStart + 1 + Double(stream.integer(below: 12))
                    if stream.uniform() < 0.3 { fleet.insert(returning: v, record) }
                default:
                    record.state = .onScene
                }
                vehicles.append(record)
            }
            for z in 0..<zones {
                let reach = stream.uniform() < 0.5 ? Double.infinity : Double(4 + stream.integer(below: 6))
                // The rule, by brute force over every available vehicle.
                var best: (minutes: Double, vehicle: Int)? = nil
                travel.minutes.withUnsafeBufferPointer { m in
                    for v in 0..<count where fleet.contains(v) {
                        let time = TravelTimes.expected(vehicles[v], toZone: z, at: t, minutes: m, zones: zones)
                        guard time <= reach else { continue }
                        if best == nil || (time, v) < (best!.minutes, best!.vehicle) { best = (time, v) }
                    }
                }
                var copy = vehicles
                var settled = fleet
                settled.settleArrivals(at: t, vehicles: &copy)
                let found = settled.nearestCandidate(toZone: z, at: t, vehicles: copy, travel: travel, reach: reach)
                #expect(found?.vehicle == best?.vehicle && found?.minutes == best?.minutes,
                        "zone \(z), reach \(reach): found \(String(describing: found)), full scan \(String(describing: best))")
                if best != nil { checked += 1 }
            }
        }
        #expect(checked > 1000)
    }
}
