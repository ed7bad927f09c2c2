#if canImport(Glibc)
import Glibc
#endif
import AmbulanceService
import MonteCarlo
import Scenario

/// peer-amb: the peer benchmark model (`Scenarios/peer-amb.yaml`, one year, ~525,000 calls),
/// one replication on one thread, the simulation alone (no files). Run from the repository
/// root. Calls per second go to stderr; `ambsim run` of the same file, as a whole process,
/// is what ../shared/bench/peer-ratio.sh compares with a minimal hand-written loop.
func peerAmb() -> Row {
    let path = "Scenarios/peer-amb.yaml"
    let scenario: Scenario
    do { scenario = try Scenario.load(path: path) } catch {
        FileHandleLike.standardError("peer-amb: \(error.description) (run ambsim-bench from the repository root)\n")
        exit(2)
    }
    let experiment = Experiment(configuration: scenario.configuration, masterSeed: scenario.seed, replications: 0..<1)
    let start = monotonicSeconds()
    // The shipped scenario is valid (it is checked when loaded).
    let result = try! experiment.run(jobs: 1)
    let wall = monotonicSeconds() - start
    let calls = result.outcomes[0][kpi: "calls_count"]
    return Row(workload: "peer-amb", replications: 1, events: result.outcomes[0].events, wallSeconds: wall,
               note: "calls=\(Int(calls)) calls_per_s=\(format(calls / wall, 0))")
}
