import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Each kind of disruption period against an analytic answer or an exact property.
@Suite("Disruption kinds: dispatch, 111, hospital, fleet")
struct DisruptionKindTests {
    static func period(_ kind: DisruptionKind, fromDay a: Double, toDay b: Double, _ set: (inout DisruptionPeriod) -> Void) -> DisruptionPeriod {
        var p = DisruptionPeriod(kind: kind, startMinutes: a * 1440, durationMinutes: (b - a) * 1440)
        set(&p)
        return p
    }

    static func expectSame(_ a: ReplicationOutcome, _ b: ReplicationOutcome, except: Set<String>) {
        for (i, name) in ReplicationOutcome.kpiNames.enumerated() where !except.contains(name) {
            #expect(a.values[i].isNaN ? b.values[i].isNaN : a.values[i] == b.values[i], "\(name): \(a.values[i]) vs \(b.values[i])")
        }
    }

    // MARK: Dispatch

    @Test("A dispatch delay multiplier of 1 changes nothing: paired difference exactly 0", arguments: [UInt64(1), 5])
    func multiplierOneChangesNothing(seed: UInt64) {
        let baseline = Fixtures.busyService()
        var manual = baseline
        manual.disruptionPeriods = [Self.period(.dispatch, fromDay: 3, toDay: 9) { _ in }]
        let a = Fixtures.run(baseline, seed: seed), b = Fixtures.run(manual, seed: seed)
        Self.expectSame(a, b, except: ["manual_dispatch_calls_count"])
        #expect(b[kpi: "manual_dispatch_calls_count"] > 1000)
        #expect(b.events == a.events + 2, "only the period's start and end are extra events")
    }

    @Test("The daily table says on which days each kind was in force: the share of the day's hours it was in force")
    func dailyInForceShares() throws {
        var c = Fixtures.busyService()
        c.disruptionPeriods = [Self.period(.dispatch, fromDay: 3, toDay: 5.5) { _ in },
                               Self.period(.fleet, fromDay: 6, toDay: 7) { $0.fleet.vehicles = 1 },
                               Self.period(.hospital, fromDay: 8, toDay: 9) { $0.hospital.divert = true },
                               Self.period(.hospital, fromDay: 8, toDay: 10) { $0.hospital.hospital = 1; $0.hospital.capacityFactor = 0.5 },
                               Self.period(.nhs111, fromDay: 11, toDay: 12) { $0.nhs111.hearAndTreatReduction = 0.5 }]
        let days = try #require(Fixtures.run(c).breakdowns?.days)
        func share(_ kpi: String, day: Int) -> Double { days[day - 1][Breakdowns.dailyKPIs.firstIndex(of: kpi)!] }   // day 1 is the first counted
        // Periods from midnight: whole days, none of the day before (issue 22: it was one hour early).
        #expect([2, 3, 4, 5, 6].map { share("dispatch_down_share", day: $0) } == [0, 1, 1, 0.5, 0])
        #expect([5, 6, 7].map { share("fleet_loss_share", day: $0) } == [0, 1, 0])
        #expect([7, 8, 9].map { share("divert_share", day: $0) } == [0, 1, 0])
        #expect([7, 8, 9, 10].map { share("capacity_cut_share", day: $0) } == [0, 1, 1, 0])
        #expect([10, 11, 12].map { share("nhs111_down_share", day: $0) } == [0, 1, 0])
    }

    @Test("A period that began before the run is in force from its start; one already over is refused")
    func periodBeforeTheRun() {
        let baseline = Fixtures.busyService()
        var early = baseline, clipped = baseline
        early.disruptionPeriods = [Self.period(.fleet, fromDay: -1, toDay: 3) { $0.fleet.share = 0.3 },
                                   Self.period(.nhs111, fromDay: -2, toDay: 2) { $0.nhs111.callsPerResidentPerDay = 0.001; $0.nhs111.redirectedShare = 0.1 }]
        clipped.disruptionPeriods = [Self.period(.fleet, fromDay: 0, toDay: 3) { $0.fleet.share = 0.3 },
                                     Self.period(.nhs111, fromDay: 0, toDay: 2) { $0.nhs111.callsPerResidentPerDay = 0.001; $0.nhs111.redirectedShare = 0.1 }]
        #expect(early.problems().isEmpty)
        let a = Fixtures.run(early, seed: 6), b = Fixtures.run(clipped, seed: 6)
        Self.expectSame(a, b, except: [])
        #expect(a[kpi: "redirected_111_calls_count"] > 0 && a[kpi: "off_road_vehicle_hours"] > 0)
        var over = baseline
        over.disruptionPeriods = [Self.period(.dispatch, fromDay: -3, toDay: -1) { _ in }]
        #expect(over.problems().contains { $0.path == "disruption[0].from" && $0.message.contains("over before the run starts") })
    }

