/// The category mix as a dated input: from a date on, calls fall into C1-C4 in the step's
/// shares instead of the categories' own (`categories.cN.share`), which hold before the
/// first step. A trust's mix drifts month by month (South Western's C2 share of incidents
/// went from 49.6% to 53.3% between January and June 2024 at flat demand, AmbSYS A10/A7),
/// and a single mix for a run of months cannot carry it; `ambsim init` writes one step per
/// chosen month. A call's dispositions, dispatch delay and drive stay those of its
/// category.
public struct DatedCategoryMix: Sendable, Equatable {
    /// From `fromMinutes` (minutes from the scenario start) on, calls fall into C1-C4 in
    /// `shares` (four, summing to 1).
    public struct Step: Sendable, Equatable {
        public var fromMinutes: Double
        public var shares: [Double]
        public init(fromMinutes: Double, shares: [Double]) {
            self.fromMinutes = fromMinutes
            self.shares = shares
        }
    }

    public var steps: [Step]

    public init(steps: [Step] = []) { self.steps = steps }

    /// The mix over time given the categories' own shares `base`: the first entry is at
    /// -infinity with `base` (or the latest step at or before the start, which a step
    /// before the run replaces), then one entry per later step, in time order.
    public func profile(base: [Double]) -> [(from: Double, shares: [Double])] {
        var out: [(from: Double, shares: [Double])] = [(-.infinity, base)]
        for step in steps {
            if step.fromMinutes <= 0 {
                out[0].shares = step.shares
            } else {
                out.append((step.fromMinutes, step.shares))
            }
        }
        return out
    }
}

extension ServiceConfiguration {
    /// The rules the dated category mix breaks (part of `problems()`).
    func categoryMixProblems() -> [ConfigurationProblem] {
        var out: [ConfigurationProblem] = []
        let steps = categoryMix.steps
        for (i, step) in steps.enumerated() {
            let path = "category_mix[\(i)]"
            guard step.shares.count == 4 else {
                out.append(ConfigurationProblem(path: path, message: "needs the shares of c1, c2, c3 and c4 (got \(step.shares.count))"))
                continue
            }
            for (c, share) in step.shares.enumerated() where !(share.isFinite && share >= 0 && share <= 1) {
                out.append(ConfigurationProblem(path: "\(path).c\(c + 1)", message: "must be in [0, 1] (got \(share))"))
            }
            let total = step.shares.reduce(0, +)
            if !(abs(total - 1) < 1e-6) {
                out.append(ConfigurationProblem(path: path, message: "shares must sum to 1 (got \(total))"))
            }
            if i > 0, steps[i - 1].fromMinutes >= step.fromMinutes {
                out.append(ConfigurationProblem(path: "\(path).from", message: steps[i - 1].fromMinutes == step.fromMinutes
                    ? "repeats category_mix[\(i - 1)]'s date: give one mix a date"
                    : "steps must be in date order"))
            }
        }
        return out
    }
}
