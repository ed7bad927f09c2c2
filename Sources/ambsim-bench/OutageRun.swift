import AmbulanceService
import MonteCarlo
import Scenario

/// outage-run: the shipped South Western outage scenario, `replications` replications, at
/// one thread and at two. Run from the repository root. The speed-up is printed on stderr.
func outageRun(replications: Int) -> [Row] {
    let path = "Scenarios/swasft-ortivus-outage-2023.yaml"
    let scenario: Scenario
    do { scenario = try Scenario.load(path: path) } catch {
        FileHandleLike.standardError("outage-run: \(error.description) (run ambsim-bench from the repository root)\n")
        exit(2)
    }
    var rows: [Row] = []
    var walls: [Double] = []
    for jobs in [1, 2] {
        let experiment = Experiment(configuration: scenario.configuration, masterSeed: scenario.seed, replications: 0..<replications)
        let start = monotonicSeconds()
        // The shipped scenario is valid and its uncertain ranges are checked when loaded.
        let result = try! experiment.run(jobs: jobs)
        let wall = monotonicSeconds() - start
        walls.append(wall)
        let events = result.outcomes.reduce(0) { $0 + $1.events }
        rows.append(Row(workload: "outage-run-jobs\(jobs)", replications: replications, events: events, wallSeconds: wall,
                        note: jobs == 2 ? "speed-up at 2 jobs: \(format(walls[0] / walls[1], 2))" : ""))
    }
    return rows
}

#if canImport(Glibc)
import Glibc
#endif