    @Test("Manual dispatch multiplies the delay, or draws it anew, exactly: responses with idle vehicles at zero travel")
    func manualDelayIsExact() {
        // Idle vehicles everywhere and zero travel: a response is the dispatch delay.
        var c = Fixtures.degenerate(callsPerHour: 2, vehicles: 100, onScene: .fixed(10), dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 20)
        c.categories[1].dispatchDelayMinutes = .fixed(4)
        var multiplied = c
        multiplied.disruptionPeriods = [Self.period(.dispatch, fromDay: 0, toDay: 20) { $0.dispatch.delayMultiplier = [1, 2.5, 1, 1] }]
        #expect(Fixtures.run(c)[kpi: "c2_response_mean_min"] == 4)
        let m = Fixtures.run(multiplied)
        #expect(abs(m[kpi: "c2_response_mean_min"] - 10) < 1e-9 && m[kpi: "c2_response_p90_min"] == 10)
        var redrawn = c
        redrawn.disruptionPeriods = [Self.period(.dispatch, fromDay: 0, toDay: 20) { $0.dispatch.delayMinutes[1] = .uniform(min: 20, max: 40) }]
        let r = Fixtures.run(redrawn)
        #expect(abs(r[kpi: "c2_response_mean_min"] - 30) < 0.6, "uniform(20, 40) has mean 30: \(r[kpi: "c2_response_mean_min"])")
        #expect(r[kpi: "manual_dispatch_calls_count"] == r[kpi: "calls_count"])
    }

    @Test("A longer manual delay lengthens C2 responses in every paired replication; choosing by station lengthens C1 on average")
    func manualDispatchCosts() {
        let baseline = Fixtures.busyService()
        var manual = baseline
        manual.disruptionPeriods = [Self.period(.dispatch, fromDay: 3, toDay: 9) { $0.dispatch.delayMultiplier = [2, 2, 2, 2] }]
        var blind = baseline
        blind.disruptionPeriods = [Self.period(.dispatch, fromDay: 1, toDay: 14) { $0.dispatch.choosesByStation = true }]
        var c1Difference = 0.0
        for r in 0..<6 {
            let a = Fixtures.run(baseline, seed: 3, replication: r), b = Fixtures.run(manual, seed: 3, replication: r)
            #expect(b[kpi: "c2_response_mean_min"] > a[kpi: "c2_response_mean_min"], "replication \(r)")
            c1Difference += Fixtures.run(blind, seed: 3, replication: r)[kpi: "c1_response_mean_min"] - a[kpi: "c1_response_mean_min"]
        }
        #expect(c1Difference > 0, "a dispatcher without vehicle positions sends farther vehicles: \(c1Difference / 6) min")
    }

    // MARK: 111

    @Test("111 redirection adds the configured number of calls, within Poisson noise, and only inside the period")
    func redirectionAddsCalls() {
        let baseline = Fixtures.busyService()
        var down = baseline
        // 550,000 residents x 0.001 a day x 10% redirected x 10 days = 550 calls; starts and
        // ends off the hour.
        down.disruptionPeriods = [Self.period(.nhs111, fromDay: 2 + 9.5 / 24, toDay: 12 + 9.5 / 24) {
            $0.nhs111.callsPerResidentPerDay = 0.001
            $0.nhs111.redirectedShare = 0.1
            $0.nhs111.categoryShares = [0.05, 0.35, 0.45, 0.15]
        }]
        // The rate's integral over ten whole days: 550, whatever the hour-of-day profile.
        #expect(abs(down.expectedCalls() - baseline.expectedCalls() - 550) < 1e-6, "\(down.expectedCalls() - baseline.expectedCalls())")
        var counts: [Double] = []
        for r in 0..<10 {
            let a = Fixtures.run(baseline, seed: 11, replication: r), b = Fixtures.run(down, seed: 11, replication: r)
            let extra = b[kpi: "redirected_111_calls_count"]
            // Every other call keeps its random numbers: the difference is the redirected calls.
            #expect(b[kpi: "calls_count"] - a[kpi: "calls_count"] == extra, "replication \(r)")
            counts.append(extra)
            for h in a.hourly.indices where Double(h + 1) * 60 <= down.disruptionPeriods[0].startMinutes || Double(h) * 60 >= down.disruptionPeriods[0].endMinutes {
                #expect(a.hourly[h].arrivals == b.hourly[h].arrivals, "hour \(h) outside the period, replication \(r)")
            }
        }
        let mean = counts.reduce(0, +) / Double(counts.count)
        // Poisson: sd of the mean of 10 is sqrt(550 / 10) = 7.4; 4 sd.
        #expect(abs(mean - 550) < 4 * (550.0 / 10).squareRoot(), "mean redirected \(mean), expected 550")
        let sd = Summary(counts)!.standardDeviation
        #expect(sd > 10 && sd < 40, "Poisson sd about 23.5: \(sd)")
    }

