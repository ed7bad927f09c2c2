import ArgumentParser
import Foundation
import MonteCarlo
import Observed
import Reports
import Scenario

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit scenario parameters to published AmbSYS months.",
        discussion: """
            Searches the --fit parameters (any key --set accepts, each within LOW..HIGH) to \
            minimise the mean over months and --target KPIs of (error / tolerance)^2, with GSL's \
            Nelder-Mead simplex and common random numbers (every candidate runs the same seed \
            and replications). Stops when the simplex is below 0.002 in the search's coordinates \
            (about 0.06% of a range; then it starts again from the best point, up to three times \
            while that improves it), when --budget replications are spent, or after 500 \
            iterations. Prints the fitted values and the backtest table at them; writes \
            calibrated.yaml (extends: the scenario, with the fitted values), backtest.csv and \
            calibration.csv (every candidate) to Results/<scenario name>-calibrate-<org>/ or --out.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var observed: ObservedOptions

    @OptionGroup var tolerance: ToleranceOptions

    @Option(name: .customLong("fit"), help: "A parameter and its range: --fit fleet_scale=0.6..1.4 (repeatable).")
    var fits: [String] = []

    @Option(help: "KPIs to fit, comma-separated (default: \(Observed.Calibration.defaultTargets.joined(separator: ","))).")
    var target: String?

    @Option(name: .shortAndLong, help: "Replications per candidate and month (common random numbers).")
    var replications = 8

    @Option(help: "Most replications the whole search may run (candidates x months x replications).")
    var budget = 2000

    @Option(help: "Master seed (default: the scenario's seed:).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Threads (default: all cores). Results are identical for any value.")
    var jobs: Int?

    @Option(name: .customLong("set"), help: "Override a scenario key before fitting (repeatable).")
    var overrides: [String] = []

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    @Option(help: "Output folder (default: Results/<scenario name>-calibrate-<org>).")
    var out: String?

    @OptionGroup var driving: DriveOptions

    func validate() throws {
        if fits.isEmpty { throw ValidationError("give at least one --fit KEY=LOW..HIGH") }
        for f in fits where FitParameter(f) == nil {
            throw ValidationError("--fit takes KEY=LOW..HIGH with numbers LOW < HIGH (got \(f))")
        }
        if replications < 1 || replications > 10_000 { throw ValidationError("--replications must be between 1 and 10000 (got \(replications))") }
        let perCandidate = replications * max(1, observed.months.count)
        if budget < perCandidate {
            throw ValidationError("--budget must pay for at least one candidate: --replications x months = \(perCandidate) (got \(budget))")
        }
        if let j = jobs, j < 1 || j > 1024 { throw ValidationError("--jobs must be between 1 and 1024 (got \(j))") }
    }

    func run() throws {
        let file = try observed.file()
        let base = try loadScenario(scenario, overrides: overrides)
        let folder = out ?? "Results/\(base.name)-calibrate-\(observed.org)"
        try checkResultTarget(folder)
        let drive = driving.parsedDrive
        let targets = target.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
            ?? Observed.Calibration.defaultTargets.filter { !drive.drivenKPIs.contains($0) }
        let threads = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var calibration = Observed.Calibration(
            path: scenario, overrides: overrides, file: file, org: observed.org, months: observed.months,
            parameters: fits.compactMap(FitParameter.init), targets: targets, replications: replications, seed: seed, jobs: threads,
            budget: budget, tolerances: try tolerance.parsed())
        calibration.sizeTolerance = 0.002
        calibration.drive = drive
        calibration.handoverMinutes = try driving.parsedHandoverMinutes()
        let started = monotonicSeconds()
        let keys = calibration.parameters.map(\.key)
        let outcome: (best: CalibrationEvaluation, all: [CalibrationEvaluation])
        do {
            outcome = try calibration.run { e in
                guard !quiet else { return }
                let values = zip(keys, e.values).map { "\($0)=\(Number.fixed($1, places: 4))" }.joined(separator: " ")
                printError("candidate \(e.index + 1)/\(calibration.maximumEvaluations): \(values) objective \(Number.fixed(e.objective, places: 4)) (\(Int((monotonicSeconds() - started).rounded())) s)")
            }
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        let best = outcome.best
        let wall = monotonicSeconds() - started
        printOut("fitted after \(outcome.all.count) candidates x \(observed.months.count) months x \(replications) replications (\(Int(wall.rounded())) s):")
        for (k, v) in zip(keys, best.values) { printOut("  \(k) = \(Number.fixed(v, places: 4))") }
        printOut("objective (mean squared error in tolerances over the targets): \(Number.fixed(best.objective, places: 4))")
        printOut(Observed.Backtest.table(best.rows))

        let settings = zip(calibration.parameters, best.values).map { "\($0.key)=\(Number.text($1))" }
        let calibrated: String
        do {
            calibrated = try calibratedScenario(base: base, settings: settings, folder: folder, best: best)
        } catch {
            printError("cannot write the calibrated scenario: \(error)")
            throw Exit.internalError
        }
        var trace = CSVWriter(header: ["candidate"] + keys + ["objective"])
        for e in outcome.all { trace.append([String(e.index + 1)] + e.values.map(Number.text) + [Number.text(e.objective)]) }
        try writeRunFolder([("calibrated.yaml", calibrated), ("backtest.csv", Observed.Backtest.csv(best.rows)),
                            ("calibration.csv", trace.text),
                            ("manifest.yaml", commandManifest(kind: "calibrate", scenario: base, seed: seed ?? base.seed, replications: replications))],
                           to: folder)
        printOut("wrote \(folder)/calibrated.yaml: ambsim backtest \(folder)/calibrated.yaml --ambsys \(observed.ambsys) --org \(observed.org) --month \(observed.month)\(drive.isEmpty ? "" : " --drive \(drive)")")
    }

    /// A scenario file that extends the original with the fitted values, written by Yams
    /// from a mapping (`extends:` and `name:` as quoted scalars, the fitted keys as the
    /// scenario's own nodes), so that no path, value or name can add a key or break a line.
    /// The comment lines above it carry every outside string through `commentText`.
    func calibratedScenario(base: Scenario, settings: [String], folder: String, best: CalibrationEvaluation) throws -> String {
        let fitted = try Scenario.load(path: scenario, overrides: overrides + settings)
        // A fitted parameter of a distribution (`...dispatch_delay_minutes.lognormal.mean`) is
        // written as the whole distribution: a distribution is one value, which a file that
        // extends the scenario replaces, never merges.
        let families = Set(ScenarioSchema.distributionFamilies.map(\.family) + ["uncertain"])
        func wholeValue(_ key: String) -> String {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            guard let i = parts.firstIndex(where: { families.contains(String($0)) }), i > 0 else { return key }
            return parts[..<i].joined(separator: ".")
        }
        let keys = (overrides.compactMap { $0.split(separator: "=").first.map(String.init) } + settings.map { String($0.split(separator: "=")[0]) }).map(wholeValue)
        let overlay = try fitted.document.overlay(keys: keys)
        // The name stays a valid label: the suffix is kept, the base name cut to fit.
        let suffix = "-calibrated-\(observed.org)"
        let name = String(base.name.prefix(max(1, Scenario.maximumNameLength - suffix.count))) + suffix
        var entries: [(String, ScenarioNode)] = [("extends", .text(relativePath(from: folder, to: scenario))), ("name", .text(name))]
        if case .mapping(let fittedEntries, _) = overlay {
            entries += fittedEntries.filter { $0.key != "name" && $0.key != "extends" }.map { ($0.key, $0.value) }
        }
        let header = [
            "Written by ambsim calibrate: \(base.name) with parameters fitted to NHS England AmbSYS",
            "\(observed.org), \(observed.month) (\(observed.ambsys)); targets and tolerances in backtest.csv beside this",
            "file, every candidate in calibration.csv. Objective at the fit: \(Number.fixed(best.objective, places: 4)).",
            "Command: \(commandLineText())",
        ].map { "# " + commentText($0) }.joined(separator: "\n")
        return header + "\n" + ScenarioNode.map(entries).yamlText()
    }
}

/// Text for a `#` comment line: control characters (a line break would end the comment)
/// written as escapes, as Swift writes them in a string literal.
func commentText(_ text: String) -> String {
    String(text.unicodeScalars.map { scalar -> String in
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
            ? String(String(scalar).debugDescription.dropFirst().dropLast()) : String(scalar)
    }.joined())
}

/// The path of `file` relative to the folder `folder` (both relative to the working folder
/// or absolute).
func relativePath(from folder: String, to file: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    func components(_ p: String) -> [String] {
        URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.pathComponents
    }
    let a = components(folder), b = components(file)
    var common = 0
    while common < min(a.count, b.count - 1) && a[common] == b[common] { common += 1 }
    return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
}
