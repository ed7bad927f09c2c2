import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Clinical review and abandonment: the stack pushes back when it grows.
@Suite("Stack management")
struct StackManagementTests {
    /// One zone, no travel, `vehicles` vehicles always on duty, exponential 60-minute jobs
    /// (all seen and treated), C2 and C3 half each: capacity `vehicles` calls an hour.
    static func saturated(callsPerHour: Double, vehicles: Int, days: Double) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: callsPerHour, vehicles: vehicles, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: days)
        c.categories = (1...4).map { k in
            CategoryProfile(share: k == 2 || k == 3 ? 0.5 : 0, dispositions: Fixtures.dispositions(seeAndTreat: 1), dispatchDelayMinutes: .fixed(0))
        }
        return c
    }

    static let review = ClinicalReview(cliniciansByHour: Array(repeating: 2, count: 24), firstReviewAfterMinutes: [nil, nil, 60, nil],
                                       reviewAgainAfterMinutes: 60, reviewMinutes: .fixed(10), closeProbability: [0, 0, 0.3, 0])
    static let abandonment = Abandonment(patienceMinutes: [nil, nil, .exponential(mean: 240), nil])

    /// Mean C3 response of the calls arriving in [fromDay, toDay) (days after the start).
    static func c3Mean(_ o: ReplicationOutcome, fromDay a: Double, toDay b: Double) -> Double {
        let rs = o.calls.filter { $0.category == .c3 && $0.arrivalMinutes >= a * 1440 && $0.arrivalMinutes < b * 1440 }.compactMap(\.responseMinutes)
        return rs.reduce(0, +) / Double(rs.count)
    }

    @Test("at 105% of capacity for a month, review and abandonment hold the C3 mean; without them it runs away", arguments: [UInt64(1), 2])
    func boundedOnlyWithTheMechanisms(seed: UInt64) {
        var on = Self.saturated(callsPerHour: 21, vehicles: 20, days: 32)
        on.clinicalReview = Self.review
        on.abandonment = Self.abandonment
        on.recordCalls = true
        var off = on
        off.clinicalReview = nil
        off.abandonment = nil
        let a = Fixtures.run(on, seed: seed), b = Fixtures.run(off, seed: seed)
        // With the mechanisms: the last week looks like the second (no trend), and the stack
        // at the end is small.
        let early = Self.c3Mean(a, fromDay: 9, toDay: 16), late = Self.c3Mean(a, fromDay: 25, toDay: 32)
        #expect(late < 1.4 * early && early < 1.4 * late, "C3 mean days 9-16 \(early), days 25-32 \(late)")
        #expect(a[kpi: "calls_open_at_end_count"] < 150)
        #expect(a[kpi: "calls_closed_by_review_count"] > 0 && a[kpi: "calls_abandoned_count"] > 0)
        // Without: the excess 1 call an hour piles up (about 720 over 30 counted days).
        #expect(b[kpi: "calls_open_at_end_count"] > 400, "open at end \(b[kpi: "calls_open_at_end_count"])")
        let offEarly = Self.c3Mean(b.withCalls(off, seed: seed), fromDay: 9, toDay: 12), offLate = Self.c3Mean(b.withCalls(off, seed: seed), fromDay: 20, toDay: 23)
        #expect(offLate > 1.5 * offEarly, "without the mechanisms C3 grows: days 9-12 \(offEarly), 20-23 \(offLate)")
    }

    @Test("abandonment with zero patience is the Erlang loss system: the share abandoned is Erlang B", arguments: [UInt64(3), 4])
    func zeroPatienceIsErlangB(seed: UInt64) {
        var c = Fixtures.degenerate(callsPerHour: 17, vehicles: 20, onScene: .exponential(mean: 60),
                                    dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 122)
        c.abandonment = Abandonment(patienceMinutes: [nil, .fixed(0), nil, nil])
        let o = Fixtures.run(c, seed: seed)
        let lost = o[kpi: "calls_abandoned_count"] / o[kpi: "calls_count"]
        let b = QueueingFormulas.erlangB(offeredLoad: 17, servers: 20)   // 0.0919
        #expect(abs(lost - b) < 0.1 * b, "abandoned share \(lost), Erlang B \(b)")
        // Served calls never waited.
        #expect(o[kpi: "c2_response_p90_min"] == 0)
        #expect(o[kpi: "calls_abandoned_count"] + o[kpi: "c2_responded_count"] + o[kpi: "calls_open_at_end_count"] == o[kpi: "calls_count"])
    }

    @Test("a review closes a waiting call as hear-and-treat, with no response time; a reviewed category only")
    func reviewClosesAsHearAndTreat() {
        var c = Self.saturated(callsPerHour: 22, vehicles: 20, days: 10)
        c.clinicalReview = ClinicalReview(cliniciansByHour: Array(repeating: 50, count: 24), firstReviewAfterMinutes: [nil, nil, 30, nil],
                                          reviewAgainAfterMinutes: 30, reviewMinutes: .fixed(5), closeProbability: [0, 0, 1, 0])
        c.recordCalls = true
        let o = Fixtures.run(c)
        let closed = o.calls.filter { $0.counted && $0.disposition == .hearAndTreat }
        #expect(!closed.isEmpty)
        #expect(Double(closed.count) == o[kpi: "calls_closed_by_review_count"])
        #expect(o[kpi: "hear_and_treat_count"] == o[kpi: "calls_closed_by_review_count"], "no call is hear-and-treat at connect here")
        #expect(closed.allSatisfy { $0.category == .c3 && $0.responseMinutes == nil })
        // With certain closure after 30 + 5 minutes, no C3 call waits much longer than 35 minutes.
        #expect(o[kpi: "c3_response_p90_min"] <= 35.0 + 1e-9)
    }

    @Test("hear-and-treat rises with load when review is on")
    func hearAndTreatRisesWithLoad() {
        func share(_ callsPerHour: Double) -> Double {
            var c = Self.saturated(callsPerHour: callsPerHour, vehicles: 20, days: 20)
            c.clinicalReview = Self.review
            let o = Fixtures.run(c, seed: 5)
            return o[kpi: "hear_and_treat_count"] / o[kpi: "calls_count"]
        }
        let light = share(14), heavy = share(21)
        #expect(light < 0.01 && heavy > 0.03, "hear-and-treat share at 70% load \(light), at 105% \(heavy)")
    }

    @Test("mechanisms switched off change nothing: identical KPIs to a configuration without them")
    func offIsIdentity() {
        let c = Fixtures.busyService(days: 5)
        var d = c
        d.clinicalReview = nil
        d.abandonment = nil
        #expect(Fixtures.run(c).values.map(\.bitPattern) == Fixtures.run(d).values.map(\.bitPattern))
    }
}

