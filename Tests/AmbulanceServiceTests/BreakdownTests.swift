import AmbulanceService
import Statistics
import Testing

/// The per-hospital, per-zone and per-day tables add up to the service, equal it when there
/// is one place, and reproduce queueing theory hospital by hospital.
@Suite("Breakdowns per hospital, zone and day")
struct BreakdownTests {
    func value(_ b: [[Double]], _ row: Int, _ kpis: [String], _ name: String) -> Double { b[row][kpis.firstIndex(of: name)!] }
    func hospital(_ o: ReplicationOutcome, _ h: Int, _ k: String) -> Double { value(o.breakdowns!.hospitals, h, Breakdowns.hospitalKPIs, k) }
    func zone(_ o: ReplicationOutcome, _ z: Int, _ k: String) -> Double { value(o.breakdowns!.zones, z, Breakdowns.zoneKPIs, k) }

    @Test("per-hospital and per-zone counts and hours lost sum to the service's; the days' calls to the total", arguments: [UInt64(1), 2])
    func sumsEqualTotals(seed: UInt64) {
        let o = Fixtures.run(Fixtures.busyService(), seed: seed)
        let b = o.breakdowns!
        #expect(b.hospitals.count == 2 && b.zones.count == 3 && b.days.count == 13)
        let sum = { (k: String) in b.hospitals.indices.reduce(0.0) { $0 + self.hospital(o, $1, k) } }
        #expect(sum("handover_count") == o[kpi: "handover_count"])
        #expect(abs(sum("handover_hours_lost") - o[kpi: "handover_hours_lost"]) <= 1e-9 * o[kpi: "handover_hours_lost"])
        #expect(sum("crew_releases_count") == o[kpi: "crew_releases_count"])
        #expect(sum("ambulance_arrivals_count") >= o[kpi: "handover_count"] && sum("ambulance_arrivals_count") > 0)
        let zones = { (k: String) in b.zones.indices.reduce(0.0) { $0 + self.zone(o, $1, k) } }
        #expect(zones("calls_count") == o[kpi: "calls_count"])
        #expect(zones("visitor_calls_count") == o[kpi: "visitor_calls_count"] && zone(o, 2, "visitor_calls_count") > 0)
        for c in 1...4 { #expect(zones("c\(c)_responded_count") == o[kpi: "c\(c)_responded_count"]) }
        let days = b.days.reduce(0.0) { $0 + $1[Breakdowns.dailyKPIs.firstIndex(of: "calls_count")!] }
        #expect(days == o[kpi: "calls_count"])
        #expect(b.firstDay == 1, "the counted days start after the one-day warm-up")
    }

    @Test("one zone and one hospital: the breakdowns are the service's KPIs exactly")
    func onePlaceEqualsTheService() {
        let c = Fixtures.degenerate(callsPerHour: 5, vehicles: 12, onScene: try! .lognormal(mean: 40, sd: 15),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 0.4, ed: 0.6), hospitalSlots: 2,
                                    handover: .exponential(mean: 20), days: 20)
        let o = Fixtures.run(c, seed: 7)
        for k in ["handover_count", "handover_mean_min", "handover_p90_min", "handover_over_15_share", "handover_over_30_share",
                  "handover_over_60_share", "handover_hours_lost", "job_cycles_lost", "crew_releases_count"] {
            #expect(hospital(o, 0, k) == o[kpi: k], "\(k)")
        }
        for k in ["calls_count", "c2_responded_count", "c2_response_mean_min", "c2_response_p90_min", "c2_within_standard_share"] {
            #expect(zone(o, 0, k) == o[kpi: k], "\(k)")
        }
        #expect(hospital(o, 0, "ambulances_queueing_peak") >= 1 && hospital(o, 0, "ambulances_queueing_mean") > 0)
    }

    /// Every call conveyed at once to one of two hospitals, half each (Poisson 3 an hour
    /// to each), handover exponential, mean 30: hospital A with 4 spaces is M/M/4 and
    /// hospital B with 2 is M/M/2, both at 1.5 erlangs.
    @Test("two hospitals with different M/M/s answers: each hospital's arrival-to-handover matches its Erlang C", arguments: [UInt64(3), 4])
    func eachHospitalIsItsOwnQueue(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 6, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    handover: .exponential(mean: 30), days: 730)
        c.hospitals = [Hospital(name: "A", zone: 0, offloadCapacityByHour: Array(repeating: 4, count: 24), handoverMinutes: .exponential(mean: 30)),
                       Hospital(name: "B", zone: 0, offloadCapacityByHour: Array(repeating: 2, count: 24), handoverMinutes: .exponential(mean: 30))]
        c.hospitalChoice = .shares([[0.5, 0.5]])
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        for (h, servers, tolerance) in [(0, 4, 0.03), (1, 2, 0.05)] {
            let measured = Summary(outcomes.map { hospital($0, h, "handover_mean_min") })!.mean
            let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 3.0 / 60, serviceRate: 1.0 / 30, servers: servers) + 30
            #expect(abs(measured - expected) / expected < tolerance, "hospital \(h): \(measured) vs \(expected)")
            let queue = Summary(outcomes.map { hospital($0, h, "ambulances_queueing_mean") })!.mean
            let lq = QueueingFormulas.mmcMeanWait(arrivalRate: 3.0 / 60, serviceRate: 1.0 / 30, servers: servers) * 3.0 / 60   // Little
            #expect(abs(queue - lq) / lq < tolerance * 2, "hospital \(h) queue \(queue) vs Little \(lq)")
        }
    }
}
