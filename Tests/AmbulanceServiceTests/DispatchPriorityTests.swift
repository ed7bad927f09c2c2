import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Delay-dependent priority on the stack (`stack.dispatch_priority`), held to queueing
/// theory: one vehicle, no travel, exponential 60-minute jobs, C2 and C3 at 0.35 erlangs
/// each is the two-class M/M/1 queue, whose class waits are Cobham's under strict priority
/// and Kleinrock's under delay-dependent priority.
@Suite("Dispatch priority")
struct DispatchPriorityTests {
    static func singleServer(days: Double = 1461) -> ServiceConfiguration {
        StackManagementTests.saturated(callsPerHour: 0.7, vehicles: 1, days: days)
    }

    /// Mean C2 and C3 waits (hours) over eight replications.
    static func waits(_ c: ServiceConfiguration, seed: UInt64) -> (c2: Double, c3: Double) {
        let outcomes = (0..<8).map { Fixtures.run(c, seed: seed, replication: $0) }
        let c2 = Summary(outcomes.map { $0[kpi: "c2_response_mean_min"] })!.mean / 60
        let c3 = Summary(outcomes.map { $0[kpi: "c3_response_mean_min"] })!.mean / 60
        return (c2, c3)
    }

    @Test("strict priority (no weights) gives Cobham's waits", arguments: [UInt64(5)])
    func strictIsCobham(seed: UInt64) {
        let (c2, c3) = Self.waits(Self.singleServer(), seed: seed)
        let expected = QueueingFormulas.cobhamMeanWaits(arrivalRates: [0.35, 0.35], meanServices: [1, 1], secondMoments: [2, 2])
        #expect(abs(c2 - expected[0]) / expected[0] < 0.04, "C2 \(c2) h vs Cobham \(expected[0])")
        #expect(abs(c3 - expected[1]) / expected[1] < 0.04, "C3 \(c3) h vs Cobham \(expected[1])")
    }

    @Test("weights C2 1, C3 0.3 give Kleinrock's delay-dependent waits, between strict priority and FCFS", arguments: [UInt64(5), 6])
    func weightedIsKleinrock(seed: UInt64) {
        var c = Self.singleServer()
        c.dispatchPriority = DispatchPriority(c2: 1, c3: 0.3, c4: 0.3)
        let (c2, c3) = Self.waits(c, seed: seed)
        let expected = QueueingFormulas.kleinrockMeanWaits(arrivalRates: [0.35, 0.35], meanServices: [1, 1], secondMoments: [2, 2],
                                                           weights: [1, 0.3])
        // 1.58 h and 3.09 h: Cobham's strict waits are 1.08 and 3.59, FCFS 2.33 for both.
        #expect(abs(c2 - expected[0]) / expected[0] < 0.04, "C2 \(c2) h vs Kleinrock \(expected[0])")
        #expect(abs(c3 - expected[1]) / expected[1] < 0.04, "C3 \(c3) h vs Kleinrock \(expected[1])")
    }

    @Test("equal weights are first come, first served: both categories wait W0/(1-rho)")
    func equalWeightsAreFCFS() {
        var c = Self.singleServer()
        c.dispatchPriority = DispatchPriority(c2: 0.5, c3: 0.5, c4: 0.5)
        let (c2, c3) = Self.waits(c, seed: 7)
        let fcfs = 0.7 / (1 - 0.7)
        #expect(abs(c2 - fcfs) / fcfs < 0.04 && abs(c3 - fcfs) / fcfs < 0.04, "C2 \(c2), C3 \(c3) vs FCFS \(fcfs) h")
    }

    @Test("the formula: conservation of work, and the limits of FCFS and strict priority")
    func formulaLimits() {
        let rates = [0.2, 0.3, 0.25], means = [1.0, 0.8, 1.2], second = means.map { 2 * $0 * $0 }
        let rho = zip(rates, means).map { $0 * $1 }, total = rho.reduce(0, +)
        let w0 = zip(rates, second).reduce(0) { $0 + $1.0 * $1.1 } / 2
        let w = QueueingFormulas.kleinrockMeanWaits(arrivalRates: rates, meanServices: means, secondMoments: second, weights: [0.2, 1, 0.5])
        // Kleinrock's conservation law: sum rho_p W_p = rho W0 / (1 - rho) under any work-conserving order.
        let conserved = zip(rho, w).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(conserved - total * w0 / (1 - total)) < 1e-12)
        #expect(w[1] < w[2] && w[2] < w[0])
        let fcfs = QueueingFormulas.kleinrockMeanWaits(arrivalRates: rates, meanServices: means, secondMoments: second, weights: [1, 1, 1])
        #expect(fcfs.allSatisfy { abs($0 - w0 / (1 - total)) < 1e-12 })
        let strict = QueueingFormulas.kleinrockMeanWaits(arrivalRates: rates, meanServices: means, secondMoments: second, weights: [1e-9, 1, 1e-4])
        let cobham = QueueingFormulas.cobhamMeanWaits(arrivalRates: [0.3, 0.25, 0.2], meanServices: [0.8, 1.2, 1.0], secondMoments: [1.28, 2.88, 2])
        #expect(abs(strict[1] - cobham[0]) < 1e-3 && abs(strict[2] - cobham[1]) < 1e-3 && abs(strict[0] - cobham[2]) < 1e-3)
    }

    @Test("C1 still goes first: a C1 never waits behind an old C3, whatever its weight")
    func c1First() {
        var c = Self.singleServer(days: 120)
        c.categories = (1...4).map { k in
            CategoryProfile(share: k == 1 ? 0.2 : k == 3 ? 0.8 : 0, dispositions: Fixtures.dispositions(seeAndTreat: 1), dispatchDelayMinutes: .fixed(0))
        }
        var weighted = c
        weighted.dispatchPriority = DispatchPriority(c2: 1, c3: 1000, c4: 1)
        let a = Fixtures.run(c, seed: 3), b = Fixtures.run(weighted, seed: 3)
        #expect(a[kpi: "c1_response_mean_min"] == b[kpi: "c1_response_mean_min"])
        #expect(a[kpi: "c3_response_mean_min"] == b[kpi: "c3_response_mean_min"])
    }
}
