import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Degenerate services whose answers are known: the model reduces to M/M/c.
@Suite("The model reproduces Erlang C")
struct ErlangCTests {
    /// 17 calls an hour, exponential on-scene time of 60 min, 20 vehicles, zero travel and
    /// dispatch delay, everyone treated on scene: the response time is the M/M/20 wait.
    @Test("Waiting for a vehicle: M/M/20 at 17 erlangs", arguments: [UInt64(1), 2])
    func vehicleWaitIsErlangC(seed: UInt64) {
        let c = Fixtures.degenerate(callsPerHour: 17, vehicles: 20, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 730)
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let means = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 17.0 / 60, serviceRate: 1.0 / 60, servers: 20)
        #expect(abs(means.mean - expected) / expected < 0.04, "mean response \(means.mean) vs Erlang C \(expected) min")
        // P(wait) = C = 0.385 < 0.5, so the median response is exactly zero.
        #expect(outcomes.allSatisfy { $0[kpi: "c2_response_median_min"] == 0 })
        // 90th centile of the M/M/c wait: ln(C / 0.1) / (c mu - lambda).
        let erlang = QueueingFormulas.erlangC(offeredLoad: 17, servers: 20)
        let p90 = log(erlang / 0.1) / (20.0 / 60 - 17.0 / 60)
        let measured = Summary(outcomes.map { $0[kpi: "c2_response_p90_min"] })!.mean
        #expect(abs(measured - p90) / p90 < 0.04, "90th centile \(measured) vs \(p90)")
        // Utilisation = offered load / servers.
        let utilisation = Summary(outcomes.map { $0[kpi: "vehicle_utilisation_share"] })!.mean
        #expect(abs(utilisation - 0.85) < 0.01)
    }

    /// Every call conveyed at once (zero on-scene and travel), plenty of vehicles: arrivals
    /// at the hospital are Poisson at 6 an hour, handover exponential with mean 30 min and
    /// 4 offload slots: the wait for a slot is M/M/4 at 3 erlangs.
    @Test("Waiting for an offload slot: M/M/4 at 3 erlangs", arguments: [UInt64(3), 4])
    func offloadWaitIsErlangC(seed: UInt64) {
        let c = Fixtures.degenerate(callsPerHour: 6, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    hospitalSlots: 4, handover: .exponential(mean: 30), days: 730)
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 6.0 / 60, serviceRate: 1.0 / 30, servers: 4) + 30
        #expect(abs(handover - expected) / expected < 0.03, "arrival-to-handover \(handover) vs Erlang C wait + service \(expected)")
    }
}

#if canImport(Glibc)
import Glibc
#endif
