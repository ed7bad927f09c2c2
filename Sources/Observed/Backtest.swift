import AmbulanceService
import MonteCarlo
import Reports
import Scenario
import Statistics

/// One line of `backtest.csv`: a published indicator of one month against the model.
public struct BacktestRow: Sendable {
    public var month: YearMonth
    public var kpi: String
    public var aqiCode: String
    public var kind: Indicator.Kind
    /// In the model's unit (minutes, incidents, share 0-1).
    public var observed: Double
    public var modelMean: Double
    public var modelLow: Double
    public var modelHigh: Double
    /// model_mean / observed - 1.
    public var relativeError: Double
    /// Relative for times and counts; absolute (share units) for shares.
    public var tolerance: Double
    public var within: Bool
    /// The tolerance is absolute (share units) rather than relative.
    public var absolute: Bool
    /// How the month was run: empty when everything was predicted, else what the record
    /// drove (`handover`, `demand`, `demand,handover`); see `Backtest.Drive`.
    public var driven: String = ""

    public init(month: YearMonth, kpi: String, aqiCode: String, kind: Indicator.Kind, observed: Double, modelMean: Double, modelLow: Double,
                modelHigh: Double, relativeError: Double, tolerance: Double, within: Bool, absolute: Bool, driven: String = "") {
        self.month = month
        self.kpi = kpi
        self.aqiCode = aqiCode
        self.kind = kind
        self.observed = observed
        self.modelMean = modelMean
        self.modelLow = modelLow
        self.modelHigh = modelHigh
        self.relativeError = relativeError
        self.tolerance = tolerance
        self.within = within
        self.absolute = absolute
        self.driven = driven
    }

    /// The error in units of the tolerance: |this| <= 1 is within.
    public var normalisedError: Double {
        let e = absolute ? (modelMean - observed) / tolerance : relativeError / tolerance
        return e.isFinite ? e : 1e3
    }
}

/// A scenario run over exactly one calendar month and compared, indicator by indicator,
/// with the published row of that month.
public struct BacktestMonth: Sendable {
    public var month: YearMonth
    /// The scenario as run: start, horizon, warm-up and run-out set for the month.
    public var scenario: Scenario
    /// The `--set` settings that set it up (after the user's own).
    public var settings: [String]
    public var observedRow: AmbSYSRow
    public var result: ExperimentResult
    public var rows: [BacktestRow]
    /// Indicators left out because the published row has no value for them.
    public var unavailable: [String]
    /// What the record drove in this month, and how (targets, their sources, solved values).
    public var drive = Drive()
    public var notes: [String] = []
}

public enum Backtest {
    /// The settings that make a scenario run `month`: the calls arriving from 00:00 on the
    /// first to 24:00 on the last day counted, the scenario's warm-up before it, its
    /// backtest run-out after it (calls of the month finish, later calls are not counted).
    /// Dates in the disruption timeline stay absolute dates.
    public static func settings(for month: YearMonth, warmUpMinutes: Double, runOutMinutes: Double) -> [String] {
        let warmUp = Int(warmUpMinutes.rounded(.up))
        let runOut = Int(runOutMinutes.rounded(.up))
        let start = LocalDateTime(date: month.firstDay).adding(minutes: -warmUp)
        return ["start=\(start)", "warm_up=\(warmUp)", "run_out=\(runOut)", "horizon=\(warmUp + month.days * 1440 + runOut)"]
    }

    /// Loads `path` with the user's `overrides`, then sets it up for `month`.
    public static func scenario(path: String, overrides: [String], month: YearMonth) throws(ObservedError) -> (Scenario, [String]) {
        let base: Scenario
        do { base = try Scenario.load(path: path, overrides: overrides) } catch { throw ObservedError(error.description) }
        let monthSettings = settings(for: month, warmUpMinutes: base.configuration.warmUpMinutes,
                                     runOutMinutes: base.backtest.runOutMinutes)
        let scenario: Scenario
        do {
            scenario = try Scenario.load(path: path, overrides: overrides + monthSettings, carryingEarlierDisruptions: true)
        } catch {
            throw ObservedError("the scenario set up for \(month) (\(monthSettings.map { "--set " + $0 }.joined(separator: " "))) is invalid:\n\(error.description)")
        }
        // Replayed incidents must cover the month: a trace of six days compared with a
        // month's published figures would be nonsense, silently.
        if case .trace(let incidents) = scenario.configuration.demand.source {
            let c = scenario.configuration
            let first = incidents.first?.timeMinutes ?? .infinity, last = incidents.last?.timeMinutes ?? -.infinity
            let monthStart = c.warmUpMinutes, monthEnd = c.countEndMinutes
            guard first <= monthStart + 1440, last >= monthEnd - 1440 else {
                let covered = incidents.filter { $0.timeMinutes >= monthStart && $0.timeMinutes < monthEnd }.count
                throw ObservedError("\(path): its trace does not cover \(month) (\(covered) incidents fall in the month; the first \(first.isFinite ? "is \(DurationText.show(first - monthStart)) after the month starts" : "does not exist"), the last \(last.isFinite ? "\(DurationText.show(monthEnd - last)) before it ends" : "does not exist")): a trace is backtested only against months it covers, to within a day at either end")
            }
        }
        return (scenario, monthSettings)
    }

