import AmbulanceService
import Stochastics
import Testing

@Suite("Record modes and disruption")
struct DisruptionTests {
    /// Paper from day 3 to day 9 of a 14-day run.
    static func outage(_ paper: RecordModeEffects, into c: ServiceConfiguration) -> ServiceConfiguration {
        var c = c
        c.recordModeEffects[RecordMode.paper.rawValue] = paper
        c.disruption = [ModeChange(atMinutes: 3 * 1440 + 19 * 60, mode: .paper), ModeChange(atMinutes: 9 * 1440, mode: .electronic)]
        return c
    }

    @Test("A disruption whose paper effects are all zero changes nothing (common random numbers)", arguments: [UInt64(1), 9])
    func zeroEffectsChangeNothing(seed: UInt64) {
        let baseline = Fixtures.busyService()
        let outage = Self.outage(RecordModeEffects(), into: baseline)
        let a = Fixtures.run(baseline, seed: seed), b = Fixtures.run(outage, seed: seed)
        for (i, name) in ReplicationOutcome.kpiNames.enumerated() where name != "paper_records_count" {
            #expect(a.values[i].isNaN ? b.values[i].isNaN : a.values[i] == b.values[i], "\(name): \(a.values[i]) vs \(b.values[i])")
        }
        #expect(b[kpi: "paper_records_count"] > 500)
        #expect(b.events == a.events + 2, "only the two mode changes are extra events")
        #expect(zip(a.hourly, b.hourly).allSatisfy { $0.arrivals == $1.arrivals && $0.vehiclesAvailable == $1.vehiclesAvailable })
    }

    @Test("A slower paper handover raises hours lost in every paired replication; a faster one lowers them")
    func handoverEffectHasItsSign() {
        let baseline = Fixtures.busyService()
        let slower = Self.outage(RecordModeEffects(handoverExtraMinutes: 5), into: baseline)
        let faster = Self.outage(RecordModeEffects(handoverExtraMinutes: -5), into: baseline)
        for r in 0..<6 {
            let a = Fixtures.run(baseline, seed: 77, replication: r)
            let s = Fixtures.run(slower, seed: 77, replication: r)
            let f = Fixtures.run(faster, seed: 77, replication: r)
            #expect(s[kpi: "handover_hours_lost"] > a[kpi: "handover_hours_lost"], "replication \(r)")
            #expect(f[kpi: "handover_hours_lost"] < a[kpi: "handover_hours_lost"], "replication \(r)")
        }
    }

    @Test("A conveyance shift moves see-and-treat to ED while paper lasts, nothing else")
    func conveyanceShift() {
        let baseline = Fixtures.busyService()
        let shifted = Self.outage(RecordModeEffects(conveyanceShiftToED: 0.05), into: baseline)
        let a = Fixtures.run(baseline, seed: 5), b = Fixtures.run(shifted, seed: 5)
        #expect(b[kpi: "conveyed_ed_count"] > a[kpi: "conveyed_ed_count"])
        #expect(b[kpi: "see_and_treat_count"] < a[kpi: "see_and_treat_count"])
        #expect(b[kpi: "hear_and_treat_count"] == a[kpi: "hear_and_treat_count"])
        #expect(b[kpi: "calls_count"] == a[kpi: "calls_count"])
    }

    @Test("Paper records become a backlog that a back office clears after restoration")
    func backOfficeClearsBacklog() {
        var c = Self.outage(RecordModeEffects(recordDefectRate: 0.2, needsBackEntry: true), into: Fixtures.busyService())
        c.warmUpMinutes = 0
        c.backEntry = BackEntry(minutesPerRecord: 6, workforce: .backOffice(staff: 6, startHour: 9, endHour: 17))
        let o = Fixtures.run(c, seed: 3)
        let records = o[kpi: "paper_records_count"]
        #expect(records > 500)
        #expect(o[kpi: "backlog_peak_records"] == records)
        #expect(o[kpi: "backlog_remaining_records"] == 0)
        #expect(abs(o[kpi: "back_entry_hours"] - records * 6 / 60) < 1e-6)
        // Defects: binomial(records, 0.2) within 5 sd.
        let sd = (records * 0.2 * 0.8).squareRoot()
        #expect(abs(o[kpi: "defective_records_count"] - 0.2 * records) < 5 * sd)
        // Six staff each re-key 80 records in an 8-hour day (6 min each), 480 a day.
        // Restoration is at midnight, 9 h before the office opens.
        let fullDays = (records / 480).rounded(.down)
        let rest = records - fullDays * 480
        let expectedHours = rest == 0 ? 9 + (fullDays - 1) * 24 + 8 : 9 + fullDays * 24 + (rest / 6).rounded(.up) * 0.1
        #expect(abs(o[kpi: "backlog_clear_hours"] - expectedHours) < 0.01, "clear \(o[kpi: "backlog_clear_hours"]) h vs \(expectedHours) h")
        // The backlog grows during the outage and falls after it.
        let backlog = o.hourly.map(\.backlogRecords)
        #expect(backlog[3 * 24 + 18] == 0 && backlog[9 * 24 - 1] > 0 && backlog.last == 0)
        #expect(o.hourly[5 * 24].recordMode == .paper && o.hourly[10 * 24].recordMode == .electronic)
    }

    @Test("Crew back-entry lengthens job cycles until the backlog is cleared")
    func crewBackEntry() {
        var c = Self.outage(RecordModeEffects(needsBackEntry: true), into: Fixtures.busyService())
        c.warmUpMinutes = 0
        var crews = c
        crews.backEntry = BackEntry(minutesPerRecord: 5, workforce: .crews(recordsPerJob: 2))
        let office = Fixtures.run(c, seed: 4), crew = Fixtures.run(crews, seed: 4)
        #expect(crew[kpi: "backlog_remaining_records"] == 0)
        #expect(abs(crew[kpi: "back_entry_hours"] - crew[kpi: "paper_records_count"] * 5 / 60) < 1e-6)
        #expect(crew[kpi: "job_cycle_mean_min"] > office[kpi: "job_cycle_mean_min"])
        // Crews re-key during every job, so they clear faster than a 4-person office hours team.
        #expect(crew[kpi: "backlog_clear_hours"] < office[kpi: "backlog_clear_hours"])
    }

    @Test("Uncertain inputs are sampled once per replication from their own stream")
    func uncertainInputs() {
        var c = Self.outage(RecordModeEffects(), into: Fixtures.busyService(days: 6))
        c.uncertainInputs = [UncertainInput(name: "record_modes.paper.handover_extra_minutes", distribution: .uniform(min: 0, max: 20)) {
            $0.recordModeEffects[RecordMode.paper.rawValue].handoverExtraMinutes = $1
        }]
        let plan = SeedPlan(masterSeed: 8)
        let draws = (0..<4).map { c.resolved(seedPlan: plan, replication: $0).recordModeEffects[2].handoverExtraMinutes }
        #expect(Set(draws).count == 4 && draws.allSatisfy { (0...20).contains($0) })
        #expect(draws[1] == c.resolved(seedPlan: plan, replication: 1).recordModeEffects[2].handoverExtraMinutes)
        // The drawn value is the one the replication used: same outcome as fixing it.
        var fixed = c
        fixed.uncertainInputs = []
        fixed.recordModeEffects[2].handoverExtraMinutes = draws[2]
        #expect(Fixtures.run(c, seed: 8, replication: 2).values.elementsEqual(Fixtures.run(fixed, seed: 8, replication: 2).values) {
            $0 == $1 || ($0.isNaN && $1.isNaN)
        })
    }
}
