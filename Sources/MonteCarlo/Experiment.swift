import Synchronization
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
    /// thread) after each replication with the number done. Hourly series are folded into
    /// the result in replication order and dropped from the outcomes unless `keepHourly`
    /// (shards keep them for `merge`), so memory stays flat as replications grow.
    /// `continuing` appends to an earlier result of the replications just before these.
    /// `keepBreakdowns` keeps the replications' per-place tables (default: as `keepHourly`),
    /// for paired per-place comparisons.
    /// `deliver` sees each replication's outcome whole, in replication order, before its
    /// hourly series and breakdowns are dropped (to stream them to a file).
    public func run(jobs: Int, keepHourly: Bool = false, keepBreakdowns: Bool? = nil, continuing previous: ExperimentResult? = nil,
                    deliver: (@Sendable (Int, ReplicationOutcome) -> Void)? = nil,
                    progress: (@Sendable (Int) -> Void)? = nil) throws(ConfigurationError) -> ExperimentResult {
        let indices = Array(replications)
        let configuration = self.configuration
        let plan = seedPlan
        let done = Counter()
        let keepTables = keepBreakdowns ?? keepHourly
        let collected = Mutex((outcomes: previous?.outcomes ?? [], series: previous?.series ?? HourlySeries(),
                               breakdowns: previous?.breakdowns ?? BreakdownSeries(), failure: ConfigurationError?.none))
        runReplicationsInOrder(count: indices.count, jobs: jobs, { i -> Result<ReplicationOutcome, ConfigurationError> in
            let result = Result { () throws(ConfigurationError) -> ReplicationOutcome in
                try ServiceSimulation.run(configuration: configuration, seedPlan: plan, replication: indices[i])
            }
            progress?(done.increment())
            return result
        }, deliver: { i, result in
            collected.withLock { c in
                switch result {
                case .success(var o):
                    if c.failure == nil { deliver?(indices[i], o) }
                    c.series.add(o.hourly)
                    if let b = o.breakdowns { c.breakdowns.add(b) }
                    if !keepHourly { o.hourly = [] }
                    if !keepTables { o.breakdowns = nil }
                    c.outcomes.append(o)
                case .failure(let e):
                    if c.failure == nil { c.failure = e }
                }
            }
        })
        let (outcomes, series, breakdowns, failure) = collected.withLock { ($0.outcomes, $0.series, $0.breakdowns, $0.failure) }
        if let failure { throw failure }
        return ExperimentResult(indices: (previous?.indices ?? []) + indices, outcomes: outcomes, series: series, breakdowns: breakdowns)
    }
}

/// The outcomes of an experiment's replications, in replication order.
public struct ExperimentResult: Sendable {
    public var indices: [Int]
    /// One per replication; `hourly` is empty unless the run kept it.
    public var outcomes: [ReplicationOutcome]
    /// Hourly statistics across the replications, folded in replication order.
    public var series: HourlySeries
    /// Per-hospital, per-zone and per-day statistics, folded in replication order.
    public var breakdowns: BreakdownSeries

    public init(indices: [Int], outcomes: [ReplicationOutcome], series: HourlySeries, breakdowns: BreakdownSeries = BreakdownSeries()) {
        precondition(indices.count == outcomes.count, "one outcome per replication index")
        self.indices = indices
        self.outcomes = outcomes
        self.series = series
        self.breakdowns = breakdowns
    }

    /// A result whose hourly series and breakdowns are rebuilt from the outcomes' kept ones.
    public init(indices: [Int], outcomes: [ReplicationOutcome]) {
        var series = HourlySeries()
        var breakdowns = BreakdownSeries()
        for o in outcomes {
            series.add(o.hourly)
            if let b = o.breakdowns { breakdowns.add(b) }
        }
        self.init(indices: indices, outcomes: outcomes, series: series, breakdowns: breakdowns)
    }

    /// Results of several shards (any order, run with `keepHourly`) as one, in replication
    /// order, with the hourly series folded in that order: the same as one run.
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
public final class Counter: Sendable {
    private let value = Mutex(0)
    public init() {}
    public func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

