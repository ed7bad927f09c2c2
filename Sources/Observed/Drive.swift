import AmbulanceService
import CGSL
import Foundation
import MonteCarlo
import Reports
import Scenario
import Statistics

/// What the published record drives in a backtest month (`--drive demand,handover`):
/// everything not driven is a prediction.
///
/// - **demand**: the month's incidents (A7) set the level of generated demand
///   (`demand.scale`, from the scenario's expected calls in the month), and its C1 and C2
///   and C3 incidents responded (A8, A10, A11) the category shares, at the responded
///   fractions of a pilot run (`respondedMix`; `demandMix` in closed form when A11 is not
///   published); C4 takes the rest.
/// - **handover**: the service-wide hospital pressure (`hospital_pressure_scale`) is solved
///   so that the model's arrival-to-handover mean meets the month's published mean (A142),
///   a one-dimensional root find (GSL's Brent solver on the log of the factor) with common
///   random numbers; it stops within 1% of the target, or when the bracket is below 0.05%
///   of the factor (the mean can jump there near saturation; the month's note says so).
///   The target is the user's value for the month when given (`--handover-minutes`), else
///   the month's own A142, else the same calendar month of the nearest year that has one
///   (for months before October 2023), and the month's notes say which.
public struct Drive: Sendable, Equatable, CustomStringConvertible {
    public var demand = false
    public var handover = false

    public init(demand: Bool = false, handover: Bool = false) {
        self.demand = demand
        self.handover = handover
    }

    /// `demand`, `handover`, `demand,handover` (either order), or nil.
    public init?(_ text: String) {
        for word in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch word {
            case "demand" where !demand: demand = true
            case "handover" where !handover: handover = true
            default: return nil
            }
        }
    }

    public var isEmpty: Bool { !demand && !handover }
    public var description: String { [demand ? "demand" : nil, handover ? "handover" : nil].compactMap { $0 }.joined(separator: ",") }

    /// The KPIs a driven month does not predict (they were set from the record).
    public var drivenKPIs: Set<String> {
        var out = Set<String>()
        if demand { out.formUnion(["calls_count", "c1_responded_share", "c2_responded_share", "c3_responded_share"]) }
        if handover { out.insert("handover_mean_min") }
        return out
    }
}

/// The handover target of a month and where it came from.
public struct HandoverTarget: Sendable, Equatable {
    public var minutes: Double
    public var source: String
}

/// The pressure that met a month's handover target.
public struct SolvedPressure: Sendable {
    /// The factor on the scenario's own `hospital_pressure_scale`.
    public var factor: Double
    public var target: Double
    /// The model's handover mean at `factor`.
    public var achieved: Double
    public var evaluations: Int
    public var result: ExperimentResult
    /// Whether it met the target within 1%.
    public var met: Bool
    /// When not met: whether the target lay outside what the pressure can reach (else the
    /// model's mean jumps across it, too steep or noisy at these replications).
    public var outOfReach = false
}

extension Backtest {
    static let pressureBounds = (low: 0.05, high: 20.0)

    /// The handover target for `month`: the user's, else the month's A142, else the same
    /// calendar month of the nearest year that has it (the later year on a tie).
    public static func handoverTarget(file: AmbSYSFile, org: String, month: YearMonth, row: AmbSYSRow,
                                      user: [YearMonth: Double]) throws(ObservedError) -> HandoverTarget {
        if let minutes = user[month] { return HandoverTarget(minutes: minutes, source: "given by --handover-minutes") }
        if let seconds = row.value("A142") { return HandoverTarget(minutes: seconds / 60, source: "A142 \(org) \(month)") }
        for distance in 1...10 {
            for other in [month.adding(years: distance), month.adding(years: -distance)].compactMap({ $0 }) {
                if let r = file.rows.first(where: { $0.org == org && $0.month == other }), let seconds = r.value("A142") {
                    return HandoverTarget(minutes: seconds / 60, source: "A142 \(org) \(other), the same calendar month of the nearest year that has it (none published for \(month))")
                }
            }
        }
        throw ObservedError("--drive handover: \(file.path) has no A142 (arrival-to-handover mean) for \(org) in \(month) or in the same month of any year within ten; give one with --handover-minutes \(month)=MINUTES")
    }

    /// The `--set` setting that drives a month's level of demand from its incidents (A7).
    static func demandLevel(scenario: Scenario, row: AmbSYSRow) throws(ObservedError) -> (settings: [String], notes: [String]) {
        let c = scenario.configuration
        guard let incidents = row.value("A7") else {
            throw ObservedError("--drive demand: no A7 (incidents) for \(row.org) in \(row.month)")
        }
        let expected = c.expectedCalls(from: c.warmUpMinutes, to: c.countEndMinutes)
        guard expected > 0 else { throw ObservedError("--drive demand: the scenario expects no calls in \(row.month)") }
        let level = c.demand.scale * incidents / expected
        return (["demand.scale=\(level)"], ["demand: incidents \(Number.fixed(incidents, places: 0)) (A7), demand.scale \(Number.fixed(level, places: 4))"])
    }

