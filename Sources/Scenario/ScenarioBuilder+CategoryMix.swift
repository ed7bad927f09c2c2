import AmbulanceService

extension ScenarioBuilder {
    /// `category_mix: [{from: 2024-01-01, c1: 0.119, c2: 0.496, c3: 0.334, c4: 0.051}, ...]`:
    /// from each date (its midnight, or a local date-time) on, calls fall into C1-C4 in
    /// those shares. Shares are plain numbers (they must sum to 1, so they cannot be
    /// uncertain one by one); the sum is the configuration's rule, reported at the step.
    mutating func readCategoryMix(_ node: ScenarioNode?) -> DatedCategoryMix {
        var mix = DatedCategoryMix()
        for (i, item) in (reader.list(node, "category_mix") ?? []).enumerated() {
            let p = "category_mix[\(i)]"
            guard let f = reader.fields(item, p, pattern: "category_mix[]", required: ["from", "c1", "c2", "c3", "c4"]),
                  let when = stepStart(f["from"], "\(p).from") else { continue }
            let shares = (1...4).compactMap { reader.number(f["c\($0)"], "\(p).c\($0)", .probability) }
            guard shares.count == 4 else { continue }
            mix.steps.append(DatedCategoryMix.Step(fromMinutes: when.minutes(since: start), shares: shares))
        }
        return mix
    }
}
