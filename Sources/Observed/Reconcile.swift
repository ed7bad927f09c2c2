import AmbulanceService
import CGSL
import Foundation
import MonteCarlo
import Reports
import Scenario
import Statistics
import Stochastics

/// History matching (Craig et al. 1997; Vernon, Goldstein and Bower 2010; Andrianakis et al.
/// 2015) of a scenario's uncertain inputs against the published record: which values of
/// them the record still allows.
///
/// Each wave runs the scenario at space-filling design points over a box of the inputs
/// (GSL's Sobol sequence, `gsl_qrng_sobol`), every point with the same seeds (common random
/// numbers), over every month asked for. Each target (an indicator in a month) gives an
/// implausibility `|model - observed| / sqrt(V_obs + V_model + V_disc)`, for a published
/// level on the log scale (`implausibility`):
/// - `V_obs`, the variance of the published figure as one month's realisation of the
///   service (AmbSYS counts every incident, so its measurement error is nil; the month's
///   figure still varies as a realisation does): the model's replication variance at the
///   point, `s^2` (the ensemble variability of Andrianakis et al.); for an effect, the
///   record band's variance, ((high - low) / 3.92)^2;
/// - `V_model`, the Monte Carlo variance of the model's mean, `s^2 / n`;
/// - `V_disc`, the model discrepancy, stated: `discrepancy` as a fraction of the observed
///   level (log(1 + discrepancy) on the log scale).
/// A point is kept (not implausible) when its largest implausibility is at most 3 (the
/// three-sigma rule, Pukelsheim 1994, as Vernon et al. use it). The next wave's box is
/// the bounding box of the wave's kept points, widened by one design spacing (within the
/// prior); the non-implausible range of each input is the bounding box of every kept
/// point of every wave. An input the record does not inform keeps a wide range only as
/// far as kept points reach: give enough points per wave (the kept share times the
/// points should be well above the number of inputs). The simulator is run at every point, not emulated: the tool's
/// runs are cheap enough at planning scale, and an emulator's error would be one more
/// variance to state.
public enum Reconcile {
    public struct Input: Sendable {
        public let name: String
        public let prior: ClosedRange<Double>
        /// Writes a value into a configuration (rounded where the model reads whole numbers).
        let apply: @Sendable (inout ServiceConfiguration, Double) -> Void
        public let distribution: Distribution
    }

    /// A target: an indicator in a month, its observed value (level or effect), and the
    /// observation variance when the record states it (an effect's band).
    public struct Target: Sendable {
        public let month: YearMonth
        public let indicator: Indicator
        public let observed: Double
        /// The observed level the discrepancy is a fraction of.
        public let level: Double
        public let observationVariance: Double?

        public init(month: YearMonth, indicator: Indicator, observed: Double, level: Double, observationVariance: Double?) {
            self.month = month
            self.indicator = indicator
            self.observed = observed
            self.level = level
            self.observationVariance = observationVariance
        }
    }

    public struct Evaluation: Sendable {
        public let target: Target
        public let mean: Double
        public let sd: Double
        public let implausibility: Double
    }

    public struct Point: Sendable {
        public let wave: Int
        public let index: Int
        public let values: [Double]
        public let evaluations: [Evaluation]
        public var maximum: Double { evaluations.map(\.implausibility).max() ?? .infinity }
        public var kept: Bool { maximum <= Reconcile.cut }
    }

    public struct Outcome: Sendable {
        public let inputs: [Input]
        public let points: [Point]
        /// The non-implausible range of each input (nil: no point kept).
        public let ranges: [ClosedRange<Double>]?
        public let waves: Int
    }

    public static let cut = 3.0

    /// The scenario's uncertain inputs, each with its prior range: the support of a uniform
    /// or triangular distribution, else its 0.5% to 99.5% quantiles.
    public static func inputs(of scenario: Scenario) -> [Input] {
        scenario.configuration.uncertainInputs.map { u in
            let range: ClosedRange<Double>
            switch u.distribution {
            case .uniform(let a, let b), .triangular(let a, _, let b): range = a...b
            case .fixed(let v): range = v...v
            default: range = u.distribution.quantile(0.005)...u.distribution.quantile(0.995)
            }
            return Input(name: u.name, prior: range, apply: u.apply, distribution: u.distribution)
        }
    }