    /// The `--set` settings that drive a month's category mix from the record, in closed
    /// form: C1 and C2 incidents are responded unless closed at call connect (the model's
    /// clinical review closes C3 and C4 only, and few C1/C2 callers abandon [E]), so the
    /// C1 and C2 shares of incidents are A8/A7 and A10/A7 over one minus each category's
    /// hear-and-treat at connect; C3 and C4 share the rest in the scenario's proportion.
    static func demandMix(scenario: Scenario, row: AmbSYSRow) -> (settings: [String], notes: [String]) {
        guard let a7 = row.value("A7"), a7 > 0, let a8 = row.value("A8"), let a10 = row.value("A10") else {
            return ([], ["category mix not driven: A7, A8 or A10 not published"])
        }
        let c = scenario.configuration.categories
        let c1 = a8 / a7 / max(1e-9, 1 - c[0].dispositions.hearAndTreat)
        let c2 = a10 / a7 / max(1e-9, 1 - c[1].dispositions.hearAndTreat)
        let rest = 1 - c1 - c2
        let old34 = c[2].share + c[3].share
        guard rest > 0, old34 > 0 else { return ([], ["category mix not driven: C1 and C2 would take every incident"]) }
        let shares = [c1, c2, rest * c[2].share / old34, rest * c[3].share / old34]
        return (mixSettings(shares, scenario: scenario),
                ["category shares \(shares.map { Number.fixed($0, places: 3) }.joined(separator: "/")) (C1 = A8/A7, C2 = A10/A7 over responded-at-connect; C3:C4 as the scenario)"])
    }

    /// The settings that put the month's calls in `shares`: the categories' own shares, and
    /// a scenario's dated mix (`category_mix`) set aside, since its steps would replace them.
    static func mixSettings(_ shares: [Double], scenario: Scenario) -> [String] {
        (scenario.configuration.categoryMix.steps.isEmpty ? [] : ["category_mix=[]"])
            + shares.enumerated().map { "categories.c\($0.offset + 1).share=\($0.element)" }
    }

    /// The category mix driven by responded incidents: C1, C2 and C3 shares of calls such that
    /// the incidents the model responds to in each category are the month's A8, A10 and A11,
    /// and C4 takes the rest (hear-and-treat at call connect sits there in the shipped
    /// scenarios). The model's responded fraction of each category (what review closure and
    /// abandonment leave) depends on the service and its load, so it is measured, not assumed:
    /// a pilot run of the month with the closed-form mix (`demandMix`, common random numbers,
    /// two replications, at the month's solved hospital pressure when handover is driven) gives
    /// f_c = responded / calls, and the share is (A_c / A7) / f_c. A month whose hear-and-treat
    /// grows (A17) then sends fewer vehicles to C3, as the record says it did, where the
    /// closed form kept C3 and C4 in the scenario's ratio. Left out, and shown by
    /// `c3_responded_share` (a few points low for South Western): C3 calls a review upgrades
    /// are answered as C2 (AmbSYS counts them so too), so part of the C2 responses measured
    /// come from C3 calls. When A11 is not published, or the pilot measures no C1-C3 calls,
    /// or C1-C3 would take every call, the closed form (`closedForm`) stands.
    static func respondedMix(pilot: ExperimentResult, row: AmbSYSRow, scenario: Scenario,
                             closedForm: (settings: [String], notes: [String])) -> (settings: [String], notes: [String]) {
        guard let a7 = row.value("A7"), a7 > 0, let a8 = row.value("A8"), let a10 = row.value("A10"), let a11 = row.value("A11") else { return closedForm }
        var responded: [Double] = []
        for c in 1...3 {
            let calls = pilot.outcomes.reduce(0) { $0 + $1[kpi: "c\(c)_count"] }
            let answered = pilot.outcomes.reduce(0) { $0 + $1[kpi: "c\(c)_responded_count"] }
            guard calls > 0, answered > 0 else { return closedForm }
            responded.append(answered / calls)
        }
        let s1 = a8 / a7 / responded[0], s2 = a10 / a7 / responded[1], s3 = a11 / a7 / responded[2]
        let s4 = 1 - s1 - s2 - s3
        guard s4 >= 0 else {
            return (closedForm.settings, closedForm.notes + ["category mix by responded incidents not possible (C1-C3 would take \(Number.fixed(100 * (1 - s4), places: 1))% of calls): closed form kept"])
        }
        let shares = [s1, s2, s3, s4]
        return (mixSettings(shares, scenario: scenario),
                ["category shares \(shares.map { Number.fixed($0, places: 3) }.joined(separator: "/")) (C1-C3 responded = A8, A10, A11, at responded fractions \(responded.map { Number.fixed($0, places: 3) }.joined(separator: "/")) measured in a pilot run; C4 the rest)"])
    }