    @Test("A hear-and-treat cut moves exactly the calls between the two thresholds to a vehicle")
    func hearAndTreatCut() {
        let baseline = Fixtures.busyService()
        for reduction in [0.5, 1.0] {
            var down = baseline
            down.disruptionPeriods = [Self.period(.nhs111, fromDay: 0, toDay: 14) { $0.nhs111.hearAndTreatReduction = reduction }]
            let a = Fixtures.run(baseline, seed: 4), b = Fixtures.run(down, seed: 4)
            #expect(b[kpi: "hear_and_treat_count"] + b[kpi: "hear_and_treat_lost_count"] == a[kpi: "hear_and_treat_count"])
            #expect(b[kpi: "calls_count"] == a[kpi: "calls_count"])
            if reduction == 1 { #expect(b[kpi: "hear_and_treat_count"] == 0) }
            let expected = a[kpi: "hear_and_treat_count"] * reduction
            #expect(abs(b[kpi: "hear_and_treat_lost_count"] - expected) < 4 * expected.squareRoot() + 1)
        }
    }

    // MARK: Hospital

    /// Calls in zone 0, all conveyed; hospitals in zones 0, 1 and 2 at 0, 25 and 40 minutes;
    /// every time fixed, vehicles and spaces plenty.
    static func threeHospitals() -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 1, vehicles: 50, onScene: .fixed(10), dispositions: Fixtures.dispositions(ed: 1),
                                    handover: .fixed(15), days: 20)
        c.zones = [c.zones[0], Zone(name: "b", residents: 0, callsPerResidentPerDay: 0), Zone(name: "c", residents: 0, callsPerResidentPerDay: 0)]
        c.travel = Travel(expectedMinutes: [[0, 25, 40], [25, 0, 30], [40, 30, 0]], variation: .fixed(1), mobiliseMinutes: .fixed(0))
        c.hospitals = (0..<3).map { Hospital(name: "ED \($0)", zone: $0, offloadCapacityByHour: Array(repeating: 100, count: 24), handoverMinutes: .fixed(15)) }
        c.jobCycle.clearMinutes = .fixed(5)
        return c
    }

    @Test("A divert of the nearest hospital sends conveyances to the next nearest: travel grows by exactly the matrix difference")
    func divertAddsMatrixDifference() {
        let c = Self.threeHospitals()
        var diverted = c
        diverted.disruptionPeriods = [Self.period(.hospital, fromDay: 0, toDay: 20) { $0.hospital.hospital = 0; $0.hospital.divert = true }]
        let a = Fixtures.run(c), b = Fixtures.run(diverted)
        // Job cycle: 10 on scene + travel to hospital + 15 handover + 5 clear.
        #expect(a[kpi: "job_cycle_mean_min"] == 30)
        #expect(abs(b[kpi: "job_cycle_mean_min"] - a[kpi: "job_cycle_mean_min"] - 25) < 1e-9, "\(b[kpi: "job_cycle_mean_min"])")
        #expect(b[kpi: "diverted_conveyances_count"] == b[kpi: "conveyed_ed_count"] && b[kpi: "divert_extra_travel_mean_min"] == 25)
        // Both the nearest and the next on divert: the third, 40 minutes away.
        var both = c
        both.disruptionPeriods = [0, 1].map { h in Self.period(.hospital, fromDay: 0, toDay: 20) { $0.hospital.hospital = h; $0.hospital.divert = true } }
        #expect(abs(Fixtures.run(both)[kpi: "job_cycle_mean_min"] - 70) < 1e-9)
        // All three at once: nobody could take them; refused (issue 22), not silently ignored.
        var all = c
        all.disruptionPeriods = [0, 1, 2].map { h in Self.period(.hospital, fromDay: 0, toDay: 20) { $0.hospital.hospital = h; $0.hospital.divert = true } }
        #expect(all.problems().contains { $0.path == "disruption[0].divert" && $0.message.contains("every hospital (3) is on divert at once") })
        // The same three one after another are fine.
        all.disruptionPeriods = [0, 1, 2].map { h in Self.period(.hospital, fromDay: Double(5 * h), toDay: Double(5 * h + 5)) { $0.hospital.hospital = h; $0.hospital.divert = true } }
        #expect(all.problems().isEmpty, "\(all.problems())")
    }

    @Test("A capacity cut to half of 8 offload spaces makes the wait M/M/4 (Erlang C)", arguments: [UInt64(3), 4])
    func capacityCutMatchesErlangC(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 6, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    hospitalSlots: 8, handover: .exponential(mean: 30), days: 730)
        c.disruptionPeriods = [Self.period(.hospital, fromDay: 0, toDay: 730) { $0.hospital.capacityFactor = 0.5 }]
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 6.0 / 60, serviceRate: 1.0 / 30, servers: 4) + 30
        #expect(abs(handover - expected) / expected < 0.03, "arrival-to-handover \(handover) vs M/M/4 \(expected)")
    }

    // MARK: Fleet

    @Test("A fleet loss of 3 of 23 vehicles makes the response M/M/20 (Erlang C) while it lasts", arguments: [UInt64(1), 2])
    func fleetLossMatchesErlangC(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 17, vehicles: 23, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        c.disruptionPeriods = [Self.period(.fleet, fromDay: 0, toDay: 730) { $0.fleet.vehicles = 3 }]
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let mean = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 20)
        #expect(abs(mean - expected) / expected < 0.04, "mean response \(mean) vs Erlang C at 20 \(expected) min")
        let utilisation = Summary(outcomes.map { $0[kpi: "vehicle_utilisation_share"] })!.mean
        #expect(abs(utilisation - 0.85) < 0.01, "17 erlangs on the 20 vehicles left")
        // 3 vehicles x 728 counted days x 24 h, all lost from the start.
        #expect(outcomes.allSatisfy { abs($0[kpi: "off_road_vehicle_hours"] - 3 * 728 * 24) < 1e-6 })
        // Exactly the service of 20 vehicles: every other KPI equal, replication by replication.
        var twenty = c
        twenty.disruptionPeriods = []
        twenty.stations[0].roster[0].vehicles = 20
        let same = Fixtures.run(twenty, seed: seed, replication: 0)
        for (i, name) in ReplicationOutcome.kpiNames.enumerated() where name != "off_road_vehicle_hours" {
            let a = outcomes[0].values[i], b = same.values[i]
            #expect(a.isNaN ? b.isNaN : a == b, "\(name): \(a) with 3 of 23 off the road, \(b) with 20")
        }
    }

    @Test("Vehicles off the road leave when free and come back when the period ends")
    func fleetLossIsBounded() {
        let baseline = Fixtures.busyService()
        var loss = baseline
        // Every coast vehicle (6 by day, 4 by night) for two days: 240 rostered vehicle-hours,
        // less the jobs they finish first.
        loss.disruptionPeriods = [Self.period(.fleet, fromDay: 3, toDay: 5) { $0.fleet.stations = [2]; $0.fleet.share = 1 }]
        let a = Fixtures.run(baseline, seed: 8), b = Fixtures.run(loss, seed: 8)
        let hours = b[kpi: "off_road_vehicle_hours"]
        #expect(hours > 200 && hours <= 240, "\(hours)")
        #expect(b[kpi: "c2_response_mean_min"] > a[kpi: "c2_response_mean_min"])
        // Had they stayed off, the loss would run to the end of the run: about 11 days more.
        var open = loss
        open.disruptionPeriods[0].durationMinutes = 11 * 1440
        #expect(Fixtures.run(open, seed: 8)[kpi: "off_road_vehicle_hours"] > 1200)
        // While it lasts, no coast vehicle is available: at most the others are.
        let others = baseline.stations[0...1].flatMap(\.roster).reduce(0) { $0 + $1.vehicles }
        #expect(b.hourly[(3 * 24 + 2)..<(5 * 24 - 1)].allSatisfy { $0.vehiclesAvailable <= Double(others) })
    }
}

