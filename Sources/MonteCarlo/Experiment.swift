import AmbulanceService
import Statistics
import Stochastics

/// A Monte Carlo experiment: a configuration run over replications with one seed plan.
/// Replication i always uses the streams of index i, so results do not depend on how many
/// threads run them, nor on which machine (shards) runs which.
public struct Experiment: Sendable {
    public var configuration: ServiceConfiguration
    public var seedPlan: SeedPlan
    /// The replication indices to run (a shard runs a sub-range).
    public var replications: Range<Int>

    public init(configuration: ServiceConfiguration, masterSeed: UInt64, replications: Range<Int>) {
        self.configuration = configuration
        self.seedPlan = SeedPlan(masterSeed: masterSeed)
        self.replications = replications
    }

    /// The replications of shard `k` of `n` (1-based k): a contiguous block, sizes
    /// differing by at most one.
    public static func shard(_ k: Int, of n: Int, replications: Int) -> Range<Int> {
        precondition(n >= 1 && k >= 1 && k <= n, "shard must be K/N with 1 <= K <= N (got \(k)/\(n))")
        let lower = replications * (k - 1) / n
        let upper = replications * k / n
        return lower..<upper
    }

    /// Runs the replications on up to `jobs` threads. `progress` is called (from any
    /// thread) after each replication with the number done.
    public func run(jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(ConfigurationError) -> ExperimentResult {
        let indices = Array(replications)
        let configuration = self.configuration
        let plan = seedPlan
        let done = Counter()
        let outcomes = runReplications(count: indices.count, jobs: jobs) { i -> Result<ReplicationOutcome, ConfigurationError> in
            let result = Result { () throws(ConfigurationError) -> ReplicationOutcome in
                try ServiceSimulation.run(configuration: configuration, seedPlan: plan, replication: indices[i])
            }
            progress?(done.increment())
            return result
        }
        var collected: [ReplicationOutcome] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let o): collected.append(o)
            case .failure(let e): throw e
            }
        }
        return ExperimentResult(indices: indices, outcomes: collected)
    }
}

/// The outcomes of an experiment's replications, in replication order.
public struct ExperimentResult: Sendable {
    public var indices: [Int]
    public var outcomes: [ReplicationOutcome]

    public init(indices: [Int], outcomes: [ReplicationOutcome]) {
        precondition(indices.count == outcomes.count, "one outcome per replication index")
        self.indices = indices
        self.outcomes = outcomes
    }

    /// Results of several shards (any order) as one, in replication order. Duplicate
    /// replication indices are a programmer error checked by the caller.
    public static func merging(_ parts: [ExperimentResult]) -> ExperimentResult {
        let pairs = parts.flatMap { zip($0.indices, $0.outcomes) }.sorted { $0.0 < $1.0 }
        return ExperimentResult(indices: pairs.map(\.0), outcomes: pairs.map(\.1))
    }

    /// The values of one KPI across replications (NaN where undefined).
    public func values(of kpi: Int) -> [Double] { outcomes.map { $0.values[kpi] } }

    /// Summary of each KPI over the replications where it is defined.
    public func summaries() -> [Summary?] {
        ReplicationOutcome.kpiNames.indices.map { k in Summary(values(of: k).filter(\.isFinite)) }
    }

    /// 95% half-width of a KPI's mean, or infinity with fewer than 2 defined values.
    public func halfWidth(of kpi: Int) -> Double {
        guard let s = Summary(values(of: kpi).filter(\.isFinite)), s.count > 1 else { return .infinity }
        return s.confidenceHalfWidth()
    }
}

/// A counter shared by worker threads.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

import Synchronization
