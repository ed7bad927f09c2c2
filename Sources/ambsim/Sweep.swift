import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario
import Stochastics

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario over a grid of values, or vary each uncertain input alone (tornado).",
        discussion: """
            Grid: every combination of the --vary values, each point run with the same seeds \
            (common random numbers), into sweep.csv: the varied values as columns, then kpi, unit, \
            mean, ci95_low, ci95_high, n. Values are YAML, so durations and uncertain values work: \
            --vary 'disruption[1].after=8d,14d,21d'.
            Tornado (--one-at-a-time): every uncertain input of the scenario is fixed at the 5th and \
            at the 95th percentile of its distribution, the others at their means, into tornado.csv: \
            input, level, value, kpi, unit, mean, ci95_low, ci95_high, n (level base: all at their means). \
            When an input's range would end a disruption after the run (an outage length), every \
            run is lengthened alike to a day past the latest disruption change, and this is said.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("vary"), help: "KEY=V1,V2,... (repeatable; the grid is every combination).")
    var variations: [String] = []

    @Flag(name: .customLong("one-at-a-time"), help: "Vary each uncertain input alone, low and high, for a tornado chart.")
    var oneAtATime = false

    @Option(help: "Output folder (default: Results/<scenario name>-sweep or -tornado).")
    var out: String?

    @OptionGroup var options: RunOptions

    func validate() throws {
        if variations.isEmpty == !oneAtATime {
            throw ValidationError("give --vary KEY=V1,V2,... (a grid) or --one-at-a-time (a tornado), not both or neither")
        }
        for v in variations {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex, !v[v.index(after: eq)...].isEmpty else {
                throw ValidationError("--vary takes KEY=V1,V2,... (got \(v))")
            }
        }
        // One key in two --vary options: the last would win at every point while the rows
        // were labelled with both; refused.
        var seen = Set<String>()
        for v in variations {
            let key = String(v[..<v.firstIndex(of: "=")!]).trimmed()
            if !seen.insert(key).inserted {
                throw ValidationError("--vary \(key) is given twice: give all its values in one --vary \(key)=V1,V2,...")
            }
        }
    }

    /// Most grid points one sweep may run.
    static let maximumGridPoints = 10_000

    /// Splits `a,b,{x: 1, y: 2},[1, 2]` at top-level commas.
    static func values(_ text: Substring) -> [String] {
        var out: [String] = [], current = "", depth = 0
        for c in text {
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" { depth -= 1 }
            if c == "," && depth == 0 { out.append(current.trimmed()); current = "" } else { current.append(c) }
        }
        out.append(current.trimmed())
        return out
    }

    func run() throws {
        if oneAtATime { try tornado() } else { try grid() }
    }

    func grid() throws {
        let axes: [(key: String, values: [String])] = variations.map { v in
            let eq = v.firstIndex(of: "=")!
            return (String(v[..<eq]), Self.values(v[v.index(after: eq)...]))
        }
        // Bounded work: the grid's size is known before anything is built.
        let size = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard size <= Double(Self.maximumGridPoints) else {
            printError("--vary: the grid has \(Int(size)) points, more than the \(Self.maximumGridPoints) a sweep may run; vary fewer values, or split it into several sweeps")
            throw Exit.badInput
        }
        var points: [[String]] = [[]]
        for axis in axes { points = points.flatMap { p in axis.values.map { p + [$0] } } }
        func load(_ point: [String]) throws -> Scenario {
            try loadScenario(scenario, overrides: options.overrides + zip(axes, point).map { "\($0.key)=\($1)" }, replications: options.replications)
        }
        // Validate every point before running any (each scenario is dropped once checked,
        // so memory does not grow with the grid), and refuse the whole sweep's work when it
        // exceeds the scenario's max_expected_calls.
        var work = 0.0
        for point in points {
            let s = try load(point)
            work += Double(options.replications ?? s.replications) * s.configuration.expectedCalls()
            if work > s.maximumExpectedCalls {
                printError("the sweep's \(points.count) points together exceed max_expected_calls (\(Int(s.maximumExpectedCalls)) calls): run fewer points or replications")
                throw Exit.badInput
            }
        }
        let first = try load(points[0])
        let name = first.name
        let seed = options.seed ?? first.seed
        let n = options.replications ?? first.replications
        let folder = out ?? "Results/\(name)-sweep"
        try checkResultTarget(folder)
        var csv = CSVWriter(header: axes.map(\.key) + ["kpi", "unit", "mean", "ci95_low", "ci95_high", "n"])
        for point in points {
            let s = try load(point)
            let label = "\(name) [" + zip(axes, point).map { "\($0.key)=\($1)" }.joined(separator: ", ") + "]"
            let r = try runExperiment(Experiment(configuration: s.configuration, masterSeed: seed, replications: 0..<n), label: label, options: options)
            for row in RunFiles.intervalRows(r) { csv.append(point + row) }
        }
        try writeRunFolder([("sweep.csv", csv.text),
                            ("manifest.yaml", commandManifest(kind: "sweep", scenario: first, seed: seed, replications: n))], to: folder)
        if !options.quiet { printError("wrote \(folder)/sweep.csv (\(points.count) grid points x \(n) replications)") }
    }

    func tornado() throws {
        let s = try loadScenario(scenario, overrides: options.overrides, replications: options.replications)
        let folder = out ?? "Results/\(s.name)-tornado"
        try checkResultTarget(folder)
        let inputs = s.configuration.uncertainInputs
        guard !inputs.isEmpty else {
            printError("\(scenario): has no uncertain inputs ({uncertain: ...}) to vary one at a time")
            throw Exit.badInput
        }
        var base = s.configuration
        base.uncertainInputs = []
        for input in inputs { input.apply(&base, input.distribution.mean) }
        let seed = options.seed ?? s.seed
        let n = options.replications ?? s.replications
        var csv = CSVWriter(header: ["input", "level", "value", "kpi", "unit", "mean", "ci95_low", "ci95_high", "n"])
        var runs: [(String, String, Double, ServiceConfiguration)] = [("all at their means", "base", .nan, base)]
        for input in inputs {
            for (level, p) in [("low", 0.05), ("high", 0.95)] {
                var c = base
                let value = input.distribution.quantile(p)
                input.apply(&c, value)
                runs.append((input.name, level, value, c))
            }
        }
        // Each input's whole range inside the run: an outage length whose high value would end
        // the outage after the run shows one side only. The runs are lengthened, all alike,
        // to a whole day past the latest disruption change of any of them.
        let latest = runs.map { $0.3.lastDisruptionChangeMinutes }.max() ?? 0
        if latest + 1440 > base.horizonMinutes {
            let horizon = ((latest + 1440) / 1440).rounded(.up) * 1440
            for i in runs.indices { runs[i].3.horizonMinutes = horizon }
            printError("tornado: every run lengthened from \(Int(base.horizonMinutes / 1440)) to \(Int(horizon / 1440)) days (to \(base.start.adding(minutes: Int(horizon)))), so that each input's whole range ends inside the run (its latest disruption change is \(base.start.adding(minutes: Int(latest))))")
        }
        for (name, level, value, configuration) in runs {
            let problems = configuration.problems()
            guard problems.isEmpty else {
                printError("\(name) at its \(level) value \(value): \(problems.map(\.description).joined(separator: "; "))")
                throw Exit.badInput
            }
            let r = try runExperiment(Experiment(configuration: configuration, masterSeed: seed, replications: 0..<n),
                                      label: "\(s.name) [\(name) \(level)]", options: options)
            for row in RunFiles.intervalRows(r) { csv.append([name, level, value.isNaN ? "" : String(value)] + row) }
        }
        try writeRunFolder([("tornado.csv", csv.text),
                            ("manifest.yaml", commandManifest(kind: "tornado", scenario: s, seed: seed, replications: n))], to: folder)
        if !options.quiet { printError("wrote \(folder)/tornado.csv (\(runs.count) runs x \(n) replications)") }
    }

}

extension String {
    func trimmed() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