    /// Solves the service-wide pressure that meets `target` (see `Drive`): the factor on the
    /// scenario's own `hospital_pressure_scale` of `path` with `overrides`.
    static func solvePressure(path: String, overrides: [String], baseScale: Double, target: Double, replications: Int, seed: UInt64,
                              jobs: Int, near: Double? = nil) throws(ObservedError) -> SolvedPressure {
        try solvePressure(target: target, replications: replications, seed: seed, jobs: jobs, near: near) { factor throws(ObservedError) in
            try load(path: path, overrides: overrides + ["hospital_pressure_scale=\(baseScale * factor)"])
        }
    }

    /// Solves the factor at which the model's handover mean meets `target` (the scenario at a
    /// factor is `scenario(factor)`; more factor, more pressure): a bracket, then GSL's Brent
    /// solver on its log, common random numbers (`seed`), within 1% of the target.
    /// `near`: a factor already solved for a close set-up (the month's pilot run), which
    /// starts the bracket at a quarter either side of it instead of [0.25, 4].
    public static func solvePressure(target: Double, replications: Int, seed: UInt64, jobs: Int, near: Double? = nil,
                                     scenario: @escaping (Double) throws(ObservedError) -> Scenario) throws(ObservedError) -> SolvedPressure {
        var cache: [(factor: Double, mean: Double, result: ExperimentResult)] = []
        var failure: ObservedError? = nil
        func evaluate(_ factor: Double) -> Double {
            if let hit = cache.first(where: { $0.factor == factor }) { return hit.mean - target }
            do {
                let s = try scenario(factor)
                let r = try experiment(s, replications: replications, seed: seed, jobs: jobs)
                let mean = Summary(r.outcomes.map { $0[kpi: "handover_mean_min"] }.filter(\.isFinite))?.mean ?? .nan
                cache.append((factor, mean, r))
                return mean - target
            } catch {
                failure = error
                return .nan
            }
        }
        func best() throws(ObservedError) -> SolvedPressure {
            if let failure { throw failure }
            let b = cache.min { abs($0.mean - target) < abs($1.mean - target) }!
            return SolvedPressure(factor: b.factor, target: target, achieved: b.mean, evaluations: cache.count, result: b.result,
                                  met: abs(b.mean - target) <= 0.01 * target)
        }
        // A bracket: from [0.25, 4] (or around `near`) outwards to the bounds, in the log of the factor.
        var low = near.map { max(pressureBounds.low, $0 / 1.25) } ?? 0.25, high = near.map { min(pressureBounds.high, $0 * 1.25) } ?? 4.0
        var gLow = evaluate(low), gHigh = evaluate(high)
        while gLow > 0 && low > pressureBounds.low && failure == nil { low = max(pressureBounds.low, low / 4); gLow = evaluate(low) }
        while gHigh < 0 && high < pressureBounds.high && failure == nil { high = min(pressureBounds.high, high * 2.5); gHigh = evaluate(high) }
        guard failure == nil, gLow.isFinite, gHigh.isFinite, gLow <= 0, gHigh >= 0 else {
            var b = try best()
            b.outOfReach = true
            return b
        }
        if gLow == 0 || gHigh == 0 { return try best() }
        // GSL's Brent solver on u = ln(factor); `evaluate` caches, so the ends are not run again.
        _ = brentRoot(in: log(low), log(high), tolerance: 0, absolute: 0.0005, maximumIterations: 40, stop: { u in
            failure != nil || cache.contains { abs(log($0.factor) - u) < 1e-12 && abs($0.mean - target) <= 0.01 * target }
        }) { u in evaluate(exp(u)) }
        return try best()
    }

    public static func load(path: String, overrides: [String]) throws(ObservedError) -> Scenario {
        do { return try Scenario.load(path: path, overrides: overrides, carryingEarlierDisruptions: true) } catch {
            throw ObservedError("the scenario set up for the month (\(overrides.map { "--set " + $0 }.joined(separator: " "))) is invalid:\n\(error.description)")
        }
    }

    public static func experiment(_ s: Scenario, replications: Int, seed: UInt64, jobs: Int) throws(ObservedError) -> ExperimentResult {
        do { try s.checkWorkload(replications: replications) } catch { throw ObservedError(error.description) }
        do { return try Experiment(configuration: s.configuration, masterSeed: seed, replications: 0..<replications).run(jobs: jobs) } catch {
            throw ObservedError(error.description)
        }
    }
}
