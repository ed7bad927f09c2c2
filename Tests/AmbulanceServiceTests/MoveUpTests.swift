@testable import AmbulanceService
import Stochastics
import Testing

/// Move-up of idle vehicles to cover an empty zone (`MoveUp`, `MoveUpPolicy`).
@Suite("Move-up")
struct MoveUpTests {
    /// A town with the only station and a village 20 minutes away with no station; 5
    /// minutes within either. Travel and job times fixed or exponential, all see-and-treat.
    static func townAndVillage(moveUp: Bool, vehicles: Int = 6, days: Double = 20) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 1, vehicles: vehicles, onScene: .exponential(mean: 30),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: days)
        c.zones = [Zone(name: "town", residents: 1000, callsPerResidentPerDay: 1.5 * 24 / 1000),
                   Zone(name: "village", residents: 1000, callsPerResidentPerDay: 0.5 * 24 / 1000)]
        c.travel = Travel(expectedMinutes: [[5, 20], [20, 5]], variation: .fixed(1), mobiliseMinutes: .fixed(0))
        c.categories = (1...4).map { k in
            CategoryProfile(share: [0.1, 0.5, 0.3, 0.1][k - 1], dispositions: Fixtures.dispositions(seeAndTreat: 1), dispatchDelayMinutes: .fixed(0))
        }
        c.runOutMinutes = 1440
        c.recordCalls = true
        if moveUp { c.moveUp = MoveUpPolicy(coverMinutes: 10, maxMoveMinutes: 30) }
        return c
    }

    static func meanResponse(_ o: ReplicationOutcome, zone: Int) -> Double {
        let r = o.calls.filter { $0.counted && $0.zone == zone }.compactMap(\.responseMinutes)
        return r.reduce(0, +) / Double(r.count)
    }

    @Test("covering the village cuts its responses from about 20 minutes towards 5, and the moves are measured", arguments: [UInt64(1), 2])
    func coversTheVillage(seed: UInt64) {
        let off = Fixtures.run(Self.townAndVillage(moveUp: false), seed: seed), on = Fixtures.run(Self.townAndVillage(moveUp: true), seed: seed)
        let villageOff = Self.meanResponse(off, zone: 1), villageOn = Self.meanResponse(on, zone: 1)
        // Without move-up a village call is reached from the town (20 min) or by a vehicle
        // still on its way back from the village; with it, mostly from a post in the village.
        #expect(villageOff > 15, "village mean without move-up \(villageOff)")
        #expect(villageOn < 0.6 * villageOff, "village mean with move-up \(villageOn), without \(villageOff)")
        #expect(off[kpi: "move_ups_count"] == 0 && off[kpi: "move_up_hours"] == 0)
        let moves = on[kpi: "move_ups_count"]
        #expect(moves > 50)
        // Every move is between the two zones, 20 minutes each.
        #expect(abs(on[kpi: "move_up_hours"] - moves * 20 / 60) < 1e-6, "\(on[kpi: "move_up_hours"]) h for \(moves) moves")
        // The town keeps its cover: its mean stays near 5 minutes, and every call is reached.
        #expect(Self.meanResponse(on, zone: 0) < 7, "town mean with move-up \(Self.meanResponse(on, zone: 0))")
        #expect(on[kpi: "calls_open_at_end_count"] == 0 && off[kpi: "calls_open_at_end_count"] == 0)
    }

    @Test("the rule: the nearest idle vehicle whose leaving uncovers no zone, within the longest move")
    func theRule() {
        // Three zones in a line, 12 minutes apart; cover 10 minutes.
        var c = Self.townAndVillage(moveUp: true)
        c.warmUpMinutes = 0
        c.zones = (0..<3).map { Zone(name: "z\($0)", residents: 1000, callsPerResidentPerDay: 0.01) }
        c.travel = Travel(expectedMinutes: [[5, 12, 24], [12, 5, 12], [24, 12, 5]], variation: .fixed(1), mobiliseMinutes: .fixed(0))
        c.stations = [Station(name: "a", zone: 0, roster: [Shift(startHour: 0, lengthHours: 24, vehicles: 3)]),
                      Station(name: "c", zone: 2, roster: [Shift(startHour: 0, lengthHours: 24, vehicles: 1)])]
        func fleetInService(_ c: ServiceConfiguration) -> (Fleet, Measurement) {
            var fleet = Fleet(configuration: c, hasFleetPeriods: false)
            var measure = Measurement(configuration: c)
            for v in 0..<fleet.count { fleet.enterService(v, at: 0, measure: &measure) }
            return (fleet, measure)
        }
        var (fleet, measure) = fleetInService(c)
        var moveUp = MoveUp(configuration: c)
        moveUp.afterDispatch(fleet: &fleet, at: 0, measure: &measure)
        // z1 was uncovered. Vehicle 3 (alone in z2) may not leave; vehicle 0, the lowest of
        // the three in z0, goes; z0 keeps two.
        #expect(fleet[0].state == .returning && fleet[0].postZone == 1 && fleet[0].returnEnd == 12)
        #expect((1...3).allSatisfy { fleet[$0].state == .atStation })
        #expect(measure.kpi.moveUps == 1 && measure.kpi.moveUpMinutes == 12)
        // Covered now: nothing more moves.
        moveUp.afterDispatch(fleet: &fleet, at: 1, measure: &measure)
        #expect(measure.kpi.moveUps == 1)
        // With moves limited to 10 minutes, nobody may go.
        var near = c
        near.moveUp = MoveUpPolicy(coverMinutes: 10, maxMoveMinutes: 10)
        var (fleet2, measure2) = fleetInService(near)
        var limited = MoveUp(configuration: near)
        limited.afterDispatch(fleet: &fleet2, at: 0, measure: &measure2)
        #expect(measure2.kpi.moveUps == 0 && (0..<4).allSatisfy { fleet2[$0].state == .atStation })
        // With one vehicle in z0 and one in z2, either would leave its own zone uncovered:
        // neither goes.
        var two = c
        two.stations[0].roster[0].vehicles = 1
        var (fleet3, measure3) = fleetInService(two)
        var single = MoveUp(configuration: two)
        single.afterDispatch(fleet: &fleet3, at: 0, measure: &measure3)
        #expect(measure3.kpi.moveUps == 0)
    }

    @Test("off, it changes nothing: the same run with and without a zero-demand zone to cover")
    func offChangesNothing() {
        let c = Self.townAndVillage(moveUp: false, days: 6)
        var onButNothingToDo = c
        // Cover so wide that every zone is always covered while any vehicle is free.
        onButNothingToDo.moveUp = MoveUpPolicy(coverMinutes: 60, maxMoveMinutes: 30)
        let a = Fixtures.run(c, seed: 4), b = Fixtures.run(onButNothingToDo, seed: 4)
        #expect(b[kpi: "move_ups_count"] == 0)
        #expect(a.values.elementsEqual(b.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }
}
