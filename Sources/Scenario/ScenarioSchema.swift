/// Every key a scenario file may hold, as a path pattern (`[]` stands for any list item).
/// The reader accepts exactly these keys, suggests the nearest one for a misspelling, and
/// a test checks that `Scenarios/README.md` documents each. Distribution and `uncertain`
/// syntax, KPI names under `expect` and `backtest.tolerance`, and zone and hospital names under
/// `hospital_choice.shares` are documented separately.
public enum ScenarioSchema {
    static let categoryKeys = ["share", "dispositions", "dispositions.hear_and_treat", "dispositions.see_and_treat",
                               "dispositions.conveyed_ed", "dispositions.conveyed_elsewhere", "dispatch_delay_minutes",
                               "travel_time_factor", "second_vehicle_probability", "cars_respond", "ambulance_with_car"]
    static let modeKeys = ["on_scene_extra_minutes", "handover_extra_minutes", "clear_extra_minutes", "conveyance_shift_to_ed",
                           "record_defect_rate", "needs_back_entry"]

    /// The keys of a disruption period, by kind (each also takes kind, from, for, until);
    /// a record-mode change takes at or after, and mode.
    public static let disruptionKindKeys: [String: [String]] = [
        "dispatch": ["delay_multiplier", "delay_minutes", "vehicle_choice"],
        "111": ["calls_per_resident_per_day", "hour_of_day", "redirected_share", "categories", "hear_and_treat_reduction", "zones"],
        "hospital": ["hospital", "divert", "capacity_factor"],
        "fleet": ["stations", "vehicles", "share"],
    ]
    /// The keys every period takes.
    public static let periodKeys = ["kind", "from", "for", "until", "restoration"]
    static let disruptionKeys = periodKeys + ["dispatch", "111", "hospital", "fleet"].flatMap { disruptionKindKeys[$0]! }

