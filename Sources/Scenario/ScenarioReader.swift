import AmbulanceService
import Stochastics

/// Where a number may land once an uncertain value is drawn.
typealias Setter = @Sendable (inout ServiceConfiguration, Double) -> Void

/// What a number must satisfy.
struct NumberRule {
    var minimum: Double? = nil
    var minimumIsStrict = false
    var maximum: Double? = nil
    var integer = false
    /// Accept `90min`, `48h`, `14d` (converted to minutes).
    var duration = false

    static let any = NumberRule()
    static let nonNegative = NumberRule(minimum: 0)
    static let positive = NumberRule(minimum: 0, minimumIsStrict: true)
    static let probability = NumberRule(minimum: 0, maximum: 1)
    static let minutes = NumberRule(minimum: 0, duration: true)
    static func count(atLeast n: Int, atMost m: Int = 100_000) -> NumberRule {
        NumberRule(minimum: Double(n), maximum: Double(m), integer: true)
    }

    /// Why `x` breaks the rule, or nil.
    func violation(_ x: Double) -> String? {
        guard x.isFinite else { return "must be a finite number (got \(x))" }
        if let lo = minimum, minimumIsStrict ? x <= lo : x < lo {
            return "must be \(minimumIsStrict ? ">" : ">=") \(Self.show(lo)) (got \(Self.show(x)))"
        }
        if let hi = maximum, x > hi { return "must be <= \(Self.show(hi)) (got \(Self.show(x)))" }
        if integer && x != x.rounded() { return "must be a whole number (got \(Self.show(x)))" }
        return nil
    }

    static func show(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
}

/// Reads typed values out of a `ScenarioNode`, collecting every issue rather than stopping
/// at the first, and registering uncertain values.
struct ScenarioReader {
    var issues: [ScenarioIssue] = []
    var uncertain: [UncertainInput] = []

    mutating func fail(_ node: ScenarioNode, _ path: String, _ message: String) {
        issues.append(ScenarioIssue(node.location, path, message))
    }

    /// The entries of a mapping whose allowed keys are the schema's children of `pattern`.
    /// Unknown keys are issues with a suggestion; `required` keys must be present.
    mutating func fields(_ node: ScenarioNode, _ path: String, pattern: String, required: [String] = [],
                         allowing extra: [String] = []) -> [String: ScenarioNode]? {
        guard case .mapping(let entries, _) = node else {
            fail(node, path, "must be a mapping of keys to values (got \(node.kindName))")
            return nil
        }
        let allowed = ScenarioSchema.children(of: pattern) + extra
        var out: [String: ScenarioNode] = [:]
        for entry in entries {
            let keyPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if allowed.contains(entry.key) {
                out[entry.key] = entry.value
            } else {
                let hint = ScenarioSchema.suggestion(for: entry.key, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                issues.append(ScenarioIssue(entry.keyLocation, keyPath, "unknown key\(hint)"))
            }
        }
        for key in required where out[key] == nil {
            fail(node, path.isEmpty ? key : "\(path).\(key)", "is required")
        }
        return out
    }

    mutating func string(_ node: ScenarioNode?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s, _, _) = node else { fail(node, path, "must be text (got \(node.kindName))"); return nil }
        return s
    }

    mutating func list(_ node: ScenarioNode?, _ path: String) -> [ScenarioNode]? {
        guard let node else { return nil }
        guard case .sequence(let items, _) = node else { fail(node, path, "must be a list (got \(node.kindName))"); return nil }
        return items
    }

    mutating func bool(_ node: ScenarioNode?, _ path: String) -> Bool? {
        guard let node else { return nil }
        switch string(node, path)?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case nil: return nil
        case let other?: fail(node, path, "must be true or false (got \(other))"); return nil
        }
    }

    /// A plain number (no uncertainty), or nil with an issue.
    mutating func plainNumber(_ node: ScenarioNode, _ path: String, _ rule: NumberRule) -> Double? {
        guard case .scalar(let text, _, _) = node else {
            fail(node, path, "must be a number (got \(node.kindName))")
            return nil
        }
        let cleaned = text.replacing("_", with: "")
        var value = Double(cleaned)
        if value == nil, rule.duration { value = DurationText.minutes(cleaned) }
        guard let x = value, !["nan", "inf", "-inf", "+inf", "infinity"].contains(cleaned.lowercased()) else {
            let what = rule.duration ? "a number of minutes or a duration like 90min, 48h, 14d" : "a number"
            fail(node, path, "must be \(what) (got \(text.isEmpty ? "nothing" : text))")
            return nil
        }
        if let problem = rule.violation(x) { fail(node, path, problem); return nil }
        return x
    }

    /// A number, or `{uncertain: <distribution>}` when `setter` says where a draw goes.
    /// Returns the value to use for validation (the distribution's mean for an uncertain one).
    mutating func number(_ node: ScenarioNode?, _ path: String, _ rule: NumberRule, default fallback: Double? = nil,
                         uncertain setter: Setter? = nil) -> Double? {
        guard let node else {
            return fallback
        }
        if case .mapping(let entries, _) = node, entries.count == 1, entries[0].key == "uncertain" {
            guard let setter else {
                fail(node, path, "cannot be uncertain: this value fixes the model's structure (counts, shares that must sum to 1, hourly shapes)")
                return nil
            }
            guard let d = distribution(entries[0].value, "\(path).uncertain", durations: rule.duration, uncertainAllowed: false) else { return nil }
            let (lo, hi) = Self.support(d)
            if hi == .infinity, let max = rule.maximum {
                fail(node, path, "the uncertain distribution is unbounded above, but the value must be <= \(NumberRule.show(max)): use uniform or triangular")
                return nil
            }
            for bound in [lo, hi] where bound.isFinite {
                if let problem = rule.violation(bound) {
                    fail(node, path, "every value the uncertain distribution can take \(problem) (range \(NumberRule.show(lo)) to \(NumberRule.show(hi)))")
                    return nil
                }
            }
            var input = UncertainInput(name: path, distribution: d, apply: setter)
            if rule.integer { input = UncertainInput(name: path, distribution: d) { c, v in setter(&c, v.rounded()) } }
            uncertain.append(input)
            return rule.integer ? d.mean.rounded() : d.mean
        }
        return plainNumber(node, path, rule)
    }

    /// The range of the uncertain input read at `path` (its distribution's support, an
    /// unbounded end at its 0.01% or 99.99% quantile), or nil when the value there is plain.
    func range(of path: String) -> (Double, Double)? {
        guard let input = uncertain.last(where: { $0.name == path }) else { return nil }
        let (lo, hi) = Self.support(input.distribution)
        return (lo.isFinite ? lo : input.distribution.quantile(1e-4), hi.isFinite ? hi : input.distribution.quantile(1 - 1e-4))
    }

    /// The range a distribution's draws can take.
    static func support(_ d: Distribution) -> (Double, Double) {
        switch d {
        case .fixed(let v): return (v, v)
        case .uniform(let a, let b): return (a, b)
        case .triangular(let a, _, let b): return (a, b)
        case .empirical(let e): return (e.values.min() ?? 0, e.values.max() ?? 0)
        case .exponential, .truncatedNormal, .lognormal, .gamma, .weibull: return (0, .infinity)
        }
    }
}

