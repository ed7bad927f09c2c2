import AmbulanceService
import Statistics
import Stochastics
import Testing

/// `resources:` periods: crews added or withdrawn by date and shift, offload spaces and
/// stack clinicians by date, and the hours of each measured.
@Suite("Dated resources")
struct DatedResourcesTests {
    static func crews(_ vehicles: Int, fromDay: Double, days: Double, startHour: Double = 0, length: Double = 24) -> ResourcePeriod {
        var r = ResourcePeriod(kind: .crews, startMinutes: fromDay * 1440, durationMinutes: days * 1440)
        r.shiftStartHour = startHour
        r.shiftLengthHours = length
        r.vehicles = vehicles
        return r
    }

    /// M/M/c: 17 calls an hour, 60-minute jobs, 18 rostered crews (94% busy) plus 2 added
    /// round the clock for the whole run: the wait is M/M/20's (Erlang C), not M/M/18's.
    @Test("crews added for the whole run give Erlang C's wait with the extra servers", arguments: [UInt64(1), 2])
    func addedCrewsAreServers(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 17, vehicles: 18, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        c.resources = [Self.crews(1, fromDay: 0, days: 730), Self.crews(1, fromDay: 0, days: 730)]
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let mean = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 20)
        #expect(abs(mean - expected) / expected < 0.05, "mean response \(mean) vs Erlang C with 20 servers \(expected)")
        // Two crews for the 728 counted days.
        #expect(outcomes.allSatisfy { abs($0[kpi: "added_vehicle_hours"] - 2 * 728 * 24) < 1e-6 })
        #expect(outcomes.allSatisfy { $0[kpi: "withdrawn_vehicle_hours"] == 0 })
    }

    /// Withdrawing two of 20 crews for the whole run is 18 servers: the same run as a roster
    /// of 18 (the two of highest rank stay off), and Erlang C's M/M/18 wait.
    @Test("crews withdrawn for the whole run are a smaller roster: Erlang C's wait with fewer servers")
    func withdrawnCrews() {
        var c = Fixtures.degenerate(callsPerHour: 15, vehicles: 20, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        c.resources = [Self.crews(-2, fromDay: 0, days: 730)]
        let eighteen = Fixtures.degenerate(callsPerHour: 15, vehicles: 18, onScene: .exponential(mean: 60),
                                           dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        let outcomes = (0..<8).map { Fixtures.run(c, seed: 5, replication: $0) }
        // Replication by replication, the same calls answered at the same times as by a
        // roster of 18.
        for r in 0..<8 {
            let roster = Fixtures.run(eighteen, seed: 5, replication: r)
            for kpi in ["calls_count", "c2_response_mean_min", "c2_response_median_min", "c2_response_p90_min", "calls_waiting_over_60_count"] {
                #expect(outcomes[r][kpi: kpi] == roster[kpi: kpi], "replication \(r): \(kpi)")
            }
        }
        // And so the M/M/18 wait: nearer Erlang C's with 18 servers than with 17 or 19.
        let mean = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!.mean
        let wait = { (servers: Int) in QueueingFormulas.mmcMeanWait(arrivalRate: 15.0 / 60, serviceRate: 1.0 / 60, servers: servers) }
        #expect(abs(mean - wait(18)) < abs(mean - wait(19)) && abs(mean - wait(18)) < abs(mean - wait(17)),
                "mean response \(mean) vs Erlang C with 17, 18, 19 servers \(wait(17)), \(wait(18)), \(wait(19))")
        #expect(outcomes.allSatisfy { abs($0[kpi: "withdrawn_vehicle_hours"] - 2 * 728 * 24) < 1e-6 })
    }

    /// Extra day crews for a week in the middle of a busy month: response times fall in that
    /// week only, and the hours added are the shifts worked.
    @Test("a dated period acts in its dates only, on its shift's hours")
    func datedAndShifted() {
        var c = Fixtures.degenerate(callsPerHour: 17, vehicles: 18, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 30)
        c.recordCalls = true
        let base = Fixtures.run(c, seed: 3)
        // Four crews on 07:00-19:00 shifts starting days 10 to 16 (7 shifts each).
        c.resources = [Self.crews(4, fromDay: 10, days: 7, startHour: 7, length: 12)]
        let added = Fixtures.run(c, seed: 3)
        #expect(abs(added[kpi: "added_vehicle_hours"] - 4 * 7 * 12) < 1e-6)
        func mean(_ o: ReplicationOutcome, days: ClosedRange<Double>, hours: Range<Double>) -> Double {
            let r = o.calls.filter { days.contains($0.arrivalMinutes / 1440) && hours.contains($0.arrivalMinutes.truncatingRemainder(dividingBy: 1440) / 60) }
                .compactMap(\.responseMinutes)
            return r.reduce(0, +) / Double(r.count)
        }
        // In the added days' day hours the wait all but goes (22 servers at 17 erlangs).
        #expect(mean(added, days: 10.5...16.5, hours: 9..<18) < 0.5 * mean(base, days: 10.5...16.5, hours: 9..<18))
        // Before the period the two runs are the same run (common random numbers).
        #expect(mean(added, days: 2...9.9, hours: 0..<24) == mean(base, days: 2...9.9, hours: 0..<24))
    }

    /// Spaces: an ED with 1 offload space and Poisson arrivals at 0.8 an hour (M/M/1 at
    /// rho 0.8 with 60-minute handovers): one added space for the whole run makes it M/M/2.
    @Test("offload spaces added for the whole run give Erlang C's handover wait", arguments: [UInt64(3)])
    func addedSpaces(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 0.8, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    hospitalSlots: 1, handover: .exponential(mean: 60), days: 1460)
        var r = ResourcePeriod(kind: .spaces, startMinutes: 0, durationMinutes: 1460 * 1440)
        r.spaces = 1
        c.resources = [r]
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 0.8 / 60, serviceRate: 1.0 / 60, servers: 2) + 60
        #expect(abs(handover - expected) / expected < 0.04, "arrival-to-handover \(handover) vs M/M/2 \(expected)")
        #expect(outcomes.allSatisfy { abs($0[kpi: "added_space_hours"] - 1458 * 24) < 1e-6 })
    }

    /// Surge crews and added crews are different vehicles: the surge pool never takes an
    /// added crew, whose hours stay exactly its shifts.
    @Test("added crews beside surge levels: each keeps its own vehicles")
    func besideSurge() {
        var c = StackManagementTests.saturated(callsPerHour: 21, vehicles: 20, days: 12)
        c.surge = SurgePlan(levels: [SurgeLevel(stackAtLeast: 30, standDownBelow: 5, extraVehicles: 3)])
        c.resources = [Self.crews(2, fromDay: 4, days: 3, startHour: 8, length: 12)]
        let o = Fixtures.run(c, seed: 2)
        #expect(abs(o[kpi: "added_vehicle_hours"] - Double(2 * 3 * 12 * c.stations.count)) < 1e-6)
        #expect(o[kpi: "surge_vehicle_hours"] > 0 && o[kpi: "surge_vehicle_hours"] <= 3 * 10 * 24)
    }

    @Test("invalid periods are refused with the key and the rule")
    func refused() {
        var c = Fixtures.degenerate(callsPerHour: 1, vehicles: 3, onScene: .fixed(10), dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 3)
        c.resources = [Self.crews(-4, fromDay: 0, days: 1)]
        #expect(c.problems().contains { $0.path == "resources[0].vehicles" && $0.message.contains("rosters 3") })
        c.resources = [Self.crews(2, fromDay: 0, days: 1, startHour: 7, length: 12)]
        c.resources[0].vehicles = 20_000
        #expect(c.problems().contains { $0.path == "resources[0].vehicles" })
        c.resources[0].vehicles = 0   // adds nothing: allowed (a lever's bottom)
        #expect(c.problems().isEmpty)
        var clinicians = ResourcePeriod(kind: .clinicians, startMinutes: 0, durationMinutes: 60)
        clinicians.clinicians = 2
        c.resources = [clinicians]
        #expect(c.problems().contains { $0.path == "resources[0].clinicians" && $0.message.contains("clinical_review") })
        // A withdrawal from a shift nobody works is refused (24 h crews rostered; a 12 h day shift named).
        c.resources = [Self.crews(-1, fromDay: 0, days: 1, startHour: 7, length: 12)]
        #expect(c.problems().contains { $0.path == "resources[0].vehicles" && $0.message.contains("rosters 0") })
    }
}
