import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios and test their expect: ranges.",
        discussion: "A range passes when the mean across replications lies inside it. Exit status 1 when any range fails.")

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @OptionGroup var options: RunOptions

    func run() throws {
        var failures = 0
        for file in files {
            let scenario = try loadScenario(file, overrides: options.overrides, replications: options.replications)
            let experiment = Experiment(configuration: scenario.configuration, masterSeed: options.seed ?? scenario.seed,
                                        replications: 0..<(options.replications ?? scenario.replications))
            let result = try runExperiment(experiment, label: scenario.name, options: options)
            let checks = RangeCheck.evaluate(scenario.expectations.map { ($0.kpi, $0.minimum, $0.maximum) }, against: result)
            print("\(file) (\(result.indices.count) replications)")
            for c in checks {
                if !c.passed { failures += 1 }
                print("  \(c.passed ? "pass" : "FAIL") \(c.kpi) = \(show(c.mean)) (95% CI \(show(c.low)) to \(show(c.high))), expected \(show(c.minimum)) to \(show(c.maximum))")
            }
        }
        print(failures == 0 ? "all ranges pass" : "\(failures) range(s) failed")
        if failures > 0 { throw Exit.checkFailed }
    }
}

func show(_ x: Double) -> String { Number.fixed(x, places: 3) }