    /// The tolerance of a KPI: the command line's, else the scenario's `backtest.tolerance`,
    /// else the indicator's default.
    public static func tolerance(_ indicator: Indicator, commandLine: [String: Double], scenario: BacktestSettings) -> Double {
        commandLine[indicator.kpi] ?? scenario.tolerances[indicator.kpi] ?? indicator.defaultTolerance
    }

    /// The rows of one month: every indicator the model produces and the row publishes.
    public static func compare(_ result: ExperimentResult, with row: AmbSYSRow, month: YearMonth,
                               tolerance: (Indicator) -> Double) -> (rows: [BacktestRow], unavailable: [String]) {
        var rows: [BacktestRow] = []
        var unavailable: [String] = []
        for indicator in Indicator.available {
            guard let observed = indicator.observed(in: row) else {
                // Say why: a column the file lacks (a trimmed file) or a value it marks '.'.
                let missing = indicator.codes.filter { !row.hasColumn($0) }
                unavailable.append("\(indicator.kpi) (\(indicator.aqiCode): " + (missing.isEmpty ? "'.' in the file)" : "the file has no column \(missing.joined(separator: ", ")))"))
                continue
            }
            let values = result.outcomes.map { indicator.modelValue($0.values, row: row) }.filter(\.isFinite)
            let summary = Summary(values)
            let mean = summary?.mean ?? .nan
            let (low, high) = (summary?.count ?? 0) > 1 ? summary!.confidenceInterval() : (Double.nan, Double.nan)
            let relative = observed != 0 ? mean / observed - 1 : .nan
            let tol = tolerance(indicator)
            let within: Bool
            if indicator.absolute { within = abs(mean - observed) <= tol + 1e-12 } else { within = abs(relative) <= tol + 1e-12 }
            rows.append(BacktestRow(month: month, kpi: indicator.kpi, aqiCode: indicator.aqiCode, kind: indicator.kind, observed: observed,
                                    modelMean: mean, modelLow: low, modelHigh: high, relativeError: relative, tolerance: tol, within: within,
                                    absolute: indicator.absolute))
        }
        return (rows, unavailable)
    }

    /// Runs `months` of a scenario and compares each with its published row.
    public static func run(path: String, overrides: [String], file: AmbSYSFile, org: String, months: [YearMonth],
                           replications: Int?, seed: UInt64?, jobs: Int, tolerances: [String: Double],
                           drive: Drive = Drive(), handoverMinutes: [YearMonth: Double] = [:],
                           progress: (@Sendable (YearMonth, Int, Int) -> Void)? = nil) throws(ObservedError) -> [BacktestMonth] {
        var out: [BacktestMonth] = []
        // Every month, and every handover target, must be in the file before anything runs.
        let observedRows = try months.map { (m) throws(ObservedError) in try file.row(org: org, month: m) }
        let targets = try zip(months, observedRows).map { (m, row) throws(ObservedError) -> HandoverTarget? in
            drive.handover ? try handoverTarget(file: file, org: org, month: m, row: row, user: handoverMinutes) : nil
        }
        for ((month, observedRow), target) in zip(zip(months, observedRows), targets) {
            var (scenario, settings) = try scenario(path: path, overrides: overrides, month: month)
            let n = replications ?? scenario.replications
            let masterSeed = seed ?? scenario.seed
            var notes: [String] = []
            var pilotFactor: Double? = nil
            if drive.demand {
                let undriven = scenario
                let level = try demandLevel(scenario: scenario, row: observedRow)
                let closedForm = demandMix(scenario: scenario, row: observedRow)
                // The pilot runs where the month will run: at its solved hospital pressure when
                // handover is driven too (more waiting, more review closures), on two replications.
                let pilotSettings = settings + level.settings + closedForm.settings
                scenario = try load(path: path, overrides: overrides + pilotSettings)
                let pilot: ExperimentResult
                if let target {
                    let solved = try solvePressure(path: path, overrides: overrides + pilotSettings, baseScale: scenario.configuration.hospitalPressure.scale,
                                                   target: target.minutes, replications: min(n, 2), seed: masterSeed, jobs: jobs)
                    pilot = solved.result
                    pilotFactor = solved.factor
                } else {
                    pilot = try experiment(scenario, replications: min(n, 2), seed: masterSeed, jobs: jobs)
                }
                let mix = respondedMix(pilot: pilot, row: observedRow, scenario: undriven, closedForm: closedForm)
                settings += level.settings + mix.settings
                notes += level.notes + mix.notes
                scenario = try load(path: path, overrides: overrides + settings)
            }
            var result: ExperimentResult
            if let target {
                let solved = try solvePressure(path: path, overrides: overrides + settings, baseScale: scenario.configuration.hospitalPressure.scale,
                                               target: target.minutes, replications: n, seed: masterSeed, jobs: jobs, near: pilotFactor)
                let scale = scenario.configuration.hospitalPressure.scale * solved.factor
                settings.append("hospital_pressure_scale=\(scale)")
                scenario = try load(path: path, overrides: overrides + settings)
                result = solved.result
                notes.append("handover: target \(Number.clock(minutes: target.minutes)) (\(target.source)); pressure x\(Number.fixed(solved.factor, places: 3)) gives \(Number.clock(minutes: solved.achieved)) (\(Number.fixed(100 * (solved.achieved / target.minutes - 1), places: 1))%, \(solved.evaluations) runs)"
                             + (solved.met ? "" : solved.outOfReach ? "; NOT within 1%: the target lies beyond what pressure x\(pressureBounds.low) to x\(pressureBounds.high) can reach"
                                : "; NOT within 1%: the model's mean jumps across the target there (near saturation, or noisy at these replications: add replications)"))
            } else {
                result = try experiment(scenario, replications: n, seed: masterSeed, jobs: jobs)
            }
            progress?(month, n, n)
            var (rows, unavailable) = compare(result, with: observedRow, month: month) {
                tolerance($0, commandLine: tolerances, scenario: scenario.backtest)
            }
            let driven = drive.drivenKPIs
            for i in rows.indices where driven.contains(rows[i].kpi) { rows[i].driven = drive.description }
            var m = BacktestMonth(month: month, scenario: scenario, settings: settings, observedRow: observedRow, result: result,
                                  rows: rows, unavailable: unavailable)
            m.drive = drive
            m.notes = notes
            out.append(m)
        }
        return out
    }

