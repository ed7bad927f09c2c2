import AmbulanceService
import Scenario
import Stochastics
import Testing

/// The scenario keys of the saturated-service mechanisms and the calibration knobs.
@Suite("Saturated-service keys")
struct SaturatedServiceKeysTests {
    static let extra = """

        fleet_scale: 0.9
        hospital_capacity_scale: {uncertain: {uniform: {min: 0.8, max: 1.2}}}
        run_out: 1d
        hospital_acceptance:
          record_minutes_hold_space: false
          cohort: {open_at_queue: 3, spaces: 2}
        stack:
          clinical_review:
            clinicians: [2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 2, 2]
            review_minutes: {lognormal: {mean: 12, sd: 6}}
            review_again_after_minutes: 90
            c3: {first_review_after_minutes: 30, close_probability: {uncertain: {uniform: {min: 0.2, max: 0.4}}}}
            c4: {close_probability: 0.5}
          abandonment:
            c3: {patience_minutes: {exponential: {mean: 600}}}
          dispatch_priority: {c2: 1, c3: 0.35, c4: 0.2}
        backtest:
          run_out: 2d
          tolerance: {c3_response_mean_min: 0.25, hear_and_treat_share: 0.05}

        """

    @Test("read into the configuration, uncertain values drawn per replication")
    func readsEveryKey() throws {
        let folder = temporaryFolder()
        write(readText(repositoryRoot + "/Scenarios/tiny.yaml").replacingFirst("\nzones:", with: Self.extra + "\nzones:"), to: folder + "/s.yaml")
        let s = try Scenario.load(path: folder + "/s.yaml")
        let c = s.configuration
        #expect(c.fleetScale == 0.9 && c.runOutMinutes == 1440)
        #expect(c.hospitalAcceptance == HospitalAcceptance(recordMinutesHoldSpace: false, cohort: CohortEscalation(openAtQueue: 3, spaces: 2)))
        let review = try #require(c.clinicalReview)
        #expect(review.cliniciansByHour[8] == 4 && review.reviewAgainAfterMinutes == 90)
        #expect(review.firstReviewAfterMinutes.map { $0 ?? -1 } == [-1, -1, 30, 0])
        #expect(review.closeProbability[3] == 0.5)
        #expect(c.abandonment?.patienceMinutes[2] != nil && c.abandonment?.patienceMinutes[1] == nil)
        #expect(c.dispatchPriority == DispatchPriority(c2: 1, c3: 0.35, c4: 0.2))
        let set = try Scenario.load(path: folder + "/s.yaml", overrides: ["stack.dispatch_priority.c3=0.5"])
        #expect(set.configuration.dispatchPriority?.weights[2] == 0.5)
        #expect(s.backtest == BacktestSettings(runOutMinutes: 2880, tolerances: ["c3_response_mean_min": 0.25, "hear_and_treat_share": 0.05]))
        let drawn = c.resolved(seedPlan: SeedPlan(masterSeed: 1), replication: 0)
        #expect((0.2...0.4).contains(drawn.clinicalReview!.closeProbability[2]) && (0.8...1.2).contains(drawn.hospitalCapacityScale))
        #expect(c.uncertainInputs.count == 3)   // tiny.yaml's paper handover extra, the capacity scale, the close probability
    }

    @Test("bad values are refused with file, line, key and rule", arguments: [
        ("close_probability: 0.5}", "close_probability: 1.5}", "stack.clinical_review.c4.close_probability: must be <= 1 (got 1.5)"),
        ("review_again_after_minutes: 90", "review_again_after_minutes: 0", "stack.clinical_review.review_again_after_minutes: must be > 0 (got 0)"),
        ("open_at_queue: 3", "open_at_queue: 0", "hospital_acceptance.cohort.open_at_queue: must be >= 1 (got 0)"),
        ("record_minutes_hold_space: false", "record_minutes_hold_space: maybe", "hospital_acceptance.record_minutes_hold_space: must be true or false (got maybe)"),
        ("fleet_scale: 0.9", "fleet_scale: -1", "fleet_scale: must be >= 0 (got -1)"),
        ("run_out: 1d", "run_out: 6d", "run_out: must be >= 0 and leave a counted period"),
        ("c3_response_mean_min: 0.25", "c3_respons_mean_min: 0.25", "backtest.tolerance.c3_respons_mean_min: unknown KPI; did you mean 'c3_response_mean_min'?"),
        ("c4: {close_probability: 0.5}", "c4: {closing: 0.5}", "stack.clinical_review.c4.closing: unknown key"),
        ("c3: 0.35, c4: 0.2}", "c3: 0, c4: 0.2}", "stack.dispatch_priority.c3: must be > 0 (got 0)"),
        ("c3: 0.35, c4: 0.2}", "c3: 0.35}", "stack.dispatch_priority.c4: is required"),
    ])
    func refusesBadValues(from: String, to: String, message: String) {
        let folder = temporaryFolder()
        let text = readText(repositoryRoot + "/Scenarios/tiny.yaml").replacingFirst("\nzones:", with: Self.extra.replacingFirst(from, with: to) + "\nzones:")
        write(text, to: folder + "/bad.yaml")
        expectRefused(folder + "/bad.yaml", saying: message)
    }
}
