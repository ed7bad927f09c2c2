import AmbulanceService
import ArgumentParser
import MonteCarlo
import Observed
import Reports
import Scenario

/// The default command: an outage scenario against its baseline, with common random numbers.
struct Impact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an outage scenario against its baseline and print the impact (the default command).",
        discussion: """
            Runs the scenario and the one named by its baseline: key with the same seeds, writes both \
            run folders and comparison.csv (baseline = A, outage = B) to Results/, and prints the impact table.
            """)

    @Argument(help: "The outage scenario (default: the shipped South Western outage).")
    var scenario = "Scenarios/swasft-ortivus-outage-2023.yaml"

    @OptionGroup var options: RunOptions

    @Option(help: "NHS England AmbSYS CSV file: also set the model's effect, month by month, beside the record's (ambsim evidence).")
    var ambsys: String?

    @Option(help: "With --ambsys: the organisation the scenario stands for (RYF, RYE, ...).")
    var org: String?

    @OptionGroup(title: "With --ambsys: the record's side") var scope: EvidenceScope

    func validate() throws {
        if (ambsys == nil) != (org == nil) { throw ValidationError("--ambsys and --org go together: the record's file and the trust in it") }
    }

    func run() throws {
        let outage = try loadScenario(scenario, overrides: options.overrides, replications: options.replications)
        guard let baselinePath = outage.baseline else {
            printError("\(scenario): has no baseline: key naming the scenario to compare with; use ambsim compare A B")
            throw Exit.badInput
        }
        let baseline = try loadScenario(baselinePath, overrides: options.overrides, replications: options.replications)
        let seed = options.seed ?? outage.seed
        let n = options.replications ?? outage.replications
        var results: [ExperimentResult] = []
        for s in [baseline, outage] { try checkResultTarget("Results/\(s.name)") }
        for s in [baseline, outage] {
            let experiment = Experiment(configuration: s.configuration, masterSeed: seed, replications: 0..<n)
            let started = monotonicSeconds()
            let result = try runExperiment(experiment, label: s.name, options: options, keepBreakdowns: true)
            let warnings = Saturation.warnings(result, label: s.name)
            try writeRunFolder([RunFiles.replicationsFile(result), ResultFile("summary.csv", text: RunFiles.summary(result)),
                                RunFiles.timeseriesFile(result, start: s.configuration.start),
                                ResultFile("standards.csv", text: Standards.csv(result))] + RunFiles.breakdownFiles(result, start: s.configuration.start) + [
                                ResultFile("breakdown_replications.csv", text: RunFiles.breakdownReplications(result)),
                                ResultFile("manifest.yaml", text: manifest(scenario: s, seed: seed, replications: 0..<n, total: n, shard: nil,
                                                                           wall: monotonicSeconds() - started, warnings: warnings))], to: "Results/\(s.name)")
            for w in warnings { printError("warning: \(w)") }
            results.append(result)
        }
        let comparison = Comparison(a: results[0], b: results[1], sameSeed: true)
        let path = "Results/\(outage.name)/comparison.csv"
        do { try ResultFolder.writeFile(comparison.csv, to: path, ownLine: Comparison.header.joined(separator: ",")) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        try writeBeside(path, PlaceComparison.paired(results[0], results[1], start: baseline.configuration.start))
        // The disruption's own window first (the whole run dilutes it with the days before),
        // the same runs counted from the disruption's start, common random numbers kept.
        if let (inWindow, text) = try windowComparison(baseline.configuration, outage.configuration, names: (baseline.name, outage.name),
                                                       seed: seed, replications: n, options: options) {
            let windowPath = "Results/\(outage.name)/comparison_window.csv"
            try writeComparison(inWindow, to: windowPath)
            print("Impact of \(outage.name) (B) against \(baseline.name) (A) in the disruption's window, \(n) paired replications, seed \(seed), \(text) (\(windowPath)):")
            print(inWindow.table(labelA: "baseline", labelB: "outage"))
            print("")
            print("Over the whole run beside it:")
        }
        print("Impact of \(outage.name) (B) against \(baseline.name) (A), \(n) paired replications, seed \(seed), " + countedPeriod(outage.configuration) + ":")
        print(comparison.table(labelA: "baseline", labelB: "outage"))
        print("")
        print(Standards.block(results[0], label: "baseline"))
        print(Standards.block(results[1], label: "outage"))
        print("Files: Results/\(baseline.name)/, Results/\(outage.name)/, \(path) and, per hospital, zone and day, comparison_hospitals.csv, comparison_zones.csv and comparison_daily.csv beside it")
        if let ambsys, let org { try recordBeside(outage: outage, baseline: baselinePath, ambsys: ambsys, org: org, seed: seed, replications: n, beside: path) }
    }

    /// The model's effect per calendar month from the event to the run's end (the scenario
    /// and its baseline run over each whole month, as `backtest` runs them: the record is
    /// monthly), beside the record's; effects.csv next to comparison.csv.
    func recordBeside(outage: Scenario, baseline: String, ambsys: String, org: String, seed: UInt64, replications: Int, beside path: String) throws {
        let c = outage.configuration
        let end = c.start.adding(minutes: Int(c.countEndMinutes.rounded(.up)) - 1)
        let scopeOptions = try scope.options(org: org, defaultEvent: EffectCheck.firstDisruption(of: outage))
        var months: [YearMonth] = [scopeOptions.event]
        while let m = months.last?.next, m <= YearMonth(year: end.date.year, month: end.date.month)! { months.append(m) }
        let outcome: EffectCheck.Outcome
        do throws(ObservedError) {
            let file = try AmbSYSFile.read(path: ambsys)
            // The months the record has for the trust (a file ends where it ends).
            let published = Set(file.rows.filter { $0.org == org }.map(\.month))
            months = months.filter(published.contains)
            guard !months.isEmpty else {
                throw ObservedError("\(ambsys): no month of \(org) from the event (\(scopeOptions.event)) to the run's end (\(end.date)): nothing to set beside the model")
            }
            let runs = try Observed.Backtest.run(path: scenario, overrides: options.overrides, file: file, org: org, months: months,
                                                 replications: replications, seed: seed, jobs: options.threadCount, tolerances: [:])
            let record = try EffectCheck.record(file: file, scope: scopeOptions, until: months.last!)
            outcome = try EffectCheck.run(runs: runs, baselinePath: baseline, overrides: options.overrides, seed: seed, jobs: options.threadCount,
                                          record: record, event: scopeOptions.event)
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        print("")
        printEffects(outcome, heading: "The model's effect per calendar month (each month run whole, B - A paired) beside the record's (synthetic control of \(org) from \(outcome.event), \(ambsys)):")
        try writeBeside(path, [("effects.csv", EffectCheck.csv(outcome.rows))])
    }
}
