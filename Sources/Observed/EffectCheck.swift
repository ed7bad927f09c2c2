import AmbulanceService
import MonteCarlo
import Reports
import Scenario
import Statistics

/// The model's effect beside the record's (issue 21): for each month from the event on, the
/// model's B - A (the scenario against its `baseline:`, run over the same calendar month
/// with the same settings and seeds, paired replication by replication) with its 95%
/// interval, and the record's effect with its band from `Evidence`. The verdict is
/// `consistent` when the two intervals overlap, `inconsistent` when they do not: then one of
/// the model's assumptions about the disruption is wrong, or the record's effect is not the
/// disruption's alone.
public enum EffectCheck {
    public struct Row: Sendable {
        public let month: YearMonth
        public let kpi: String
        public let aqiCode: String
        public let model: (mean: Double, low: Double, high: Double)
        public let record: (effect: Double, low: Double, high: Double)?
        public let replications: Int

        /// `consistent`, `inconsistent`, or why there is no verdict.
        public var verdict: String {
            guard let r = record else { return "no record effect" }
            guard r.low.isFinite, r.high.isFinite else { return "record band unbounded" }
            guard model.low.isFinite, model.high.isFinite else { return "model interval unknown" }
            return model.low <= r.high && r.low <= model.high ? "consistent" : "inconsistent"
        }
    }

    public struct Outcome: Sendable {
        public let rows: [Row]
        public let notes: [String]
        public let event: YearMonth
    }

    /// The first disruption of a scenario (a record-mode change or a disruption period), as
    /// a calendar month: the default event.
    public static func firstDisruption(of s: Scenario) -> YearMonth? {
        let c = s.configuration
        guard let first = c.firstDisruptionMinutes else { return nil }
        let at = c.start.adding(minutes: Int(first.rounded(.down)))
        return YearMonth(year: at.date.year, month: at.date.month)
    }

    /// The record's side: the synthetic-control effects of every default indicator from
    /// the event to `until` (those the file cannot support are left out with a note).
    public static func record(file: AmbSYSFile, scope: Evidence.Options, until: YearMonth) throws(ObservedError) -> Evidence.Outcome {
        var options = scope
        options.until = until
        options.kpis = nil
        return try Evidence.run(file: file, options: options)
    }

    /// Runs the baseline for every backtest month from the event on, pairs it with the
    /// scenario's run, and sets the record's effect beside it.
    public static func run(runs: [BacktestMonth], baselinePath: String, overrides: [String], seed: UInt64?, jobs: Int,
                           record: Evidence.Outcome, event: YearMonth) throws(ObservedError) -> Outcome {
        let after = runs.filter { $0.month >= event }
        let wanted = Evidence.defaultKPIs.compactMap { kpi in Indicator.available.first { $0.kpi == kpi } }
        var rows: [Row] = []
        for run in after {
            let baseline = try Backtest.load(path: baselinePath, overrides: overrides + run.settings)
            let a = try Backtest.experiment(baseline, replications: run.result.indices.count, seed: seed ?? run.scenario.seed, jobs: jobs)
            for indicator in wanted {
                let differences = zip(run.result.outcomes, a.outcomes).map { b, a in
                    indicator.modelValue(b.values, row: run.observedRow) - indicator.modelValue(a.values, row: run.observedRow)
                }.filter(\.isFinite)
                guard let summary = Summary(differences) else { continue }
                let ci = summary.count > 1 ? summary.confidenceInterval() : (low: Double.nan, high: Double.nan)
                let r = record.rows.first { $0.month == run.month && $0.kpi == indicator.kpi }
                rows.append(Row(month: run.month, kpi: indicator.kpi, aqiCode: indicator.aqiCode, model: (summary.mean, ci.low, ci.high),
                                record: r.map { ($0.effect, $0.low, $0.high) }, replications: summary.count))
            }
        }
        return Outcome(rows: rows, notes: record.notes, event: event)
    }

    public static let header = ["month", "kpi", "aqi_code", "model_effect", "model_ci95_low", "model_ci95_high", "record_effect",
                                "record_ci95_low", "record_ci95_high", "verdict"]

    /// `effects.csv`.
    public static func csv(_ rows: [Row]) -> String {
        var csv = CSVWriter(header: header)
        func cell(_ x: Double?) -> String { x.map { $0.isFinite ? Number.text($0) : "" } ?? "" }
        for r in rows {
            csv.append([r.month.description, r.kpi, r.aqiCode, cell(r.model.mean), cell(r.model.low), cell(r.model.high),
                        cell(r.record?.effect), cell(r.record?.low), cell(r.record?.high), r.verdict])
        }
        return csv.text
    }

    /// The printed table: one line per month and indicator.
    public static func table(_ rows: [Row]) -> String {
        func show(_ x: Double, _ kpi: String) -> String {
            guard x.isFinite else { return "?" }
            return (x >= 0 ? "+" : "") + Number.fixed(x, places: Number.unit(of: kpi) == "share" ? 3 : 1)
        }
        var lines = ["month    indicator                   model B - A (95%)              record (95% band)              verdict"]
        for r in rows {
            let model = "\(show(r.model.mean, r.kpi)) (\(show(r.model.low, r.kpi)) to \(show(r.model.high, r.kpi)))"
            let record = r.record.map { "\(show($0.effect, r.kpi)) (\(show($0.low, r.kpi)) to \(show($0.high, r.kpi)))" } ?? "-"
            lines.append("\(r.month)  \(r.kpi.padding(toLength: 26, withPad: " ", startingAt: 0))  \(model.padding(toLength: 29, withPad: " ", startingAt: 0))  \(record.padding(toLength: 29, withPad: " ", startingAt: 0))  \(r.verdict)")
        }
        return lines.joined(separator: "\n")
    }
}
