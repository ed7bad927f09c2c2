import AmbulanceService
import Stochastics

extension ScenarioBuilder {
    /// `stack:` — clinical review of waiting calls, abandonment and the dispatch order; each
    /// part optional.
    mutating func readStack(_ node: ScenarioNode?) -> (ClinicalReview?, Abandonment?, DispatchPriority?) {
        guard let node, let f = reader.fields(node, "stack", pattern: "stack") else { return (nil, nil, nil) }
        return (readClinicalReview(f["clinical_review"]), readAbandonment(f["abandonment"]), readDispatchPriority(f["dispatch_priority"]))
    }

    /// `stack.dispatch_priority: {c2: w2, c3: w3, c4: w4}`: delay-dependent priority weights
    /// (C1 always first); all three are needed, each a weight in (0, 1000].
    mutating func readDispatchPriority(_ node: ScenarioNode?) -> DispatchPriority? {
        let p = "stack.dispatch_priority"
        guard let node, let f = reader.fields(node, p, pattern: p, required: ["c2", "c3", "c4"]) else { return nil }
        var w = [1.0, 1, 1, 1]
        for c in 2...4 {
            let i = c - 1
            w[i] = reader.number(f["c\(c)"], "\(p).c\(c)", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 1_000)) { c, v in
                c.dispatchPriority!.weights[i] = v
            } ?? 1
        }
        return DispatchPriority(c2: w[1], c3: w[2], c4: w[3])
    }

    mutating func readClinicalReview(_ node: ScenarioNode?) -> ClinicalReview? {
        let p = "stack.clinical_review"
        guard let node, let f = reader.fields(node, p, pattern: p, required: ["clinicians", "review_minutes"]) else { return nil }
        var clinicians = Array(repeating: 0, count: 24)
        if let c = f["clinicians"] {
            let rule = NumberRule.count(atLeast: 0, atMost: 10_000)
            if case .scalar = c {
                clinicians = Array(repeating: Int(reader.plainNumber(c, "\(p).clinicians", rule) ?? 0), count: 24)
            } else if let items = reader.list(c, "\(p).clinicians") {
                if items.count != 24 { reader.fail(c, "\(p).clinicians", "needs one value or 24 hourly values (got \(items.count))") }
                clinicians = items.enumerated().map { Int(reader.plainNumber($1, "\(p).clinicians[\($0)]", rule) ?? 0) }
            }
        }
        let minutes = reader.distribution(f["review_minutes"], "\(p).review_minutes",
                                          slot: DistributionSlot(get: { $0.clinicalReview!.reviewMinutes }, set: { $0.clinicalReview!.reviewMinutes = $1 }))
            ?? .fixed(0)
        let again = reader.number(f["review_again_after_minutes"], "\(p).review_again_after_minutes",
                                  NumberRule(minimum: 0, minimumIsStrict: true, maximum: 1440 * 30, duration: true), default: 60) { c, v in
            c.clinicalReview!.reviewAgainAfterMinutes = v
        } ?? 60
        var first: [Double?] = [nil, nil, nil, nil]
        var close = [0.0, 0, 0, 0]
        var recategorise: [Recategorisation?] = [nil, nil, nil, nil]
        for c in 1...4 {
            let q = "\(p).c\(c)"
            guard let item = f["c\(c)"], let g = reader.fields(item, q, pattern: q, required: ["close_probability"]) else { continue }
            let i = c - 1
            first[i] = reader.number(g["first_review_after_minutes"], "\(q).first_review_after_minutes",
                                     NumberRule(minimum: 0, maximum: 1440 * 30, duration: true), default: 0) { c, v in
                c.clinicalReview!.firstReviewAfterMinutes[i] = v
            } ?? 0
            close[i] = reader.number(g["close_probability"], "\(q).close_probability", .probability) { c, v in
                c.clinicalReview!.closeProbability[i] = v
            } ?? 0
            if let r = g["recategorise"], let h = reader.fields(r, "\(q).recategorise", pattern: "\(q).recategorise", required: ["to", "probability"]) {
                let target = reader.string(h["to"], "\(q).recategorise.to").flatMap(CallCategory.init(key:))
                if target == nil, let t = h["to"] { reader.fail(t, "\(q).recategorise.to", "must be c1, c2, c3 or c4") }
                if target?.rawValue == c, let t = h["to"] { reader.fail(t, "\(q).recategorise.to", "must be another category than c\(c)") }
                let p = reader.number(h["probability"], "\(q).recategorise.probability", .probability) { c, v in
                    c.clinicalReview!.recategorise[i]!.probability = v
                } ?? 0
                if let target { recategorise[i] = Recategorisation(to: target, probability: p) }
            }
        }
        if first.allSatisfy({ $0 == nil }) { reader.fail(node, p, "names no category to review: add c2, c3 or c4 with close_probability") }
        return ClinicalReview(cliniciansByHour: clinicians, firstReviewAfterMinutes: first, reviewAgainAfterMinutes: again,
                              reviewMinutes: minutes, closeProbability: close, recategorise: recategorise)
    }

    mutating func readAbandonment(_ node: ScenarioNode?) -> Abandonment? {
        let p = "stack.abandonment"
        guard let node, let f = reader.fields(node, p, pattern: p) else { return nil }
        var patience: [Distribution?] = [nil, nil, nil, nil]
        for c in 1...4 {
            let q = "\(p).c\(c)"
            guard let item = f["c\(c)"], let g = reader.fields(item, q, pattern: q, required: ["patience_minutes"]) else { continue }
            let i = c - 1
            patience[i] = reader.distribution(g["patience_minutes"], "\(q).patience_minutes",
                                              slot: DistributionSlot(get: { $0.abandonment!.patienceMinutes[i]! },
                                                                     set: { $0.abandonment!.patienceMinutes[i] = $1 }))
        }
        if patience.allSatisfy({ $0 == nil }) { reader.fail(node, p, "names no category: add c2, c3 or c4 with patience_minutes") }
        return Abandonment(patienceMinutes: patience)
    }

    /// `hospital_acceptance:` — record minutes as crew work or space time; cohort escalation.
    mutating func readHospitalAcceptance(_ node: ScenarioNode?) -> HospitalAcceptance {
        var acceptance = HospitalAcceptance()
        let p = "hospital_acceptance"
        guard let node, let f = reader.fields(node, p, pattern: p) else { return acceptance }
        if let hold = reader.bool(f["record_minutes_hold_space"], "\(p).record_minutes_hold_space") { acceptance.recordMinutesHoldSpace = hold }
        // `cohort: null` (or off) switches a cohort area off, also over one a parent file set.
        if case .scalar(let text, _, false)? = f["cohort"], ["null", "~", "off", ""].contains(text) { return acceptance }
        if let c = f["cohort"], let g = reader.fields(c, "\(p).cohort", pattern: "\(p).cohort", required: ["open_at_queue", "spaces"]) {
            let open = reader.number(g["open_at_queue"], "\(p).cohort.open_at_queue", .count(atLeast: 1, atMost: 10_000)) ?? 1
            let spaces = reader.number(g["spaces"], "\(p).cohort.spaces", .count(atLeast: 1, atMost: 10_000)) ?? 1
            acceptance.cohort = CohortEscalation(openAtQueue: Int(open), spaces: Int(spaces))
        }
        return acceptance
    }

    /// `retasking: {from: [c2, c3, c4]}`.
    mutating func readRetasking(_ node: ScenarioNode?) -> Retasking? {
        guard let node, let f = reader.fields(node, "retasking", pattern: "retasking", required: ["from"]) else { return nil }
        var from = Set<CallCategory>()
        for (i, item) in (reader.list(f["from"], "retasking.from") ?? []).enumerated() {
            guard let name = reader.string(item, "retasking.from[\(i)]") else { continue }
            if let c = CallCategory(key: name), c != .c1 { from.insert(c) } else {
                reader.fail(item, "retasking.from[\(i)]", "must be c2, c3 or c4: a C1 takes vehicles from lower categories only (got \(name))")
            }
        }
        return Retasking(fromCategories: from)
    }

    /// `move_up: {cover_minutes, max_move_minutes}`.
    mutating func readMoveUp(_ node: ScenarioNode?) -> MoveUpPolicy? {
        guard let node, let f = reader.fields(node, "move_up", pattern: "move_up", required: ["cover_minutes", "max_move_minutes"]) else { return nil }
        let rule = NumberRule(minimum: 0, minimumIsStrict: true, maximum: 1_440, duration: true)
        let cover = reader.number(f["cover_minutes"], "move_up.cover_minutes", rule) { c, v in c.moveUp!.coverMinutes = v }
        let move = reader.number(f["max_move_minutes"], "move_up.max_move_minutes", rule) { c, v in c.moveUp!.maxMoveMinutes = v }
        guard let cover, let move else { return nil }
        return MoveUpPolicy(coverMinutes: cover, maxMoveMinutes: move)
    }

    /// `surge: {levels: [{stack_at_least, stand_down_below, extra_vehicles, extra_clinicians}, ...]}`.
    mutating func readSurge(_ node: ScenarioNode?) -> SurgePlan? {
        guard let node, let f = reader.fields(node, "surge", pattern: "surge", required: ["levels"]) else { return nil }
        var levels: [SurgeLevel] = []
        for (i, item) in (reader.list(f["levels"], "surge.levels") ?? []).enumerated() {
            let p = "surge.levels[\(i)]"
            guard let g = reader.fields(item, p, pattern: "surge.levels[]", required: ["stack_at_least", "extra_vehicles"]) else { continue }
            let count = NumberRule.count(atLeast: 0, atMost: 1_000_000)
            let at = Int(reader.number(g["stack_at_least"], "\(p).stack_at_least", .count(atLeast: 1, atMost: 1_000_000)) ?? 1)
            let down = Int(reader.number(g["stand_down_below"], "\(p).stand_down_below", count, default: Double(at / 2)) ?? 0)
            let vehicles = Int(reader.number(g["extra_vehicles"], "\(p).extra_vehicles", .count(atLeast: 0, atMost: 10_000)) ?? 0)
            let clinicians = Int(reader.number(g["extra_clinicians"], "\(p).extra_clinicians", .count(atLeast: 0, atMost: 10_000), default: 0) ?? 0)
            levels.append(SurgeLevel(stackAtLeast: at, standDownBelow: down, extraVehicles: vehicles, extraClinicians: clinicians))
        }
        if levels.isEmpty, let l = f["levels"] { reader.fail(l, "surge.levels", "needs at least one level") }
        return SurgePlan(levels: levels)
    }

    /// `fleet_availability: [{from: 2023-06-01, share: 0.93}, ...]`.
    mutating func readFleetAvailability(_ node: ScenarioNode?) -> [AvailabilityPeriod] {
        var periods: [AvailabilityPeriod] = []
        for (i, item) in (reader.list(node, "fleet_availability") ?? []).enumerated() {
            let p = "fleet_availability[\(i)]"
            guard let f = reader.fields(item, p, pattern: "fleet_availability[]", required: ["from", "share"]),
                  let from = date(f["from"], "\(p).from") else { continue }
            let index = periods.count
            // Above 1 is refused by validation, with where extra crews go instead.
            let share = reader.number(f["share"], "\(p).share", NumberRule(minimum: 0)) { c, v in
                c.fleetAvailability[index].share = v
            } ?? 1
            periods.append(AvailabilityPeriod(from: from, share: share))
        }
        return periods
    }
}
