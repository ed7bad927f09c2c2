import AmbulanceService
import Stochastics
import Testing

/// The counted period (warm-up to run-out) and the fleet and hospital capacity knobs.
@Suite("Counted period and capacity knobs")
struct CountingWindowTests {
    @Test("with a run-out, exactly the calls arriving between warm-up and run-out are counted", arguments: [UInt64(1), 2])
    func runOutCountsTheWindow(seed: UInt64) {
        var c = Fixtures.busyService(days: 6)
        c.runOutMinutes = 1440
        c.recordCalls = true
        let o = Fixtures.run(c, seed: seed)
        let inWindow = o.calls.filter { $0.arrivalMinutes >= c.warmUpMinutes && $0.arrivalMinutes < c.countEndMinutes }
        #expect(o[kpi: "calls_count"] == Double(inWindow.count))
        #expect(o.calls.filter(\.counted).count == inWindow.count)
        let responded = inWindow.filter { $0.category == .c2 && $0.responseMinutes != nil }.count
        #expect(o[kpi: "c2_responded_count"] == Double(responded))
    }

    @Test("the same calls counted with and without a run-out; the run-out lets them finish", arguments: [UInt64(3), 4])
    func runOutLetsCallsFinish(seed: UInt64) {
        // Five counted days either way: horizon 6 d, or 7 d of which the last is run-out.
        let short = Fixtures.busyService(days: 6)
        var long = Fixtures.busyService(days: 7)
        long.runOutMinutes = 1440
        let a = Fixtures.run(short, seed: seed), b = Fixtures.run(long, seed: seed)
        #expect(a[kpi: "calls_count"] == b[kpi: "calls_count"])
        #expect(a[kpi: "calls_open_at_end_count"] > 0, "a busy service ends with calls still waiting")
        #expect(b[kpi: "calls_open_at_end_count"] == 0, "a day of run-out finishes every counted call")
        // Every call left open by the short run is responded in the run-out (a call is open
        // until its first vehicle arrives; hear-and-treat is decided at connect).
        let responded = { (o: ReplicationOutcome) in (1...4).reduce(0.0) { $0 + o[kpi: "c\($1)_responded_count"] } }
        #expect(responded(b) - responded(a) == a[kpi: "calls_open_at_end_count"])
    }

    @Test("a run-out of zero changes nothing (the KPIs are as before)")
    func zeroRunOut() {
        let c = Fixtures.busyService(days: 5)
        var d = c
        d.runOutMinutes = 0
        #expect(Fixtures.run(c).values.map(\.bitPattern) == Fixtures.run(d).values.map(\.bitPattern))
    }

    @Test("fleet_scale 2 is the roster doubled; hospital_capacity_scale 2 is every offload capacity doubled")
    func scalesAreRosterAndCapacityMultipliers() {
        let c = Fixtures.busyService(days: 4)
        var scaled = c
        scaled.fleetScale = 2
        scaled.hospitalCapacityScale = 2
        var doubled = c
        for s in doubled.stations.indices {
            for k in doubled.stations[s].roster.indices { doubled.stations[s].roster[k].vehicles *= 2 }
        }
        for h in doubled.hospitals.indices { doubled.hospitals[h].offloadCapacityByHour = doubled.hospitals[h].offloadCapacityByHour.map { $0 * 2 } }
        #expect(Fixtures.run(scaled).values.map(\.bitPattern) == Fixtures.run(doubled).values.map(\.bitPattern))
        #expect(Fixtures.run(scaled)[kpi: "c2_response_mean_min"] < Fixtures.run(c)[kpi: "c2_response_mean_min"])
        // Rounding: 13 x 1.1 = 14.3 -> 14 vehicles; a capacity never falls below 1.
        var small = c
        small.fleetScale = 1.1
        small.hospitalCapacityScale = 0.01
        let resolved = small.scaled()
        #expect(resolved.stations[0].roster[0].vehicles == 14 && resolved.stations[0].roster[1].vehicles == 11)
        #expect(resolved.hospitals.allSatisfy { $0.offloadCapacityByHour.allSatisfy { $0 == 1 } })
        #expect(resolved.fleetScale == 1 && resolved.hospitalCapacityScale == 1)
    }

    @Test("a run-out that leaves no counted period, or a scale out of range, is a configuration problem")
    func validation() {
        var c = Fixtures.busyService(days: 4)
        c.runOutMinutes = 3 * 1440
        #expect(c.problems().contains { $0.path == "run_out" })
        c.runOutMinutes = 0
        c.fleetScale = -1
        #expect(c.problems().contains { $0.path == "fleet_scale" })
        c.fleetScale = 1
        c.hospitalCapacityScale = 0
        #expect(c.problems().contains { $0.path == "hospital_capacity_scale" })
    }
}

@Suite("Fleet availability")
struct FleetAvailabilityTests {
    @Test("a share of 0.5 from a date puts half of each shift's crews on duty from that date")
    func halfTheCrews() {
        var c = Fixtures.degenerate(callsPerHour: 5, vehicles: 20, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 8)
        // Start 2023-07-10 00:00; one 24-hour shift at 00:00. Half the crews from 14 July.
        c.fleetAvailability = [AvailabilityPeriod(from: CivilDate(year: 2023, month: 7, day: 14)!, share: 0.5)]
        let o = Fixtures.run(c)
        let before = o.hourly.filter { $0.hour >= 24 && $0.hour < 96 }.map(\.vehiclesRostered)
        let after = o.hourly.filter { $0.hour >= 96 }.map(\.vehiclesRostered)
        #expect(before.allSatisfy { $0 == 20 } && after.allSatisfy { $0 == 10 }, "rostered before \(Set(before)), after \(Set(after))")
        // Rounding: 20 x 0.33 = 6.6 -> 7 crews.
        c.fleetAvailability[0].share = 0.33
        #expect(Fixtures.run(c).hourly.filter { $0.hour >= 96 }.allSatisfy { $0.vehiclesRostered == 7 })
        // Fewer crews, longer waits.
        c.fleetAvailability[0].share = 0.3
        #expect(Fixtures.run(c)[kpi: "c2_response_mean_min"] > o[kpi: "c2_response_mean_min"])
    }

    @Test("periods out of date order or a share out of range are configuration problems")
    func validation() {
        var c = Fixtures.busyService(days: 3)
        c.fleetAvailability = [AvailabilityPeriod(from: CivilDate(year: 2023, month: 7, day: 14)!, share: 0.9),
                               AvailabilityPeriod(from: CivilDate(year: 2023, month: 7, day: 12)!, share: 2)]
        let paths = c.problems().map(\.path)
        #expect(paths.contains("fleet_availability[1].from") && paths.contains("fleet_availability[1].share"))
    }
}
