import CGSL
import Foundation
import MonteCarlo
import Scenario

/// A parameter to fit: a key `--set` accepts, searched within [low, high].
public struct FitParameter: Sendable, Equatable {
    public var key: String
    public var low: Double
    public var high: Double

    public init(key: String, low: Double, high: Double) {
        self.key = key
        self.low = low
        self.high = high
    }

    /// `KEY=LOW..HIGH`, or nil.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<eq])
        let range = text[text.index(after: eq)...]
        guard !key.isEmpty, let dots = range.firstRange(of: ".."),
              let lo = Double(range[..<dots.lowerBound]), let hi = Double(range[dots.upperBound...]),
              lo.isFinite, hi.isFinite, lo < hi else { return nil }
        self.init(key: key, low: lo, high: hi)
    }

    /// Whether the key takes whole numbers only (a roster's vehicles, a count): found by
    /// `Calibration.preflight`, and then every candidate is rounded to a whole number.
    public var wholeNumber = false

    /// The `--set` text for a value.
    func setting(_ value: Double) -> String { wholeNumber ? "\(key)=\(Int(value.rounded()))" : "\(key)=\(value)" }
}

/// One candidate the search evaluated.
public struct CalibrationEvaluation: Sendable {
    public var index: Int
    public var values: [Double]
    /// Mean over months and targets of (error / tolerance)^2: below 1 when every target is
    /// within tolerance on average.
    public var objective: Double
    public var rows: [BacktestRow]
}

/// Fits named parameters of a scenario to published months: GSL's Nelder-Mead simplex
/// (`nmsimplex2`) over the parameters mapped onto their ranges, with common random numbers
/// (the same seed and replications for every candidate, so that two candidates differ by
/// the parameters and not by the noise).
///
/// Objective: the mean over months and target KPIs of (error / tolerance)^2, where the
/// error is relative for times and counts and absolute for shares, so that "within
/// tolerance" weighs the same on every target.
///
/// Stopping rule: the simplex is smaller than `sizeTolerance` (in the search's internal
/// coordinates, where a parameter's whole range spans pi: 0.002 is about 0.06% of the
/// range at its middle), or the budget of replications is spent (each candidate costs
/// replications x months), or 500 iterations. A simplex that stopped on its size is started
/// again, full size, from the best point, up to three times while a restart improves it.
public struct Calibration: Sendable {
    public var path: String
    public var overrides: [String]
    public var file: AmbSYSFile
    public var org: String
    public var months: [YearMonth]
    public var parameters: [FitParameter]
    /// KPIs (own or derived) to fit; each must be an available indicator.
    public var targets: [String]
    public var replications: Int
    public var seed: UInt64?
    public var jobs: Int
    public var budget: Int
    public var tolerances: [String: Double]
    public var sizeTolerance = 0.002
    /// Restarts of the simplex from the best point (see `search`).
    static let maximumRestarts = 3
    /// What the record drives in every month of every candidate (`--drive`); driven rows
    /// are targets met, not fitted, and leave the objective.
    public var drive = Drive()
    public var handoverMinutes: [YearMonth: Double] = [:]
    /// Where the search starts (default: the scenario's own value when it is a number in
    /// range, else the middle of the range).
    public var start: [Double]? = nil

    public init(path: String, overrides: [String], file: AmbSYSFile, org: String, months: [YearMonth], parameters: [FitParameter],
                targets: [String], replications: Int, seed: UInt64?, jobs: Int, budget: Int, tolerances: [String: Double]) {
        self.path = path
        self.overrides = overrides
        self.file = file
        self.org = org
        self.months = months
        self.parameters = parameters
        self.targets = targets
        self.replications = replications
        self.seed = seed
        self.jobs = jobs
        self.budget = budget
        self.tolerances = tolerances
    }

    /// Default targets: incidents, C1-C3 mean, C2 90th centile and the disposition shares
    /// (the recalibration issue's acceptance set).
    public static let defaultTargets = ["calls_count", "c1_response_mean_min", "c2_response_mean_min", "c2_response_p90_min",
                                        "c3_response_mean_min", "hear_and_treat_share", "see_and_treat_share", "conveyed_ed_share",
                                        "conveyed_elsewhere_share"]

    /// Most candidates the budget pays for.
    public var maximumEvaluations: Int { max(1, budget / max(1, replications * months.count)) }