@Suite("Phased restoration of a disruption period")
struct RestorationTests {
    @Test("Phases scale each kind's effect by what remains, back to back, ending with the period")
    func phasesScaleTheEffect() {
        var p = DisruptionPeriod(kind: .nhs111, startMinutes: 100, durationMinutes: 1000)
        p.nhs111.redirectedShare = 0.08
        p.nhs111.hearAndTreatReduction = 0.2
        p.restoration = [RestorationStep(afterMinutes: 200, restored: 0.25), RestorationStep(afterMinutes: 600, restored: 0.75)]
        let phases = p.phases
        #expect(phases.map(\.startMinutes) == [100, 300, 700] && phases.map(\.endMinutes) == [300, 700, 1100])
        #expect(phases.map(\.nhs111.redirectedShare) == [0.08, 0.06, 0.02])
        #expect(zip(phases.map(\.nhs111.hearAndTreatReduction), [0.2, 0.15, 0.05]).allSatisfy { abs($0 - $1) < 1e-12 })
        var d = DisruptionPeriod(kind: .dispatch, startMinutes: 0, durationMinutes: 10)
        d.dispatch.delayMultiplier = [3, 3, 1, 5]
        d.restoration = [RestorationStep(afterMinutes: 5, restored: 0.5)]
        #expect(d.phases[1].dispatch.delayMultiplier == [2, 2, 1, 3])
        var h = DisruptionPeriod(kind: .hospital, startMinutes: 0, durationMinutes: 10)
        h.hospital.capacityFactor = 0.4
        h.restoration = [RestorationStep(afterMinutes: 5, restored: 0.5)]
        #expect(abs(h.phases[1].hospital.capacityFactor - 0.7) < 1e-12)
    }

