import AmbulanceService
import Statistics
import Stochastics
import Testing

/// The ED's capacity to accept apart from the crew's handover work, and cohort escalation.
@Suite("Hospital acceptance")
struct HospitalAcceptanceTests {
    /// As the offload Erlang C check: Poisson arrivals at the hospital, 6 an hour, exponential
    /// 30-minute hospital handover, 4 offload spaces (M/M/4 at 3 erlangs), records on paper
    /// throughout with `extra` handover minutes.
    static func paperHospital(extra: Double, holdSpace: Bool, days: Double = 730) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 6, vehicles: 200, onScene: .fixed(0), dispositions: Fixtures.dispositions(ed: 1),
                                    hospitalSlots: 4, handover: .exponential(mean: 30), days: days)
        c.recordModeEffects[RecordMode.paper.rawValue] = RecordModeEffects(handoverExtraMinutes: extra)
        c.initialRecordMode = .paper
        c.hospitalAcceptance = HospitalAcceptance(recordMinutesHoldSpace: holdSpace)
        return c
    }

    @Test("record minutes as crew work: the wait for a space is still M/M/4 at 3 erlangs, the handover is 8 minutes longer", arguments: [UInt64(3), 4])
    func paperMinutesAreCrewWork(seed: UInt64) {
        let outcomes = (0..<4).map { Fixtures.run(Self.paperHospital(extra: 8, holdSpace: false), seed: seed, replication: $0) }
        let handover = Summary(outcomes.map { $0[kpi: "handover_mean_min"] })!.mean
        let expected = QueueingFormulas.mmcMeanWait(arrivalRate: 6.0 / 60, serviceRate: 1.0 / 30, servers: 4) + 30 + 8
        #expect(abs(handover - expected) / expected < 0.03, "arrival-to-handover \(handover) vs Erlang C wait + 30 + 8 = \(expected)")
    }

    @Test("with common random numbers the extra minutes add exactly once to every handover when they are crew work")
    func extraAddsExactly() {
        let electronic = Fixtures.run(Self.paperHospital(extra: 0, holdSpace: false, days: 60), seed: 7)
        let paper = Fixtures.run(Self.paperHospital(extra: 8, holdSpace: false, days: 60), seed: 7)
        #expect(abs(paper[kpi: "handover_mean_min"] - electronic[kpi: "handover_mean_min"] - 8) < 1e-9)
        // In the first model the same minutes hold the space: 3 erlangs become 3.8, so the
        // waits grow as well (M/G/4 at 95% utilisation).
        let held = Fixtures.run(Self.paperHospital(extra: 8, holdSpace: true, days: 60), seed: 7)
        #expect(held[kpi: "handover_mean_min"] > paper[kpi: "handover_mean_min"] + 10)
    }

    @Test("a cohort area big enough to open at the first patient waiting: nobody waits for a space")
    func cohortAbsorbsTheQueue() {
        var c = Self.paperHospital(extra: 0, holdSpace: false, days: 120)
        c.hospitalAcceptance.cohort = CohortEscalation(openAtQueue: 1, spaces: 50)
        c.recordCalls = true
        let o = Fixtures.run(c, seed: 11)
        // Every handover is the hospital's own handover time: its mean is the exponential's 30.
        let h = o.handovers.filter(\.counted).map(\.minutes)
        let s = Summary(h)!
        #expect(abs(s.mean - 30) < 4 * s.standardError, "handover mean \(s.mean) with no wait should be 30 (se \(s.standardError))")
        #expect(o[kpi: "cohort_open_hours"] > 0)
        var without = c
        without.hospitalAcceptance.cohort = nil
        #expect(Fixtures.run(without, seed: 11)[kpi: "handover_mean_min"] > s.mean + 2, "without the cohort, patients wait (Erlang C 4.7 min)")
    }

    @Test("release-to-respond in the acceptance model: released crews leave at 45 minutes, every patient is handed over once")
    func releaseToRespondWithSpacesApart() {
        var c = Self.paperHospital(extra: 8, holdSpace: false, days: 40)
        c.hospitals[0].offloadCapacityByHour = Array(repeating: 3, count: 24)   // 100% load: long waits
        c.releaseToRespondMinutes = 45
        c.recordCalls = true
        let o = Fixtures.run(c, seed: 2)
        let released = o.handovers.filter(\.released)
        #expect(!released.isEmpty && released.allSatisfy { abs($0.minutes - 45) < 1e-9 })
        #expect(o.handovers.filter { !$0.released }.allSatisfy { $0.minutes >= 8 }, "a crew that hands over spends at least the 8 paper minutes")
        // One handover (or release) per conveyed patient, but for those still at the hospital at the end.
        let conveyed = o.calls.filter { $0.disposition == .conveyedToED }.count
        #expect(o.handovers.count <= conveyed && o.handovers.count >= conveyed - 10)
    }
}