    public static let keys: [String] = {
        var k = ["name", "description", "extends", "baseline", "start", "horizon", "warm_up", "seed", "replications",
                 "max_expected_calls", "dispatch_reach_minutes", "run_out", "fleet_scale", "hospital_capacity_scale",
                 "fleet_availability", "fleet_availability[].from", "fleet_availability[].share",
                 "zones", "zones[].name", "zones[].residents", "zones[].calls_per_resident_per_day",
                 "demand", "demand.scale", "demand.hour_of_day", "demand.day_of_week", "demand.month_of_year", "demand.date_factors", "demand.date_factors[].date",
                 "demand.date_factors[].factor", "demand.date_factors[].label", "demand.visitors", "demand.visitors.calls_per_visitor_day",
                 "demand.visitors.hour_of_day", "demand.visitors.scale", "demand.visitors.calendar", "demand.visitors.calendar[].zone",
                 "demand.visitors.calendar[].from", "demand.visitors.calendar[].visitors", "demand.trace",
                 "categories"]
        for c in 1...4 { k += ["categories.c\(c)"] + categoryKeys.map { "categories.c\(c).\($0)" } }
        k += ["travel", "travel.minutes", "travel.variation", "travel.mobilise_minutes", "travel.conveyance_factor",
              "stations", "stations[].name", "stations[].zone", "stations[].roster", "stations[].roster[].start_hour",
              "stations[].roster[].length_hours", "stations[].roster[].vehicles", "stations[].roster[].type",
              "hospitals", "hospitals[].name", "hospitals[].zone", "hospitals[].offload_capacity", "hospitals[].handover_minutes",
              "hospitals[].ed", "hospitals[].ed.bays", "hospitals[].ed.walk_ins_per_hour", "hospitals[].ed.stay_minutes",
              "hospital_choice", "hospital_choice.shares",
              "job_cycle", "job_cycle.on_scene_conveyed_minutes", "job_cycle.on_scene_see_and_treat_minutes",
              "job_cycle.conveyed_elsewhere_minutes", "job_cycle.clear_minutes", "job_cycle.second_vehicle_on_scene_minutes",
              "release_to_respond_minutes", "record_modes"]
        for m in ["electronic", "offline", "paper"] { k += ["record_modes.\(m)"] + modeKeys.map { "record_modes.\(m).\($0)" } }
        k += ["initial_record_mode", "disruption", "disruption[].at", "disruption[].after", "disruption[].mode"]
        k += disruptionKeys.map { "disruption[].\($0)" }
        k += ["disruption[].restoration[].after", "disruption[].restoration[].restored"]
        for c in 1...4 { k += ["disruption[].delay_multiplier.c\(c)", "disruption[].delay_minutes.c\(c)", "disruption[].categories.c\(c)"] }
        k += [
              "back_entry", "back_entry.minutes_per_record", "back_entry.workforce", "back_entry.records_per_job",
              "back_entry.staff", "back_entry.hours", "expect",
              "backtest", "backtest.run_out", "backtest.tolerance",
              "retasking", "retasking.from", "move_up", "move_up.cover_minutes", "move_up.max_move_minutes",
              "resources", "resources[].kind", "resources[].from", "resources[].for", "resources[].until", "resources[].label",
              "resources[].stations", "resources[].zones", "resources[].shift", "resources[].shift.start_hour", "resources[].shift.length_hours",
              "resources[].vehicles", "resources[].type", "resources[].hospitals", "resources[].spaces", "resources[].clinicians",
              "surge", "surge.levels", "surge.levels[].stack_at_least", "surge.levels[].stand_down_below",
              "surge.levels[].extra_vehicles", "surge.levels[].extra_clinicians",
              "hospital_acceptance", "hospital_acceptance.record_minutes_hold_space", "hospital_acceptance.cohort",
              "hospital_acceptance.cohort.open_at_queue", "hospital_acceptance.cohort.spaces",
              "hospital_pressure", "hospital_pressure[].from", "hospital_pressure[].factor", "hospital_pressure[].hospitals",
              "hospital_pressure_scale",
              "category_mix", "category_mix[].from", "category_mix[].c1", "category_mix[].c2", "category_mix[].c3", "category_mix[].c4",
              "stack", "stack.clinical_review", "stack.clinical_review.clinicians", "stack.clinical_review.review_minutes",
              "stack.clinical_review.review_again_after_minutes", "stack.abandonment",
              "stack.dispatch_priority", "stack.dispatch_priority.c2", "stack.dispatch_priority.c3", "stack.dispatch_priority.c4"]
        for c in 1...4 {
            k += ["stack.clinical_review.c\(c)", "stack.clinical_review.c\(c).first_review_after_minutes",
                  "stack.clinical_review.c\(c).close_probability", "stack.clinical_review.c\(c).recategorise",
                  "stack.clinical_review.c\(c).recategorise.to", "stack.clinical_review.c\(c).recategorise.probability", "stack.abandonment.c\(c)", "stack.abandonment.c\(c).patience_minutes"]
        }
        return k
    }()

    /// The keys allowed directly under `pattern`.
    static func children(of pattern: String) -> [String] {
        let prefix = pattern.isEmpty ? "" : pattern + "."
        var out: [String] = []
        for key in keys where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if !rest.contains("."), !rest.contains("[") { out.append(String(rest)) }
        }
        return out
    }

    /// Distribution families and their parameters (documented in the README's
    /// "Distributions" section).
    public static let distributionFamilies: [(family: String, parameters: [[String]])] = [
        ("fixed", [["value"]]), ("uniform", [["min", "max"]]), ("exponential", [["mean"]]), ("normal", [["mean", "sd"]]),
        ("lognormal", [["mean", "sd"], ["mu", "sigma"]]), ("gamma", [["shape", "scale"], ["mean", "sd"]]),
        ("weibull", [["shape", "scale"]]), ("triangular", [["min", "mode", "max"]]), ("empirical", [["values", "weights"]]),
    ]

    /// The closest of `candidates` to `word` (edit distance at most 3), for "did you mean".
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        if word.count >= 4, let extended = candidates.filter({ $0.hasPrefix(word) }).min(by: { $0.count < $1.count }) {
            return extended
        }
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= max(1, min(3, word.count / 3 + 1)) }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