extension ReplicationOutcome {
    /// This outcome, or a traced rerun of the configuration when calls were not recorded.
    func withCalls(_ c: ServiceConfiguration, seed: UInt64) -> ReplicationOutcome {
        if !calls.isEmpty { return self }
        var traced = c
        traced.recordCalls = true
        return Fixtures.run(traced, seed: seed)
    }
}

/// Re-tasking (dispatch policy).
@Suite("Re-tasking")
struct RetaskingTests {
    /// A busy single-zone service with travel, C1 a tenth of calls: C1s often find no free
    /// vehicle. Two days of run-out let every counted call finish.
    static func busy(retasking: Bool) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 19, vehicles: 20, onScene: .exponential(mean: 50), dispositions: Fixtures.dispositions(seeAndTreat: 1), days: 40)
        c.travel = Travel(expectedMinutes: [[10]], variation: .fixed(1), mobiliseMinutes: .fixed(0))
        c.categories = (1...4).map { k in
            CategoryProfile(share: [0.1, 0.5, 0.3, 0.1][k - 1], dispositions: Fixtures.dispositions(seeAndTreat: 1), dispatchDelayMinutes: .fixed(0))
        }
        c.runOutMinutes = 2 * 1440
        if retasking { c.retasking = Retasking(fromCategories: [.c3, .c4]) }
        return c
    }

    @Test("re-tasking lowers the C1 mean and never lowers the number of C1 responses", arguments: [UInt64(1), 2, 3])
    func lowersC1(seed: UInt64) {
        let off = Fixtures.run(Self.busy(retasking: false), seed: seed), on = Fixtures.run(Self.busy(retasking: true), seed: seed)
        #expect(on[kpi: "retasks_count"] > 0)
        #expect(on[kpi: "c1_response_mean_min"] < off[kpi: "c1_response_mean_min"],
                "C1 mean with re-tasking \(on[kpi: "c1_response_mean_min"]), without \(off[kpi: "c1_response_mean_min"])")
        #expect(on[kpi: "c1_responded_count"] >= off[kpi: "c1_responded_count"])
        #expect(on[kpi: "c1_responded_count"] == on[kpi: "c1_count"], "every counted C1 is reached")
        // The calls left behind still get their vehicle: every counted call is reached.
        #expect(on[kpi: "calls_open_at_end_count"] == 0)
        // A C2 vehicle is never taken (C2 is not in `from`): C2 fares no worse than C3 does.
        #expect(on[kpi: "c2_response_mean_min"] < on[kpi: "c3_response_mean_min"])
    }
}

