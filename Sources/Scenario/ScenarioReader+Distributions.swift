import AmbulanceService
import Stochastics

/// Reads and writes the location of a distribution inside a configuration, so that an
/// uncertain parameter can be drawn per replication.
struct DistributionSlot {
    var get: @Sendable (ServiceConfiguration) -> Distribution
    var set: @Sendable (inout ServiceConfiguration, Distribution) -> Void
}

extension ScenarioReader {
    /// A distribution: a bare number or duration (fixed), or `{family: {parameters}}`.
    /// With a `slot`, each parameter may itself be `{uncertain: ...}`.
    mutating func distribution(_ node: ScenarioNode?, _ path: String, durations: Bool = true, nonNegative: Bool = true,
                               slot: DistributionSlot? = nil, uncertainAllowed: Bool = true) -> Distribution? {
        guard let node else { return nil }
        let valueRule = NumberRule(minimum: nonNegative ? 0 : nil, duration: durations)
        if case .scalar = node {
            guard let v = plainNumber(node, path, valueRule) else { return nil }
            return .fixed(v)
        }
        let families = ScenarioSchema.distributionFamilies.map(\.family)
        guard case .mapping(let entries, _) = node, entries.count == 1 else {
            fail(node, path, "must be a number or one distribution such as {lognormal: {mean: 25, sd: 15}} (families: \(families.joined(separator: ", ")))")
            return nil
        }
        let family = entries[0].key
        let body = entries[0].value
        let familyPath = "\(path).\(family)"
        guard let spec = ScenarioSchema.distributionFamilies.first(where: { $0.family == family }) else {
            let hint = ScenarioSchema.suggestion(for: family, among: families).map { "; did you mean '\($0)'?" } ?? ""
            issues.append(ScenarioIssue(entries[0].keyLocation, familyPath, "unknown distribution\(hint) (families: \(families.joined(separator: ", ")))"))
            return nil
        }
        if family == "fixed", case .scalar = body {
            guard let v = plainNumber(body, familyPath, valueRule) else { return nil }
            return .fixed(v)
        }
        if family == "empirical" { return empirical(body, familyPath, valueRule) }
        guard case .mapping(let parameterEntries, _) = body else {
            fail(body, familyPath, "must map parameter names to numbers, e.g. \(spec.parameters[0].map { "\($0): ..." }.joined(separator: ", "))")
            return nil
        }
        let given = parameterEntries.map(\.key)
        guard let form = spec.parameters.first(where: { Set($0) == Set(given) }) else {
            let forms = spec.parameters.map { "{\($0.joined(separator: ", "))}" }.joined(separator: " or ")
            fail(body, familyPath, "takes parameters \(forms) (got {\(given.joined(separator: ", "))})")
            return nil
        }
        var values: [String: Double] = [:]
        var ok = true
        for entry in parameterEntries {
            let parameterPath = "\(familyPath).\(entry.key)"
            let rule = Self.parameterRule(family: family, parameter: entry.key, durations: durations)
            var setter: Setter? = nil
            if let slot, uncertainAllowed {
                let name = entry.key
                setter = { c, v in slot.set(&c, slot.get(c).replacing(name, with: v)) }
            }
            if let v = number(entry.value, parameterPath, rule, uncertain: setter) { values[entry.key] = v } else { ok = false }
        }
        guard ok else { return nil }
        do {
            let d: Distribution
            switch (family, form) {
            case ("fixed", _): d = .fixed(values["value"]!)
            case ("uniform", _): d = .uniform(min: values["min"]!, max: values["max"]!)
            case ("exponential", _): d = .exponential(mean: values["mean"]!)
            case ("normal", _): d = .truncatedNormal(mean: values["mean"]!, sd: values["sd"]!)
            case ("lognormal", ["mean", "sd"]): d = try Distribution.lognormal(mean: values["mean"]!, sd: values["sd"]!)
            case ("lognormal", _): d = .lognormal(mu: values["mu"]!, sigma: values["sigma"]!)
            case ("gamma", ["mean", "sd"]): d = try Distribution.gamma(mean: values["mean"]!, sd: values["sd"]!)
            case ("gamma", _): d = .gamma(shape: values["shape"]!, scale: values["scale"]!)
            case ("weibull", _): d = .weibull(shape: values["shape"]!, scale: values["scale"]!)
            default: d = .triangular(min: values["min"]!, mode: values["mode"]!, max: values["max"]!)
            }
            try d.validated()
            if nonNegative, Self.support(d).0 < 0 {
                fail(node, path, "must not take values below 0 (lowest \(NumberRule.show(Self.support(d).0)))")
                return nil
            }
            return d
        } catch {
            fail(node, familyPath, error.message)
            return nil
        }
    }

