import AmbulanceService
import Stochastics

/// An outcome range a scenario expects: a KPI and its [min, max].
public struct Expectation: Sendable, Equatable {
    public var kpi: String
    public var minimum: Double
    public var maximum: Double
    public var location: SourceLocation

    public init(kpi: String, minimum: Double, maximum: Double, location: SourceLocation) {
        self.kpi = kpi
        self.minimum = minimum
        self.maximum = maximum
        self.location = location
    }
}

/// How `ambsim backtest` compares this scenario with published months.
public struct BacktestSettings: Sendable, Equatable {
    /// Simulated after the month so that its calls can finish; calls arriving in it are not
    /// counted. Default one day (assumption: published C3/C4 90th centiles are under 8 hours).
    public var runOutMinutes: Double
    /// Tolerance per KPI (own or derived): relative for times and counts, absolute for shares.
    public var tolerances: [String: Double]

    public static let defaultRunOutMinutes = 1440.0

    public init(runOutMinutes: Double = defaultRunOutMinutes, tolerances: [String: Double] = [:]) {
        self.runOutMinutes = runOutMinutes
        self.tolerances = tolerances
    }
}

/// A validated scenario: the model configuration plus how to run and check it.
public struct Scenario: Sendable {
    /// Short name (file name without `.yaml` unless `name:` says otherwise); names the
    /// default results folder.
    public var name: String
    public var description: String
    public var path: String
    public var configuration: ServiceConfiguration
    public var replications: Int
    public var seed: UInt64
    /// Refuse to run when replications x expected calls exceed this.
    public var maximumExpectedCalls: Double
    public var expectations: [Expectation]
    public var backtest = BacktestSettings()
    /// The scenario this one is compared against by default (path resolved against this file).
    public var baseline: String?
    /// The fully resolved document (after `extends:` and `--set`).
    public var document: ScenarioNode

    /// Default replications and limits.
    public static let defaultReplications = 20
    public static let defaultMaximumExpectedCalls = 500_000_000.0

    /// Reads, merges and validates `path`; every issue in the file is reported at once.
    /// With `carryingEarlierDisruptions` (a backtest of a window later than the scenario's
    /// start), record-mode changes before the start are carried in and periods over by then
    /// dropped (`ServiceConfiguration.carriesEarlierDisruptions`).
    public static func load(path: String, overrides: [String] = [], loader: ScenarioLoader = ScenarioLoader(),
                            carryingEarlierDisruptions: Bool = false) throws(ScenarioErrors) -> Scenario {
        let document = try loader.load(path: path, overrides: overrides)
        return try build(document: document, path: path, carryingEarlierDisruptions: carryingEarlierDisruptions)
    }

    /// Validates a resolved document.
    public static func build(document: ScenarioNode, path: String, carryingEarlierDisruptions: Bool = false) throws(ScenarioErrors) -> Scenario {
        var builder = ScenarioBuilder(path: path)
        builder.carriesEarlierDisruptions = carryingEarlierDisruptions
        guard let scenario = builder.build(document), builder.reader.issues.isEmpty else {
            let sorted = builder.reader.issues.enumerated().sorted { a, b in
                let (x, y) = (a.element.location, b.element.location)
                if x.file != y.file { return a.offset < b.offset }
                return (x.line, x.column, a.offset) < (y.line, y.column, b.offset)
            }.map(\.element)
            throw ScenarioErrors(sorted)
        }
        return scenario
    }

    /// Why `name` cannot name a results folder, or nil. A name is a label, never a path: one
    /// path component, no separators, no `..`, no leading dot, no control characters.
    public static let maximumNameLength = 100

    public static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || " -_.()+".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= maximumNameLength, allowed, !name.hasPrefix("."), !name.hasPrefix(" ") else {
            return "must be a label of up to 100 letters, digits, spaces and - _ . ( ) +, not starting with a dot or space: it names the results folder, never a path (got \(name.debugDescription))"
        }
        return nil
    }

    /// Replications x expected calls per replication.
    public var expectedWork: Double { Double(replications) * configuration.expectedCalls() }

    /// Refuses absurd work with the estimate.
    public func checkWorkload(replications n: Int? = nil) throws(ScenarioErrors) {
        let reps = Double(n ?? replications)
        let calls = configuration.expectedCalls()
        if reps * calls > maximumExpectedCalls {
            throw ScenarioErrors([ScenarioIssue(document.location, "max_expected_calls",
                "refused: \(Int(reps)) replications x \(Int(calls.rounded())) expected calls = \(Int((reps * calls).rounded())) calls, above the limit of \(Int(maximumExpectedCalls)); shorten the horizon, run fewer replications, or raise max_expected_calls")])
        }
    }
}