    /// Evaluates one candidate: the backtest of every month with the parameters set.
    public func evaluate(_ values: [Double], index: Int) throws(ObservedError) -> CalibrationEvaluation {
        let settings = zip(parameters, values).map { $0.setting($1) }
        let runs = try Backtest.run(path: path, overrides: overrides + settings, file: file, org: org, months: months,
                                    replications: replications, seed: seed, jobs: jobs, tolerances: tolerances,
                                    drive: drive, handoverMinutes: handoverMinutes)
        let rows = runs.flatMap(\.rows)
        let targeted = rows.filter { targets.contains($0.kpi) && $0.driven.isEmpty }
        let objective = targeted.isEmpty ? .infinity : targeted.reduce(0.0) { $0 + $1.normalisedError * $1.normalisedError } / Double(targeted.count)
        return CalibrationEvaluation(index: index, values: values, objective: objective, rows: rows)
    }

    /// The starting values.
    public func startingValues() throws(ObservedError) -> [Double] {
        if let start { return start }
        let scenario: Scenario
        do { scenario = try Scenario.load(path: path, overrides: overrides) } catch { throw ObservedError(error.description) }
        return parameters.map { p in
            if let text = scenario.document.scalarText(at: p.key), let v = Double(text), v >= p.low, v <= p.high { return v }
            return (p.low + p.high) / 2
        }
    }

    /// Checks what can be checked before searching: targets, and a valid scenario at both
    /// ends of every range.
    public func preflight() throws(ObservedError) {
        let available = Indicator.available.map(\.kpi)
        guard !targets.isEmpty, targets.allSatisfy({ !$0.isEmpty }) else {
            throw ObservedError("--target \(targets.joined(separator: ",")): give one or more KPIs separated by commas, none empty; choose from: \(available.joined(separator: ", "))")
        }
        for t in targets where !available.contains(t) {
            throw ObservedError("--target \(t): not an indicator the backtest compares; choose from: \(available.joined(separator: ", "))")
        }
        for t in targets where drive.drivenKPIs.contains(t) {
            throw ObservedError("--target \(t): --drive \(drive) sets it from the record in every month, so it cannot be fitted; leave it out of --target")
        }
        // Every target must have a published value to fit to, in every month: a '.' or a 0
        // (no relative error against nothing) would leave the objective without it.
        for month in months {
            let row = try file.row(org: org, month: month)
            for t in targets {
                let indicator = Indicator.all.first { $0.kpi == t }!
                guard let observed = indicator.observed(in: row) else {
                    throw ObservedError("--target \(t): \(file.path) has no value of \(indicator.aqiCode) for \(org) in \(month) ('.' or no such column): nothing to fit there; leave it out of --target or the months")
                }
                if indicator.kind != .share && observed == 0 {
                    throw ObservedError("--target \(t): \(indicator.aqiCode) is 0 for \(org) in \(month): a relative error against 0 is undefined; leave it out of --target or the months")
                }
            }
        }
        if parameters.isEmpty { throw ObservedError("give at least one --fit KEY=LOW..HIGH") }
        var seen = Set<String>()
        for p in parameters where !seen.insert(p.key).inserted { throw ObservedError("--fit \(p.key) is given twice") }
        for p in parameters {
            for v in [p.low, p.high] where !(p.wholeNumber && v != v.rounded()) {
                do { _ = try Scenario.load(path: path, overrides: overrides + [p.setting(v)]) } catch {
                    throw ObservedError("--fit \(p.key)=\(p.low)..\(p.high): the scenario is invalid at \(v):\n\(error.description)")
                }
            }
        }
    }

    /// Searches; `report` sees every candidate as it is evaluated. Returns the best candidate
    /// and every candidate in the order evaluated.
    public func run(report: ((CalibrationEvaluation) -> Void)? = nil) throws(ObservedError) -> (best: CalibrationEvaluation, all: [CalibrationEvaluation]) {
        var calibration = self
        calibration.parameters = try wholeNumbersFound()
        return try calibration.search(report: report)
    }

    /// The parameters, each marked whole-number when the scenario refuses a fractional
    /// value for its key (the reader's "must be a whole number" rule); such a range must
    /// hold a whole number.
    public func wholeNumbersFound() throws(ObservedError) -> [FitParameter] {
        try parameters.map { (p) throws(ObservedError) -> FitParameter in
            var p = p
            let probe = (p.low + p.high) / 2 == ((p.low + p.high) / 2).rounded() ? (p.low + p.high) / 2 + 0.25 : (p.low + p.high) / 2
            do { _ = try Scenario.load(path: path, overrides: overrides + ["\(p.key)=\(probe)"]) } catch {
                guard "\(error)".contains("must be a whole number") else { return p }
                p.wholeNumber = true
                guard p.low.rounded(.up) <= p.high.rounded(.down) else {
                    throw ObservedError("--fit \(p.key)=\(p.low)..\(p.high): the key takes whole numbers and the range holds none")
                }
            }
            return p
        }
    }