    static func parameterRule(family: String, parameter: String, durations: Bool) -> NumberRule {
        switch (family, parameter) {
        case ("lognormal", "mu"), ("normal", "mean"), ("uniform", _), ("triangular", _), ("fixed", _):
            return NumberRule(duration: durations)
        case ("lognormal", "sigma"), ("normal", "sd"), ("lognormal", "sd"), ("gamma", "sd"):
            return NumberRule(minimum: 0, duration: durations && parameter == "sd")
        case (_, "shape"):
            return .positive
        default:
            return NumberRule(minimum: 0, minimumIsStrict: true, duration: durations)
        }
    }

    mutating func empirical(_ body: ScenarioNode, _ path: String, _ rule: NumberRule) -> Distribution? {
        guard let f = fields(body, path, pattern: "<empirical>", allowing: ["values", "weights"]) else { return nil }
        guard let valueNodes = list(f["values"], "\(path).values"), let weightNodes = list(f["weights"], "\(path).weights") else {
            fail(body, path, "needs values: [...] and weights: [...]")
            return nil
        }
        let values = valueNodes.enumerated().compactMap { plainNumber($1, "\(path).values[\($0)]", rule) }
        let weights = weightNodes.enumerated().compactMap { plainNumber($1, "\(path).weights[\($0)]", .nonNegative) }
        guard values.count == valueNodes.count, weights.count == weightNodes.count else { return nil }
        do { return try Distribution.empirical(values: values, weights: weights) } catch {
            fail(body, path, error.message)
            return nil
        }
    }
}

extension Distribution {
    /// This distribution with one named parameter changed, keeping the others (for
    /// lognormal and gamma, `mean` and `sd` are read from the current distribution).
    func replacing(_ parameter: String, with v: Double) -> Distribution {
        let sd = variance.squareRoot()
        switch (self, parameter) {
        case (.fixed, _): return .fixed(v)
        case (.uniform(_, let b), "min"): return .uniform(min: v, max: b)
        case (.uniform(let a, _), "max"): return .uniform(min: a, max: v)
        case (.exponential, _): return .exponential(mean: v)
        case (.truncatedNormal(_, let s), "mean"): return .truncatedNormal(mean: v, sd: s)
        case (.truncatedNormal(let m, _), "sd"): return .truncatedNormal(mean: m, sd: v)
        case (.lognormal, "mean"): return (try? Distribution.lognormal(mean: v, sd: sd)) ?? self
        case (.lognormal, "sd"): return (try? Distribution.lognormal(mean: mean, sd: v)) ?? self
        case (.lognormal(_, let sigma), "mu"): return .lognormal(mu: v, sigma: sigma)
        case (.lognormal(let mu, _), "sigma"): return .lognormal(mu: mu, sigma: v)
        case (.gamma, "mean"): return (try? Distribution.gamma(mean: v, sd: sd)) ?? self
        case (.gamma, "sd"): return (try? Distribution.gamma(mean: mean, sd: v)) ?? self
        case (.gamma(_, let theta), "shape"): return .gamma(shape: v, scale: theta)
        case (.gamma(let k, _), "scale"): return .gamma(shape: k, scale: v)
        case (.weibull(_, let lambda), "shape"): return .weibull(shape: v, scale: lambda)
        case (.weibull(let k, _), "scale"): return .weibull(shape: k, scale: v)
        case (.triangular(_, let c, let b), "min"): return .triangular(min: v, mode: c, max: b)
        case (.triangular(let a, _, let b), "mode"): return .triangular(min: a, mode: v, max: b)
        case (.triangular(let a, let c, _), "max"): return .triangular(min: a, mode: c, max: v)
        default: return self
        }
    }
}