/// Service escalation.
@Suite("Surge levels")
struct SurgeTests {
    @Test("at 105% load, surge crews hold the stack; without them it runs away; they stand down", arguments: [UInt64(1), 2])
    func surgeHoldsTheStack(seed: UInt64) {
        var c = StackManagementTests.saturated(callsPerHour: 21, vehicles: 20, days: 32)
        c.surge = SurgePlan(levels: [SurgeLevel(stackAtLeast: 30, standDownBelow: 5, extraVehicles: 3)])
        c.recordCalls = true
        let on = Fixtures.run(c, seed: seed)
        var off = c
        off.surge = nil
        let without = Fixtures.run(off, seed: seed)
        #expect(on[kpi: "calls_open_at_end_count"] < 100 && without[kpi: "calls_open_at_end_count"] > 400)
        // Surge crews work part of the time only: they stand down when the stack clears.
        let hours = on[kpi: "surge_vehicle_hours"]
        #expect(hours > 0 && hours < 3 * 30 * 24, "surge vehicle hours \(hours)")
        let early = StackManagementTests.c3Mean(on, fromDay: 9, toDay: 16), late = StackManagementTests.c3Mean(on, fromDay: 25, toDay: 32)
        #expect(late < 1.5 * early && early < 1.5 * late, "C3 mean days 9-16 \(early), 25-32 \(late)")
    }

    @Test("the surge pool is spread over stations in proportion to their rosters")
    func poolSpread() {
        var c = Fixtures.busyService(days: 3)   // stations with 23, 12 and 10 vehicles
        c.surge = SurgePlan(levels: [SurgeLevel(stackAtLeast: 10, standDownBelow: 2, extraVehicles: 9)])
        #expect(c.problems().isEmpty)
        // Quotas 9 x 23/45, 12/45, 10/45 = 4.6, 2.4, 2.0: floors 4, 2, 2 and the one left to the largest remainder.
        #expect(c.surgePoolStations() == [0, 0, 0, 0, 0, 1, 1, 2, 2])
    }
}

@Suite("Re-categorisation at review")
struct RecategorisationTests {
    @Test("a review that upgrades every kept C3 to C2: the counts move, the total stays, upgraded calls wait as C2", arguments: [UInt64(1), 2])
    func upgrade(seed: UInt64) {
        var base = StackManagementTests.saturated(callsPerHour: 20, vehicles: 20, days: 12)
        base.runOutMinutes = 2 * 1440
        var up = base
        up.clinicalReview = ClinicalReview(cliniciansByHour: Array(repeating: 4, count: 24), firstReviewAfterMinutes: [nil, nil, 60, nil],
                                           reviewAgainAfterMinutes: 60, reviewMinutes: .fixed(5), closeProbability: [0, 0, 0, 0],
                                           recategorise: [nil, nil, Recategorisation(to: .c2, probability: 1), nil])
        up.recordCalls = true
        let a = Fixtures.run(base, seed: seed), b = Fixtures.run(up, seed: seed)
        let moved = b[kpi: "calls_recategorised_count"]
        #expect(moved > 0)
        #expect(a[kpi: "calls_count"] == b[kpi: "calls_count"])
        #expect(b[kpi: "c3_count"] == a[kpi: "c3_count"] - moved && b[kpi: "c2_count"] == a[kpi: "c2_count"] + moved)
        // Every call is still served (two days of run-out) and none is closed or counted twice.
        #expect(b[kpi: "c2_responded_count"] + b[kpi: "c3_responded_count"] == b[kpi: "calls_count"])
        // An upgraded C3 waited at least the hour before its review and 5 minutes of review.
        #expect(b.calls.filter { $0.counted && $0.category == .c2 }.count == Int(b[kpi: "c2_count"]))
        #expect(b[kpi: "c3_response_p90_min"] <= 65 + 1e-9, "no C3 stays C3 past its first review")
    }
}