    func search(report: ((CalibrationEvaluation) -> Void)?) throws(ObservedError) -> (best: CalibrationEvaluation, all: [CalibrationEvaluation]) {
        try preflight()
        let x0 = try startingValues()
        let search = Search(calibration: self, report: report)
        let n = parameters.count
        // Internal coordinate u: x = low + (high - low) (1 + sin u) / 2, so every u is in range.
        let u0 = zip(parameters, x0).map { p, x in asin(max(-1, min(1, 2 * (x - p.low) / (p.high - p.low) - 1))) }
        let start = gsl_vector_alloc(n)!, steps = gsl_vector_alloc(n)!
        defer { gsl_vector_free(start); gsl_vector_free(steps) }
        for i in 0..<n {
            gsl_vector_set(start, i, u0[i])
            gsl_vector_set(steps, i, 0.6)
        }
        let minimiser = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(minimiser) }
        let context = Unmanaged.passUnretained(search).toOpaque()
        var function = gsl_multimin_function(f: { u, params in
            let search = Unmanaged<Search>.fromOpaque(params!).takeUnretainedValue()
            return search.objective(at: u!)
        }, n: n, params: context)
        cgsl_disable_abort_on_error()
        // Restarts: a simplex that shrank onto a plateau (a roster rounds a fleet factor to the
        // same crews over a range, so the objective is flat in steps) is started again, full
        // size, from the best point so far, until a restart finds nothing better or
        // `maximumRestarts` are spent (Nelder-Mead with restarts; the budget bounds it all).
        var iterations = 0
        var bestSoFar = Double.infinity
        for restart in 0...Self.maximumRestarts {
            var status = gsl_multimin_fminimizer_set(minimiser, &function, start, steps)
            while status == GSL_SUCCESS && search.failure == nil && search.evaluations.count < maximumEvaluations && iterations < 500 {
                iterations += 1
                status = gsl_multimin_fminimizer_iterate(minimiser)
                if status != GSL_SUCCESS { break }
                if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimiser), sizeTolerance) == GSL_SUCCESS { break }
            }
            guard search.failure == nil, search.evaluations.count < maximumEvaluations, iterations < 500,
                  let found = search.evaluations.min(by: { ($0.objective, $0.index) < ($1.objective, $1.index) }),
                  found.objective < bestSoFar else { break }
            bestSoFar = found.objective
            guard restart < Self.maximumRestarts else { break }
            for i in 0..<n {
                let p = parameters[i]
                gsl_vector_set(start, i, asin(max(-1, min(1, 2 * (found.values[i] - p.low) / (p.high - p.low) - 1))))
            }
        }
        if let failure = search.failure { throw failure }
        guard let best = search.evaluations.min(by: { ($0.objective, $0.index) < ($1.objective, $1.index) }) else {
            throw ObservedError("the search evaluated nothing")
        }
        return (best, search.evaluations)
    }

    /// The parameter values at internal coordinates `u`, to six significant figures: what
    /// is evaluated is exactly what the calibrated scenario file says, and candidates that
    /// differ only in the last bits are evaluated once.
    func values(at u: UnsafePointer<gsl_vector>) -> [Double] {
        parameters.enumerated().map { i, p in
            let x = p.low + (p.high - p.low) * (1 + sin(gsl_vector_get(u, i))) / 2
            return p.wholeNumber ? min(p.high.rounded(.down), max(p.low.rounded(.up), x.rounded())) : Self.significant(x)
        }
    }

    /// `x` to six significant figures.
    public static func significant(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        let scale = pow(10, 5 - floor(log10(abs(x))))
        return (x * scale).rounded() / scale
    }
}

/// The search's state, reached from GSL's callback through its `params` pointer.
final class Search {
    let calibration: Calibration
    let report: ((CalibrationEvaluation) -> Void)?
    var evaluations: [CalibrationEvaluation] = []
    var failure: ObservedError? = nil

    init(calibration: Calibration, report: ((CalibrationEvaluation) -> Void)?) {
        self.calibration = calibration
        self.report = report
    }

    /// The objective at internal coordinates `u`. Past the budget, or after a failure, it
    /// returns the best value so far without running, so GSL's iteration ends quietly.
    func objective(at u: UnsafePointer<gsl_vector>) -> Double {
        let values = calibration.values(at: u)
        if let seen = evaluations.first(where: { $0.values == values }) { return seen.objective }
        guard failure == nil, evaluations.count < calibration.maximumEvaluations else {
            return (evaluations.map(\.objective).min() ?? 0) + 1
        }
        do {
            let e = try calibration.evaluate(values, index: evaluations.count)
            evaluations.append(e)
            report?(e)
            return e.objective
        } catch {
            failure = error
            return .infinity
        }
    }
}
