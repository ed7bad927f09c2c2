import AmbulanceService
import ArgumentParser
import Foundation
import MonteCarlo
import Observed
import Reports
import Scenario

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Which values of a scenario's uncertain inputs the published record still allows (history matching).",
        discussion: """
            Runs the scenario at Sobol design points over its uncertain inputs' ranges (the \
            support of a uniform or triangular value, else its 0.5-99.5% quantiles), every point \
            with the same seeds, over each --month as backtest runs it, and rules out the points \
            whose implausibility |model - observed| / sqrt(V_obs + V_model + V_disc) exceeds 3 \
            for any target (an indicator in a month); each further wave samples the box the kept \
            points span. Targets are the published levels (default: C1, C2, C3 means, C2 90th \
            centile, handover mean where published), or with --effects (a scenario with a \
            baseline: key) the record's effects from its synthetic control (ambsim evidence). \
            Writes ranges.csv, points.csv, implausibility.csv, reconciled.yaml (the scenario \
            with the narrowed ranges, a valid scenario extending this one) and manifest.yaml to \
            Results/<name>-reconcile-<org>/ or --out. Exit 0 when some point is kept, 1 when \
            the record rules out every one, 2 on bad input.
            """)

    @Argument(help: "The scenario file (YAML), with {uncertain: ...} inputs.")
    var scenario: String

    @OptionGroup var observed: ObservedOptions

    @Option(help: "Indicators to match by KPI name (comma-separated or repeated; default: c1, c2, c3 means, c2 90th, handover mean where published).")
    var indicators: [String] = []

    @Flag(help: "Match the record's effects (synthetic control) with the model's B - A against the scenario's baseline:, rather than levels.")
    var effects = false

    @OptionGroup(title: "With --effects: the record's side") var scope: EvidenceScope

    @Option(help: "Design points per wave.")
    var points = 24

    @Option(help: "Waves.")
    var waves = 3

    @Option(help: "Model discrepancy: its standard deviation as a fraction of the observed level (an assumption, stated in the output).")
    var discrepancy = 0.05

    @OptionGroup var options: RunOptions

    @Option(help: "Output folder (default: Results/<scenario name>-reconcile-<org>).")
    var out: String?

    static let defaultKPIs = ["c1_response_mean_min", "c2_response_mean_min", "c2_response_p90_min", "c3_response_mean_min", "handover_mean_min"]

    func validate() throws {
        guard (2...4096).contains(points) else { throw ValidationError("--points takes 2 to 4096 design points per wave (got \(points))") }
        guard (1...20).contains(waves) else { throw ValidationError("--waves takes 1 to 20 (got \(waves))") }
        guard discrepancy >= 0, discrepancy <= 1, discrepancy.isFinite else { throw ValidationError("--discrepancy takes a fraction from 0 to 1 (got \(discrepancy))") }
        for kpi in EvidenceScope.codes(indicators) where !Indicator.available.contains(where: { $0.kpi == kpi }) {
            throw ValidationError("--indicators: \(kpi) is not an indicator the model produces; known: \(Indicator.available.map(\.kpi).joined(separator: ", "))")
        }
    }

    func run() throws {
        let base = try loadScenario(scenario, overrides: options.overrides)
        let inputs = Reconcile.inputs(of: base)
        guard !inputs.isEmpty else {
            printError("\(scenario): has no uncertain inputs ({uncertain: ...}) to reconcile")
            throw Exit.badInput
        }
        let folder = out ?? "Results/\(base.name)-reconcile-\(observed.org)"
        try checkResultTarget(folder)
        let months = observed.months
        let n = options.replications ?? base.replications
        let seed = options.seed ?? base.seed
        let jobs = options.threadCount
        let kpis = indicators.isEmpty ? Self.defaultKPIs : EvidenceScope.codes(indicators)
        let outcome: Reconcile.Outcome
        var configurations: [YearMonth: ServiceConfiguration] = [:]
        var rows: [YearMonth: AmbSYSRow] = [:]
        var targets: [Reconcile.Target] = []
        var baselines: [YearMonth: ExperimentResult]? = nil
        do throws(ObservedError) {
            let file = try AmbSYSFile.read(path: observed.ambsys)
            for m in months {
                rows[m] = try file.row(org: observed.org, month: m)
                configurations[m] = try Observed.Backtest.scenario(path: scenario, overrides: options.overrides, month: m).0.configuration
            }
            if effects {
                guard let baseline = base.baseline else { throw ObservedError("\(scenario): --effects needs a scenario with a baseline: key") }
                var o = try scopeOptions(base)
                o.until = months.max()
                o.kpis = indicators.isEmpty ? nil : kpis  // the defaults skip what the file does not publish
                let record = try Evidence.run(file: file, options: o)
                baselines = [:]
                for m in months {
                    let settings = Observed.Backtest.settings(for: m, warmUpMinutes: base.configuration.warmUpMinutes, runOutMinutes: base.backtest.runOutMinutes)
                    baselines![m] = try Observed.Backtest.experiment(try Observed.Backtest.load(path: baseline, overrides: options.overrides + settings),
                                                                     replications: n, seed: seed, jobs: jobs)
                }
                for r in record.rows where months.contains(r.month) && kpis.contains(r.kpi) && r.low.isFinite && r.high.isFinite {
                    let indicator = Indicator.all.first { $0.kpi == r.kpi }!
                    targets.append(.init(month: r.month, indicator: indicator, observed: r.effect, level: r.observed,
                                         observationVariance: pow((r.high - r.low) / 3.92, 2)))
                }
            } else {
                for m in months {
                    for kpi in kpis {
                        guard let indicator = Indicator.available.first(where: { $0.kpi == kpi }), let v = indicator.observed(in: rows[m]!) else { continue }
                        targets.append(.init(month: m, indicator: indicator, observed: v, level: v, observationVariance: nil))
                    }
                }
            }
            guard !targets.isEmpty else { throw ObservedError("\(observed.ambsys): none of \(kpis.joined(separator: ", ")) is published for \(observed.org) in \(observed.month): nothing to match") }
            let quiet = options.quiet
            outcome = try Reconcile.run(inputs: inputs, targets: targets, configurations: configurations, baselines: baselines, rows: rows,
                                        discrepancy: discrepancy, points: points, waves: waves, evaluate: { _, c throws(ObservedError) in
                do { return try Experiment(configuration: c, masterSeed: seed, replications: 0..<n).run(jobs: jobs) } catch {
                    throw ObservedError("\(error)")
                }
            }, progress: { wave, i in if !quiet { printError("wave \(wave), point \(i + 1) of \(points)") } })
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        printOut("\(base.name) against AmbSYS \(observed.org) (\(observed.ambsys)), \(months.map(\.description).joined(separator: ", ")): \(targets.count) targets (\(effects ? "the record's effects" : "published levels")), \(points) points x \(outcome.waves) wave\(outcome.waves == 1 ? "" : "s"), \(n) replications each, discrepancy \(Number.text(discrepancy * 100))% of the observed level, cut at implausibility 3")
        for w in 1...outcome.waves {
            let wave = outcome.points.filter { $0.wave == w }
            printOut("wave \(w): \(wave.filter(\.kept).count) of \(wave.count) points kept")
        }
        for (j, input) in inputs.enumerated() {
            let kept = outcome.ranges.map { "\(Number.text($0[j].lowerBound)) to \(Number.text($0[j].upperBound))" } ?? "none"
            printOut("  \(input.name): prior \(Number.text(input.prior.lowerBound)) to \(Number.text(input.prior.upperBound)); the record allows \(kept)")
        }
        var files: [(name: String, text: String)] = [("ranges.csv", Reconcile.rangesCSV(outcome)), ("points.csv", Reconcile.pointsCSV(outcome)),
                                                     ("implausibility.csv", Reconcile.implausibilityCSV(outcome))]
        if outcome.ranges != nil {
            do { files.append(("reconciled.yaml", try Reconcile.scenarioText(outcome, scenario: base, extendsPath: relativePath(from: folder, to: scenario)))) } catch {
                printError(error.message)
                throw Exit.internalError
            }
        } else {
            printOut("every point is ruled out: the model cannot meet the record within the stated discrepancy anywhere in the inputs' ranges (a structural fault, or a discrepancy set too small)")
        }
        files.append(("manifest.yaml", Manifest.text(kind: "reconcile", [
            ("ambsim_version", .text(Ambsim.version)), ("command", .text(commandLineText())), ("scenario", .text(base.path)),
            ("ambsys_file", .text(observed.ambsys)), ("org", .text(observed.org)), ("months", .list(months.map { .text($0.description) })),
            ("targets", .text(effects ? "effects" : "levels")), ("discrepancy", .text(Number.text(discrepancy))),
            ("points_per_wave", .number(points)), ("waves", .number(outcome.waves)), ("replications", .number(n)), ("master_seed", .number(seed)),
        ])))
        try writeRunFolder(files, to: folder)
        if outcome.ranges != nil {
            // The reconciled file must load as a scenario, its inputs with the kept ranges.
            do { _ = try Scenario.load(path: folder + "/reconciled.yaml") } catch {
                printError("\(folder)/reconciled.yaml does not load (an ambsim fault): \(error.description)")
                throw Exit.internalError
            }
        }
        if !options.quiet { printError("wrote \(folder)/") }
        if outcome.ranges == nil { throw Exit.checkFailed }
    }

    func scopeOptions(_ base: Scenario) throws(ObservedError) -> Evidence.Options {
        do { return try scope.options(org: observed.org, defaultEvent: EffectCheck.firstDisruption(of: base)) } catch {
            throw ObservedError("\(error)")
        }
    }
}
