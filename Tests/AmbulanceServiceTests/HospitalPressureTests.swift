import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Hospital pressure (issue 20): the dated factor on the time the ED holds an offload space.
@Suite("Hospital pressure")
struct HospitalPressureTests {
    /// Poisson arrivals at one ED, 6 an hour, exponential 30-minute hospital handover, 4
    /// offload spaces, vehicles plenty (the arrivals at the ED do not depend on handovers).
    static func hospital(days: Double = 730, pressure: HospitalPressure = HospitalPressure()) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 6, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    hospitalSlots: 4, handover: .exponential(mean: 30), days: days)
        c.hospitalAcceptance = HospitalAcceptance(recordMinutesHoldSpace: false)
        c.hospitalPressure = pressure
        return c
    }

    @Test("pressure f holds each space f times as long: the wait is Erlang C at 3f erlangs on 4 spaces, the crew's handover unchanged",
          arguments: [(0.5, UInt64(3)), (1.1, 4), (1.2, 5)])
    func erlangC(factor: Double, seed: UInt64) {
        let c = Self.hospital(pressure: HospitalPressure(scale: factor))
        let outcomes = (0..<4).map { Fixtures.run(c, seed: seed, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 6.0 / 60, serviceRate: 1.0 / (30 * factor), servers: 4) + 30
        #expect(abs(handover - expected) / expected < 0.04, "f = \(factor): \(handover) vs Erlang C wait + 30 = \(expected)")
    }

    @Test("a factor of 1 is exactly no pressure: every KPI equal, whatever the steps say")
    func neutral() {
        let a = Fixtures.run(Self.hospital(days: 30), seed: 9)
        let b = Fixtures.run(Self.hospital(days: 30, pressure: HospitalPressure(steps: [.init(fromMinutes: 5 * 1440, factor: 1)])), seed: 9)
        #expect(a.values.indices.allSatisfy { a.values[$0].isNaN ? b.values[$0].isNaN : a.values[$0] == b.values[$0] })
    }

    @Test("more pressure never shortens handover: with common random numbers, arrival-to-handover is non-decreasing in the factor",
          arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func monotone(seed: UInt64) {
        let rng = RandomStream(seed: seed)
        let factors = (0..<6).map { _ in 0.3 + 1.2 * rng.uniform() }.sorted()
        var previous = -Double.infinity
        for f in factors {
            var c = Self.hospital(days: 30, pressure: HospitalPressure(scale: f))
            c.recordCalls = true
            let mean = Fixtures.run(c, seed: seed)[kpi: "handover_mean_min"]
            #expect(mean >= previous - 1e-9, "seed \(seed): factor \(f) gives \(mean) < \(previous) at a lower factor")
            previous = mean
        }
    }

    @Test("dated steps: a service-wide step times a hospital's own step, from their dates, before them the scale alone")
    func profile() {
        let p = HospitalPressure(steps: [.init(fromMinutes: 100, factor: 2), .init(fromMinutes: 200, factor: 1.5, hospitals: [1]),
                                         .init(fromMinutes: 300, factor: 0.5)], scale: 1.2)
        #expect(p.factor(hospital: 0, at: 50) == 1.2 && p.factor(hospital: 0, at: 150) == 2.4 && p.factor(hospital: 0, at: 250) == 2.4)
        #expect(abs(p.factor(hospital: 1, at: 250) - 1.2 * 2 * 1.5) < 1e-12 && abs(p.factor(hospital: 1, at: 350) - 1.2 * 0.5 * 1.5) < 1e-12)
        var c = Self.hospital(days: 2, pressure: HospitalPressure(steps: [.init(fromMinutes: 10, factor: 0)], scale: 200))
        #expect(c.problems().map(\.path).contains("hospital_pressure[0].factor") && c.problems().map(\.path).contains("hospital_pressure_scale"))
        c.hospitalPressure = HospitalPressure(steps: [.init(fromMinutes: 10, factor: 1.5, hospitals: [3])])
        #expect(c.problems().contains { $0.path == "hospital_pressure[0].hospitals" })
    }

    @Test("a step in the middle of a run changes the wait from its time: the second half runs at the higher Erlang C")
    func stepInTime() {
        let c = Self.hospital(days: 400, pressure: HospitalPressure(steps: [.init(fromMinutes: 200 * 1440, factor: 1.25)]))
        let outcomes = (0..<3).map { Fixtures.run(c, seed: 21, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let low = QueueingFormulas.mmcMeanWait(arrivalRate: 0.1, serviceRate: 1.0 / 30, servers: 4)
        let high = QueueingFormulas.mmcMeanWait(arrivalRate: 0.1, serviceRate: 1.0 / 37.5, servers: 4)
        let expected = 30 + (low * 198 + high * 200) / 398    // the counted days after the 2-day warm-up, before and after the step
        #expect(abs(handover - expected) / expected < 0.05, "\(handover) vs \(expected)")
    }
}