    /// Sobol points in `box` (GSL's generator, its first point, the origin, skipped).
    public static func design(_ box: [ClosedRange<Double>], count: Int) -> [[Double]] {
        guard !box.isEmpty else { return [] }
        let q = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(box.count))!
        defer { gsl_qrng_free(q) }
        var u = [Double](repeating: 0, count: box.count)
        _ = gsl_qrng_get(q, &u)
        return (0..<count).map { _ in
            _ = gsl_qrng_get(q, &u)
            return zip(box, u).map { $0.lowerBound + $1 * ($0.upperBound - $0.lowerBound) }
        }
    }

    /// The model at one point: for each target's month, the scenario's configuration for
    /// that month with the inputs fixed at `values`, and the target's model values per
    /// replication (levels, or paired B - A when `baselines` are given).
    public typealias Evaluate = @Sendable (_ month: YearMonth, _ configuration: ServiceConfiguration) throws(ObservedError) -> ExperimentResult

    /// Runs the waves. `configurations[month]` is the scenario set up for each month;
    /// `baselines[month]`, when given, the baseline's result there (targets are effects).
    public static func run(inputs: [Input], targets: [Target], configurations: [YearMonth: ServiceConfiguration],
                           baselines: [YearMonth: ExperimentResult]?, rows: [YearMonth: AmbSYSRow], discrepancy: Double,
                           points count: Int, waves: Int, evaluate: Evaluate,
                           progress: ((Int, Int) -> Void)? = nil) throws(ObservedError) -> Outcome {
        var box = inputs.map(\.prior)
        var all: [Point] = []
        var ranges: [ClosedRange<Double>]? = nil
        let months = Array(Set(targets.map(\.month))).sorted()
        for wave in 1...waves {
            let design = Reconcile.design(box, count: count)
            var points: [Point] = []
            for (i, values) in design.enumerated() {
                var results: [YearMonth: ExperimentResult] = [:]
                for m in months {
                    var c = configurations[m]!
                    c.uncertainInputs = []
                    for (input, v) in zip(inputs, values) { input.apply(&c, v) }
                    let problems = c.problems()
                    guard problems.isEmpty else {
                        throw ObservedError("design point \(zip(inputs, values).map { "\($0.name)=\(Number.text($1))" }.joined(separator: ", ")) makes the scenario invalid: \(problems.map(\.description).joined(separator: "; "))")
                    }
                    results[m] = try evaluate(m, c)
                }
                let evaluations = targets.map { t -> Evaluation in
                    let b = results[t.month]!, row = rows[t.month]!
                    let values: [Double]
                    if let a = baselines?[t.month] {
                        values = zip(b.outcomes, a.outcomes).map { t.indicator.modelValue($0.values, row: row) - t.indicator.modelValue($1.values, row: row) }
                    } else {
                        values = b.outcomes.map { t.indicator.modelValue($0.values, row: row) }
                    }
                    let finite = values.filter(\.isFinite)
                    guard let s = Summary(finite), s.count > 1 else { return Evaluation(target: t, mean: .nan, sd: .nan, implausibility: .infinity) }
                    return Evaluation(target: t, mean: s.mean, sd: s.standardDeviation,
                                      implausibility: implausibility(finite, target: t, discrepancy: discrepancy))
                }
                points.append(Point(wave: wave, index: i, values: values, evaluations: evaluations))
                progress?(wave, i)
            }
            all += points
            let kept = points.filter(\.kept)
            guard !kept.isEmpty else { return Outcome(inputs: inputs, points: all, ranges: all.contains(where: \.kept) ? ranges : nil, waves: wave) }
            // The kept points of every wave so far: each is a value the record allows.
            let everKept = all.filter(\.kept)
            ranges = inputs.indices.map { j in everKept.map { $0.values[j] }.min()!...everKept.map { $0.values[j] }.max()! }
            // The next box: this wave's kept points, widened by one design spacing of this
            // wave's box, within the prior.
            let spacing = pow(Double(count), -1 / Double(max(inputs.count, 1)))
            box = inputs.indices.map { j in
                let low = kept.map { $0.values[j] }.min()!, high = kept.map { $0.values[j] }.max()!
                let prior = inputs[j].prior, pad = spacing * (box[j].upperBound - box[j].lowerBound)
                return max(prior.lowerBound, low - pad)...min(prior.upperBound, high + pad)
            }
        }
        return Outcome(inputs: inputs, points: all, ranges: ranges, waves: waves)
    }

    /// A target's implausibility from the model's values at a point (one per replication).
    /// A level (positive, and skewed near saturation, where a few replications run away) is
    /// compared on the log scale: a Gaussian three-sigma rule on minutes keeps points whose
    /// replications all lie far above the record merely because they spread widely. An
    /// effect, which may be negative, is compared as it is, with the record band's variance.
    static func implausibility(_ values: [Double], target t: Target, discrepancy: Double) -> Double {
        let logs = t.observationVariance == nil && t.observed > 0 && values.allSatisfy { $0 > 0 }
        let x = logs ? values.map { log($0) } : values
        guard let s = Summary(x), s.count > 1 else { return .infinity }
        let z = logs ? log(t.observed) : t.observed
        let vRun = s.standardDeviation * s.standardDeviation
        let vObs = t.observationVariance ?? vRun
        let vModel = vRun / Double(s.count)
        let d = logs ? log1p(discrepancy) : discrepancy * t.level
        return abs(s.mean - z) / max((vObs + vModel + d * d).squareRoot(), 1e-12)
    }

    // MARK: files

    /// `points.csv`: every design point, its input values, largest implausibility, kept.
    public static func pointsCSV(_ o: Outcome) -> String {
        var csv = CSVWriter(header: ["wave", "point"] + o.inputs.map(\.name) + ["max_implausibility", "kept"])
        for p in o.points {
            csv.append([String(p.wave), String(p.index)] + p.values.map(Number.text) + [Number.text(p.maximum), p.kept ? "true" : "false"])
        }
        return csv.text
    }

    /// `implausibility.csv`: every point and target.
    public static func implausibilityCSV(_ o: Outcome) -> String {
        var csv = CSVWriter(header: ["wave", "point", "month", "kpi", "aqi_code", "observed", "model_mean", "model_sd", "implausibility"])
        for p in o.points {
            for e in p.evaluations {
                csv.append([String(p.wave), String(p.index), e.target.month.description, e.target.indicator.kpi, e.target.indicator.aqiCode,
                            Number.text(e.target.observed), Number.text(e.mean), Number.text(e.sd), Number.text(e.implausibility)])
            }
        }
        return csv.text
    }

    /// `ranges.csv`: each input's prior and non-implausible range.
    public static func rangesCSV(_ o: Outcome) -> String {
        var csv = CSVWriter(header: ["input", "prior_low", "prior_high", "kept_low", "kept_high", "kept_points", "points"])
        let last = o.points.filter { $0.wave == o.waves }
        for (j, input) in o.inputs.enumerated() {
            let r = o.ranges?[j]
            csv.append([input.name, Number.text(input.prior.lowerBound), Number.text(input.prior.upperBound),
                        r.map { Number.text($0.lowerBound) } ?? "", r.map { Number.text($0.upperBound) } ?? "",
                        String(last.filter(\.kept).count), String(last.count)])
        }
        return csv.text
    }

    /// The reconciled scenario: extends `scenarioPath` (written relative to the folder the
    /// file goes in) and gives each input its non-implausible range as a uniform uncertain
    /// value; the top-level sections that hold an input are written whole from the resolved
    /// scenario, so list items stay in place.
    public static func scenarioText(_ o: Outcome, scenario: Scenario, extendsPath: String) throws(ObservedError) -> String {
        guard let ranges = o.ranges else { throw ObservedError("no point is kept: there is no reconciled scenario to write") }
        var document = scenario.document.removing(key: "extends")
        let here = SourceLocation(file: "reconcile", line: 1, column: 1)
        func scalar(_ s: String, quoted: Bool = false) -> ScenarioNode { .scalar(s, here, quoted: quoted) }
        var touched: [String] = []
        for (input, range) in zip(o.inputs, ranges) {
            let uniform = ScenarioNode.mapping([("uniform", here, .mapping([("min", here, scalar(Number.text(range.lowerBound))),
                                                                             ("max", here, scalar(Number.text(range.upperBound)))], here))], here)
            do { document = try document.setting(.mapping([("uncertain", here, uniform)], here), at: input.name) } catch {
                throw ObservedError("cannot write \(input.name) into the reconciled scenario: \(error.description)")
            }
            let top = String(input.name.prefix { $0 != "." && $0 != "[" })
            if !touched.contains(top) { touched.append(top) }
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: ScenarioNode)] = [
            ("extends", here, scalar(extendsPath, quoted: true)),
            ("name", here, scalar(scenario.name + "-reconciled", quoted: true)),
            ("description", here, scalar("\(scenario.name) with its uncertain inputs narrowed to the ranges the record allows (ambsim reconcile)", quoted: true)),
        ]
        for key in touched { if let node = document[key] { entries.append((key, here, node)) } }
        return "# Written by ambsim reconcile: the non-implausible ranges of \(scenario.name)'s uncertain inputs.\n"
            + ScenarioNode.mapping(entries, here).yamlText()
    }
}