    @Test("A fleet loss restored in phases takes off exactly its vehicle-hours, and the wait follows Erlang C of each phase")
    func fleetLossInPhases() {
        var c = Fixtures.degenerate(callsPerHour: 17, vehicles: 24, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        var p = DisruptionPeriod(kind: .fleet, startMinutes: 0, durationMinutes: 730 * 1440)
        p.fleet.vehicles = 4
        p.restoration = [RestorationStep(afterMinutes: 366 * 1440, restored: 0.5)]   // 4 lost, then 2
        c.disruptionPeriods = [p]
        let outcomes = (0..<4).map { Fixtures.run(c, seed: 1, replication: $0) }
        // Counted from day 2: 4 x 364 days + 2 x 364 days, 24 h a day.
        #expect(outcomes.allSatisfy { abs($0[kpi: "off_road_vehicle_hours"] - (4 * 364 + 2 * 364) * 24) < 1e-6 })
        // Waits: half the counted calls in M/M/20, half in M/M/22.
        let w20 = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 20)
        let w22 = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 22)
        let expected = (w20 + w22) / 2
        let mean = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!.mean
        #expect(abs(mean - expected) / expected < 0.05, "\(mean) vs \(expected) (M/M/20 \(w20), M/M/22 \(w22))")
    }

    @Test("A phase change is one step: no extra event, and a restored share of 0 changes nothing")
    func phaseChangeIsOneStep() {
        let baseline = Fixtures.busyService()
        var whole = baseline
        var p = DisruptionPeriod(kind: .dispatch, startMinutes: 3 * 1440, durationMinutes: 6 * 1440)
        p.dispatch.delayMultiplier = [2, 2, 2, 2]
        whole.disruptionPeriods = [p]
        var phased = whole
        phased.disruptionPeriods[0].restoration = [RestorationStep(afterMinutes: 1440, restored: 0), RestorationStep(afterMinutes: 2880, restored: 0)]
        let a = Fixtures.run(whole, seed: 2), b = Fixtures.run(phased, seed: 2)
        #expect(a.values.indices.allSatisfy { a.values[$0].isNaN ? b.values[$0].isNaN : a.values[$0] == b.values[$0] })
        #expect(b.events == a.events + 2, "one event per phase change")
    }
}
