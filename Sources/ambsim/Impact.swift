import ArgumentParser
import MonteCarlo
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
            try writeRunFolder([RunFiles.replicationsFile(result), ResultFile("summary.csv", text: RunFiles.summary(result)),
                                RunFiles.timeseriesFile(result, start: s.configuration.start),
                                ResultFile("standards.csv", text: Standards.csv(result))] + RunFiles.breakdownFiles(result, start: s.configuration.start) + [
                                ResultFile("breakdown_replications.csv", text: RunFiles.breakdownReplications(result)),
                                ResultFile("manifest.yaml", text: manifest(scenario: s, seed: seed, replications: 0..<n, total: n, shard: nil,
                                                                           wall: monotonicSeconds() - started))], to: "Results/\(s.name)")
            results.append(result)
        }
        let comparison = Comparison(a: results[0], b: results[1], sameSeed: true)
        let path = "Results/\(outage.name)/comparison.csv"
        do { try ResultFolder.writeFile(comparison.csv, to: path, ownLine: Comparison.header.joined(separator: ",")) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        try writeBeside(path, PlaceComparison.paired(results[0], results[1], start: baseline.configuration.start))
        print("Impact of \(outage.name) (B) against \(baseline.name) (A), \(n) paired replications, seed \(seed):")
        print(comparison.table(labelA: "baseline", labelB: "outage"))
        print("")
        print(Standards.block(results[0], label: "baseline"))
        print(Standards.block(results[1], label: "outage"))
        print("Files: Results/\(baseline.name)/, Results/\(outage.name)/, \(path) and, per hospital, zone and day, comparison_hospitals.csv, comparison_zones.csv and comparison_daily.csv beside it")
    }
}
