import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario
import Statistics

/// `ambsim target`: the least value of a lever (a scenario key) whose targets are met with
/// a stated confidence: "how many extra crews a day buy the C2 mean back under 30 minutes?"
struct Target: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The least value of a lever that meets one or more targets, with a stated confidence.",
        discussion: """
            Every point is run with the same seed and replications (common random numbers), so \
            points differ by the lever alone. A target is met at a point when the one-sided bound \
            of the KPI's mean at --confidence is on the right side (for KPI<=X, mean + t x se <= X); \
            a point meets when every target does. The search is a bisection on the lever, which \
            assumes that more of it never makes a target harder to meet: the range's top is tried \
            first (no answer if it does not meet), then its bottom, then halves. Whole-number \
            levers (both ends whole) are searched exactly; others to --precision.
            First line of stdout: `answer: KEY = VALUE` (or `answer: none in LO..HI`, exit 1).
            target.csv: every evaluated point and target, lever, value, kpi, mean, ci95_low, \
            ci95_high, replications, met; target.png: the response curve with the target and the \
            answer marked (matplotlib).
            --back-to BASELINE: a target written without a value (c2_response_mean_min<=) is the \
            baseline scenario's mean over the same window and replications: buy the cost back. \
            --set acts on the scenario only, not on the baseline.
            --window FROM..TO (date-times): the KPIs count calls arriving in that window only.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("meet"), help: "KPI<=VALUE or KPI>=VALUE (repeatable: all must hold); with --back-to, the value may be left out.")
    var targets: [String] = []

    @Option(name: .customLong("lever"), help: "KEY=LO..HI: the scenario key to set and its range, e.g. 'resources[0].vehicles=0..40'.")
    var lever: String

    @Option(help: "The confidence that a target is met at the answer (one-sided), in (0.5, 1).")
    var confidence = 0.9

    @Option(help: "For a lever that is not a whole number: how close the answer is found (default: the range / 64).")
    var precision: Double?

    @Option(name: .customLong("back-to"), help: "A baseline scenario whose means are the targets written without a value.")
    var baseline: String?

    @Option(help: "Count only calls arriving in FROM..TO (local date-times, inside the scenario's counted period).")
    var window: String?

    @Option(help: "Output folder (default: Results/<scenario name>-target).")
    var out: String?

    @OptionGroup var options: RunOptions

    func validate() throws {
        guard !targets.isEmpty else { throw ValidationError("give at least one --meet KPI<=VALUE or KPI>=VALUE") }
        guard confidence > 0.5 && confidence < 1 else { throw ValidationError("--confidence must be in (0.5, 1) (got \(confidence))") }
        _ = try LeverRange(lever)
        for t in targets { _ = try TargetSpec(t, hasBaseline: baseline != nil) }
        if let precision, !(precision > 0 && precision.isFinite) { throw ValidationError("--precision must be > 0 (got \(precision))") }
        if let window { _ = try Window(window) }
    }

    func run() throws {
        let range = try LeverRange(lever)
        var specs = try targets.map { try TargetSpec($0, hasBaseline: baseline != nil) }
        let base = try loadScenario(scenario, overrides: options.overrides, replications: options.replications)
        let seed = options.seed ?? base.seed
        let n = options.replications ?? base.replications
        guard n >= 2 else {
            printError("target needs at least 2 replications to bound a mean (got \(n))")
            throw Exit.badInput
        }
        let folder = out ?? "Results/\(base.name)-target"
        try checkResultTarget(folder)
        let counted = try window.map { try Window($0).counting(in: base.configuration, path: scenario) }

        // The baseline's means, for targets written without a value.
        if let baseline {
            let b = try loadScenario(baseline, overrides: [], replications: options.replications)
            let r = try runExperiment(Experiment(configuration: windowed(b.configuration, counted), masterSeed: seed, replications: 0..<n),
                                      label: "\(b.name) (baseline)", options: options)
            for i in specs.indices where specs[i].value == nil {
                specs[i].value = Summary(r.outcomes.map { specs[i].read($0.values) }.filter(\.isFinite))?.mean
                specs[i].fromBaseline = true
                guard specs[i].value != nil else {
                    printError("--back-to \(baseline): \(specs[i].kpi) is undefined in every replication of the baseline")
                    throw Exit.badInput
                }
            }
        }

        var evaluated: [Double: Point] = [:]
        func evaluate(_ value: Double) throws -> Point {
            if let p = evaluated[value] { return p }
            let s = try loadScenario(scenario, overrides: options.overrides + ["\(range.key)=\(range.text(value))"], replications: options.replications)
            let r = try runExperiment(Experiment(configuration: windowed(s.configuration, counted), masterSeed: seed, replications: 0..<n),
                                      label: "\(base.name) [\(range.key)=\(range.text(value))]", options: options)
            let point = Point(value: value, results: specs.map { $0.judge(r.outcomes, confidence: confidence) })
            evaluated[value] = point
            return point
        }

        // Bisection: the top must meet; the bottom may.
        var answer: Double? = nil
        if try evaluate(range.high).met {
            if try evaluate(range.low).met {
                answer = range.low
            } else {
                var lo = range.low, hi = range.high
                let step = range.isWhole ? 1 : (precision ?? (range.high - range.low) / 64)
                while hi - lo > step {
                    let mid = range.isWhole ? ((lo + hi) / 2).rounded(.down) : (lo + hi) / 2
                    if try evaluate(mid).met { hi = mid } else { lo = mid }
                }
                answer = hi
            }
        }

        let points = evaluated.values.sorted { $0.value < $1.value }
        var csv = CSVWriter(header: ["lever", "value", "kpi", "mean", "ci95_low", "ci95_high", "replications", "met"])
        for p in points {
            for (spec, r) in zip(specs, p.results) {
                csv.append([range.key, range.text(p.value), spec.kpi, Number.text(r.mean), Number.text(r.low), Number.text(r.high), String(r.n), r.met ? "true" : "false"])
            }
        }
        try writeRunFolder([("target.csv", csv.text),
                            ("manifest.yaml", commandManifest(kind: "target", scenario: base, seed: seed, replications: n))], to: folder)

        let runs = points.count
        if let answer {
            print("answer: \(range.key) = \(range.text(answer))")
        } else {
            print("answer: none in \(range.text(range.low))..\(range.text(range.high))")
        }
        print("targets: " + specs.map { "\($0.kpi) \($0.direction.rawValue) \(Self.shown($0.value!))" + ($0.fromBaseline ? " (the baseline's mean)" : "") }.joined(separator: " and ")
              + ", each met when the one-sided \(Int((confidence * 100).rounded()))% bound of its mean is on the target's side" + (window.map { "; calls arriving in \($0)" } ?? "; the scenario's counted period"))
        print("evaluated \(runs) points x \(n) replications = \(runs * n) replications, common random numbers (seed \(seed))")
        if let answer {
            let below = points.last { $0.value < answer }
            if let below { print("at \(range.text(below.value)): not met (" + Self.describe(below, specs) + ")") }
            print("at \(range.text(answer)): met (" + Self.describe(evaluated[answer]!, specs) + ")")
            // How sure: the values whose 95% interval of some target KPI still includes its
            // target are the ones the replications cannot tell apart from it.
            let unsure = points.filter { p in zip(specs, p.results).contains { $1.low <= $0.value! && $0.value! <= $1.high } }
            if let first = unsure.first, let last = unsure.last {
                print("uncertainty: at \(unsure.map { range.text($0.value) }.joined(separator: ", ")) a 95% interval includes a target (\(range.text(first.value))..\(range.text(last.value))); more replications narrow it")
            } else {
                print("uncertainty: no evaluated point has a 95% interval that includes a target")
            }
            let met = points.filter(\.met).map(\.value), unmet = points.filter { !$0.met }.map(\.value)
            if let lowestMet = met.min(), let highestUnmet = unmet.max(), highestUnmet > lowestMet {
                print("warning: not monotone over the evaluated points (met at \(range.text(lowestMet)), not met at \(range.text(highestUnmet))): the answer is the bisection's")
            }
        } else {
            print("at \(range.text(range.high)): not met (" + Self.describe(evaluated[range.high]!, specs) + "); widen the range or change the lever")
        }
        // The response curve with the answer marked (target.png, by matplotlib).
        do {
            _ = try drawFigures(in: folder, targets: specs.map { "\($0.kpi)=\(Number.text($0.value!))" })
            if !options.quiet { printError("wrote \(folder)/target.csv and \(folder)/target.png") }
        } catch {
            printError("the response-curve figure was not drawn (above); \(folder)/target.csv is complete")
        }
        if answer == nil { throw Exit.checkFailed }
    }

    static func describe(_ p: Point, _ specs: [TargetSpec]) -> String {
        zip(specs, p.results).map { "\($0.kpi) \(shown($1.mean)), 95% interval \(shown($1.low)) to \(shown($1.high))" }.joined(separator: "; ")
    }

    /// A figure for the terminal: two decimals (target.csv keeps every digit).
    static func shown(_ x: Double) -> String { x.isFinite ? Number.fixed(x, places: 2) : "undefined" }

    func windowed(_ c: ServiceConfiguration, _ counted: (warmUp: Double, runOut: Double)?) -> ServiceConfiguration {
        guard let counted else { return c }
        var c = c
        c.warmUpMinutes = counted.warmUp
        c.runOutMinutes = counted.runOut
        return c
    }

    /// One evaluated value of the lever.
    struct Point {
        let value: Double
        let results: [TargetSpec.Result]
        var met: Bool { results.allSatisfy(\.met) }
    }
}

/// `KEY=LO..HI`.
struct LeverRange {
    let key: String
    let low: Double
    let high: Double
    let isWhole: Bool

    init(_ text: String) throws {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { throw ValidationError("--lever takes KEY=LO..HI (got \(text))") }
        key = String(text[..<eq]).trimmed()
        let range = String(text[text.index(after: eq)...]).trimmed()
        let parts = range.components(separatedBy: "..")
        guard parts.count == 2, let lo = Double(parts[0].trimmed()), let hi = Double(parts[1].trimmed()), lo.isFinite, hi.isFinite, lo < hi else {
            throw ValidationError("--lever \(key): the range must be LO..HI with LO < HI (got \(range))")
        }
        low = lo
        high = hi
        isWhole = Int(parts[0].trimmed()) != nil && Int(parts[1].trimmed()) != nil
    }

    func text(_ v: Double) -> String { isWhole ? String(Int(v)) : Number.text(v) }
}

/// `KPI<=VALUE`, `KPI>=VALUE`, or with a baseline `KPI<=`.
struct TargetSpec {
    enum Direction: String { case atMost = "<=", atLeast = ">=" }
    let kpi: String
    let direction: Direction
    var value: Double?
    /// The value is the baseline's mean (`--back-to`).
    var fromBaseline = false
    let read: @Sendable ([Double]) -> Double

    init(_ text: String, hasBaseline: Bool) throws {
        guard let op = [Direction.atMost, .atLeast].first(where: { text.contains($0.rawValue) }),
              let r = text.range(of: op.rawValue) else {
            throw ValidationError("--meet takes KPI<=VALUE or KPI>=VALUE (got \(text))")
        }
        kpi = String(text[..<r.lowerBound]).trimmed()
        direction = op
        guard let read = ReplicationOutcome.reader(for: kpi) else {
            let hint = ScenarioSchema.suggestion(for: kpi, among: ReplicationOutcome.allKPINames).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("--meet: unknown KPI '\(kpi)'\(hint)")
        }
        self.read = read
        let rest = String(text[r.upperBound...]).trimmed()
        if rest.isEmpty || rest == "baseline" {
            guard hasBaseline else { throw ValidationError("--meet \(text): give a value, or a baseline with --back-to to take its mean") }
            value = nil
        } else {
            guard let v = Double(rest), v.isFinite else { throw ValidationError("--meet \(kpi): the value must be a number (got \(rest))") }
            value = v
        }
    }

    struct Result {
        let mean: Double, low: Double, high: Double, n: Int, met: Bool
    }

    /// The KPI over the replications, its 95% interval, and whether the one-sided bound at
    /// `confidence` meets the target. Replications where the KPI is undefined are left out.
    func judge(_ outcomes: [ReplicationOutcome], confidence: Double) -> Result {
        let values = outcomes.map { read($0.values) }.filter(\.isFinite)
        guard let s = Summary(values), let target = value else { return Result(mean: .nan, low: .nan, high: .nan, n: 0, met: false) }
        let ci = s.confidenceInterval(level: 0.95)
        let h = s.confidenceHalfWidth(level: 2 * confidence - 1)
        let met = h.isFinite && (direction == .atMost ? s.mean + h <= target : s.mean - h >= target)
        return Result(mean: s.mean, low: ci.low, high: ci.high, n: s.count, met: met)
    }
}

/// `FROM..TO`, local date-times: the calls counted.
struct Window {
    let from: LocalDateTime
    let to: LocalDateTime

    init(_ text: String) throws {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let f = LocalDateTime(iso: parts[0].trimmed()), let t = LocalDateTime(iso: parts[1].trimmed()), f < t else {
            throw ValidationError("--window takes FROM..TO, local date-times with FROM before TO, like 2023-07-18T19:00..2023-08-08 (got \(text))")
        }
        from = f
        to = t
    }

    /// The warm-up and run-out that count exactly the window, refused when it reaches
    /// outside the scenario's own counted period.
    func counting(in c: ServiceConfiguration, path: String) throws -> (warmUp: Double, runOut: Double) {
        let a = from.minutes(since: c.start), b = to.minutes(since: c.start)
        guard a >= c.warmUpMinutes, b <= c.horizonMinutes - c.runOutMinutes else {
            printError("\(path): --window \(from)..\(to) reaches outside the counted period (\(c.start.adding(minutes: Int(c.warmUpMinutes)))..\(c.start.adding(minutes: Int(c.horizonMinutes - c.runOutMinutes)))): the warm-up must come before it")
            throw Exit.badInput
        }
        return (a, c.horizonMinutes - b)
    }
}
