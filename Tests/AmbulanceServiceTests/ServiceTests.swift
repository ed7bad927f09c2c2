import AmbulanceService
import Testing

@Suite("Fleet, hospitals and accounting")
struct ServiceTests {
    @Test("Vehicles on duty follow the roster hour by hour, busy or idle", arguments: [0.0, 1.0])
    func rosterIsFollowed(demandScale: Double) {
        var c = Fixtures.busyService(days: 5)
        for z in c.zones.indices { c.zones[z].callsPerResidentPerDay *= demandScale }
        if demandScale == 0 { c.demand.visitorCalendar = [] }
        c.warmUpMinutes = 0
        let o = Fixtures.run(c, seed: 4)
        for h in o.hourly {
            let hour = Double(h.hour % 24)
            var expected = 0
            for station in c.stations {
                for shift in station.roster {
                    let end = shift.startHour + shift.lengthHours
                    if (hour >= shift.startHour && hour < end) || hour + 24 < end { expected += shift.vehicles }
                }
            }
            #expect(abs(h.vehiclesRostered - Double(expected)) < 1e-9, "hour \(h.hour): \(h.vehiclesRostered) vs \(expected)")
            #expect(h.vehiclesAvailable <= h.vehiclesRostered + 1e-9)
        }
        if demandScale == 0 {
            #expect(o[kpi: "shift_overrun_hours"] == 0)
            #expect(o.hourly.allSatisfy { abs($0.vehiclesAvailable - $0.vehiclesRostered) < 1e-9 })
        } else {
            #expect(o[kpi: "shift_overrun_hours"] > 0)
        }
    }

    @Test("Calls reconcile: counted = hear-and-treat + see-and-treat + conveyed + open", arguments: [UInt64(1), 2, 3])
    func callsReconcile(seed: UInt64) {
        let o = Fixtures.run(Fixtures.busyService(), seed: seed)
        let parts = ["hear_and_treat_count", "see_and_treat_count", "conveyed_ed_count", "conveyed_elsewhere_count", "calls_open_at_end_count"]
        #expect(parts.reduce(0) { $0 + o[kpi: $1] } == o[kpi: "calls_count"])
        #expect((1...4).reduce(0) { $0 + o[kpi: "c\($1)_count"] } == o[kpi: "calls_count"])
        // Every ED conveyance of a counted call that was handed over shows in the handovers.
        #expect(o[kpi: "handover_count"] <= o[kpi: "conveyed_ed_count"])
        #expect(o[kpi: "handover_count"] >= o[kpi: "conveyed_ed_count"] - 60)
        // Hours lost and job cycles lost follow their NHS definitions.
        #expect(abs(o[kpi: "job_cycles_lost"] - o[kpi: "handover_hours_lost"] / (o[kpi: "job_cycle_mean_min"] / 60)) < 1e-9)
        let util = o[kpi: "vehicle_utilisation_share"]
        #expect(util > 0.3 && util < 1)
        // Urgent calls are answered faster.
        #expect(o[kpi: "c1_response_mean_min"] < o[kpi: "c3_response_mean_min"])
        #expect(o[kpi: "c1_response_median_min"] <= o[kpi: "c1_response_p90_min"])
    }

    @Test("Release-to-respond frees crews after 45 minutes and cuts hours lost")
    func releaseToRespond() {
        var c = Fixtures.busyService()
        c.hospitals = c.hospitals.map { h in var h = h; h.handoverMinutes = .fixed(15); h.offloadCapacityByHour = Array(repeating: 1, count: 24); return h }
        var released = c
        released.releaseToRespondMinutes = 45
        let a = Fixtures.run(c, seed: 2), b = Fixtures.run(released, seed: 2)
        #expect(b[kpi: "crew_releases_count"] > 0)
        #expect(a[kpi: "crew_releases_count"] == 0)
        // A crew waits at most 45 minutes, then hands over in 15 at most.
        #expect(b[kpi: "handover_p90_min"] <= 60)
        #expect(b[kpi: "handover_hours_lost"] < a[kpi: "handover_hours_lost"])
        #expect(b[kpi: "c2_response_mean_min"] < a[kpi: "c2_response_mean_min"])
    }

    @Test("In ED-bay mode handover delay grows with walk-ins (exit block)")
    func edBaysExitBlock() {
        func withWalkIns(_ perHour: Double) -> ServiceConfiguration {
            var c = Fixtures.busyService()
            c.hospitals = c.hospitals.map { h in
                var h = h
                h.emergencyDepartment = EmergencyDepartment(bays: 40, walkInsPerHour: Array(repeating: perHour, count: 24),
                                                            stayMinutes: try! .lognormal(mean: 240, sd: 120))
                return h
            }
            return c
        }
        let quiet = Fixtures.run(withWalkIns(1), seed: 3)
        let busy = Fixtures.run(withWalkIns(5), seed: 3)
        #expect(quiet[kpi: "handover_mean_min"] < 30)
        #expect(busy[kpi: "handover_mean_min"] > quiet[kpi: "handover_mean_min"] + 30,
                "quiet \(quiet[kpi: "handover_mean_min"]) busy \(busy[kpi: "handover_mean_min"])")
    }

    @Test("Shares of hospital choice send patients where they say")
    func hospitalShares() {
        var c = Fixtures.busyService()
        c.hospitalChoice = .shares([[0, 1], [0, 1], [0, 1]])
        c.hospitals[1].offloadCapacityByHour = Array(repeating: 50, count: 24)
        c.hospitals[0].offloadCapacityByHour = Array(repeating: 1, count: 24)
        c.hospitals[0].handoverMinutes = .fixed(600)
        let o = Fixtures.run(c, seed: 1)
        // Nobody goes to hospital 0, whose 10-hour handovers would otherwise dominate.
        #expect(o[kpi: "handover_p90_min"] < 100)
    }

    @Test("Invalid configurations name the key and the rule")
    func validation() {
        var c = Fixtures.busyService()
        c.hospitals[1].offloadCapacityByHour[3] = 0
        c.categories[0].share = 0.5
        c.travel.expectedMinutes[1] = [1, 2]
        c.stations[0].zone = 7
        c.recordModeEffects[2].recordDefectRate = 1.5
        let problems = c.problems().map(\.description)
        #expect(problems.contains { $0.hasPrefix("hospitals[1].offload_capacity: must be >= 1 (got 0)") })
        #expect(problems.contains { $0.hasPrefix("categories: shares must sum to 1") })
        #expect(problems.contains { $0.hasPrefix("travel.minutes: must be a square matrix") })
        #expect(problems.contains { $0.hasPrefix("stations[0].zone: refers to an unknown zone") })
        #expect(problems.contains { $0.hasPrefix("record_modes.paper.record_defect_rate: must be in [0, 1]") })
        #expect(Fixtures.busyService().problems().isEmpty)
    }
}