    /// `backtest.csv`.
    public static let header = ["month", "kpi", "aqi_code", "observed", "model_mean", "model_ci95_low", "model_ci95_high",
                                "relative_error", "tolerance", "within", "driven"]

    /// `driven`: empty for a prediction; else what the record drove that set this row
    /// (`demand`, `handover`): such a row is a target met, not a test passed.
    public static func csv(_ rows: [BacktestRow]) -> String {
        var csv = CSVWriter(header: header)
        for r in rows {
            csv.append([r.month.description, r.kpi, r.aqiCode, Number.text(r.observed), Number.text(r.modelMean), Number.text(r.modelLow),
                        Number.text(r.modelHigh), Number.text(r.relativeError), Number.text(r.tolerance), r.within ? "true" : "false", r.driven])
        }
        return csv.text
    }

    /// `backtest_summary.csv` of a multi-month backtest: per indicator, over the months it
    /// was published and predicted (driven rows left out), the months within tolerance, the
    /// mean absolute percentage error and the mean bias (relative; in share points for
    /// absolute shares).
    public static let summaryHeader = ["kpi", "aqi_code", "months", "months_within", "mape", "mean_bias", "driven_months"]

    public static func summaryCSV(_ rows: [BacktestRow]) -> String {
        var csv = CSVWriter(header: summaryHeader)
        var order: [String] = []
        for r in rows where !order.contains(r.kpi) { order.append(r.kpi) }
        for kpi in order {
            let all = rows.filter { $0.kpi == kpi }
            let predicted = all.filter { $0.driven.isEmpty && $0.modelMean.isFinite }
            let errors = predicted.map { $0.absolute ? $0.modelMean - $0.observed : $0.relativeError }.filter(\.isFinite)
            let mape = errors.isEmpty ? Double.nan : errors.map(abs).reduce(0, +) / Double(errors.count)
            let bias = errors.isEmpty ? Double.nan : errors.reduce(0, +) / Double(errors.count)
            csv.append([kpi, all[0].aqiCode, String(predicted.count), String(predicted.count { $0.within }), Number.text(mape), Number.text(bias),
                        String(all.count - predicted.count)])
        }
        return csv.text
    }

    /// The rows as a table for people: times as m:ss, shares in per cent.
    public static func table(_ rows: [BacktestRow]) -> String {
        func show(_ x: Double, _ kind: Indicator.Kind) -> String {
            guard x.isFinite else { return "-" }
            switch kind {
            case .minutes: return Number.clock(minutes: x)
            case .count, .hours: return Number.fixed(x, places: 0)
            case .share: return Number.fixed(100 * x, places: 1) + "%"
            }
        }
        var lines: [[String]] = [["month", "kpi", "aqi", "observed", "model", "95% CI", "error", "tolerance", ""]]
        for r in rows {
            let error = r.absolute ? (r.modelMean - r.observed).isFinite ? Number.fixed(100 * (r.modelMean - r.observed), places: 1) + " pt" : "-"
                : r.relativeError.isFinite ? Number.fixed(100 * r.relativeError, places: 1) + "%" : "-"
            let tol = r.absolute ? Number.fixed(100 * r.tolerance, places: 1) + " pt" : Number.fixed(100 * r.tolerance, places: 1) + "%"
            lines.append([r.month.description, r.kpi, r.aqiCode, show(r.observed, r.kind), show(r.modelMean, r.kind),
                          "\(show(r.modelLow, r.kind)) to \(show(r.modelHigh, r.kind))", error, tol,
                          !r.driven.isEmpty ? "driven" : r.within ? "ok" : "OUTSIDE"])
        }
        let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max() ?? 0 }
        return lines.map { line in
            line.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c >= 3 && c <= 7 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
