import AmbulanceService
import ArgumentParser
import Observed
import Reports
import Scenario

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "What the published record says a disruption did: the trust against a synthetic control of the trusts not hit.",
        discussion: """
            For each indicator (default: incidents, C1, C2 and C3 means, C2 90th centile, and \
            the handover block where published), fits non-negative donor weights summing to one \
            plus an intercept to the trust's log monthly values over the pre-event months \
            (Abadie et al. 2010; de-meaned, Ferman and Pinto 2021), and gives for each month \
            from the event on: observed, counterfactual, effect (minutes, counts) with a 95% \
            band from in-space and in-time placebos, relative effect and a permutation p-value. \
            Writes evidence.csv, weights.csv, fit.csv, synthetic.csv (both series every month, for the figure) and manifest.yaml to \
            Results/evidence-<org>-<event month>/ or --out. England (Eng) and the Isle of Wight \
            (R1F) are not donors unless named in --donors. Exit 0, or 2 on bad input (a short \
            pre-period, a donor without data, an event outside the file).
            """)

    @Option(help: "NHS England AmbSYS CSV file (the published file, or the panel Scenarios/observed/ambsys-panel-2022-2024.csv).")
    var ambsys: String

    @Option(help: "The trust the event hit: its Org Code (RYF, RYE, RX6, ...).")
    var org: String

    @OptionGroup var scope: EvidenceScope

    @Option(help: "The last month to measure, YYYY-MM (default: the file's last month).")
    var until: String?

    @Option(help: "Indicators by their KPI name (comma-separated or repeated): calls_count, c2_response_mean_min, handover_mean_min, ...")
    var indicators: [String] = []

    @Option(help: "Validation: plant an effect on the trust's values, SHARE:MONTHS (0.15:2 is +15% for the first two months from the event).")
    var plant: String?

    @Flag(help: "Fit on the values themselves, not their logs (the band and effects then add, rather than multiply).")
    var levels = false

    @Flag(name: .customLong("no-intercept"), help: "Fit without an intercept (Abadie et al. 2010's form: the synthetic trust is the weighted donors, level and all).")
    var noIntercept = false

    @Option(help: "Output folder (default: Results/evidence-<org>-<event month>).")
    var out: String?

    @Flag(name: [.short, .long], help: "No month-by-month lines on standard output, only each indicator's summary.")
    var quiet = false

    func parsedPlant() throws -> (share: Double, months: Int)? {
        guard let plant else { return nil }
        let parts = plant.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let s = Double(parts[0]), s.isFinite, s > -0.9, s < 10, let n = Int(parts[1]), n >= 1, n <= 120 else {
            throw ValidationError("--plant takes SHARE:MONTHS with SHARE above -0.9 and below 10 and MONTHS from 1 to 120 (got \(plant))")
        }
        return (s, n)
    }

    func options() throws -> Evidence.Options {
        guard scope.event != nil else { throw ValidationError("evidence needs --event, the event's date (YYYY-MM-DD or YYYY-MM)") }
        var o = try scope.options(org: org, defaultEvent: nil)
        if let until {
            guard let m = YearMonth(until) else { throw ValidationError("--until takes a month YYYY-MM (got \(until))") }
            o.until = m
        }
        o.kpis = indicators.isEmpty ? nil : EvidenceScope.codes(indicators)
        o.plant = try parsedPlant()
        o.logs = !levels
        o.intercept = !noIntercept
        return o
    }

    func validate() throws { _ = try options() }

    func run() throws {
        let o = try options()
        let file: AmbSYSFile
        let outcome: Evidence.Outcome
        do {
            file = try AmbSYSFile.read(path: ambsys)
            outcome = try Evidence.run(file: file, options: o)
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        let folder = out ?? "Results/evidence-\(org)-\(o.event)"
        try checkResultTarget(folder)
        for note in outcome.notes { printError(note) }
        let planted = o.plant.map { " with a planted effect of \(Number.text($0.share * 100))% for \($0.months) month\($0.months == 1 ? "" : "s")" } ?? ""
        printOut("\(org) from \(o.event) (event \(scope.event ?? ""))\(planted) against a synthetic control of \(outcome.donors.joined(separator: ", ")) (\(file.path))")
        for fit in outcome.fits {
            let rmspe = fit.logs ? "\(Number.fixed(fit.preRMSPE * 100, places: 1))%" : Number.fixed(fit.preRMSPE, places: 2)
            let weights = zip(fit.donors, fit.weights).filter { $0.1 >= 0.005 }.sorted { $0.1 > $1.1 }.map { "\($0.0) \(Number.fixed($0.1, places: 2))" }
            printOut("\(fit.kpi) (\(fit.aqiCode)): pre \(fit.preMonths.first!)..\(fit.preMonths.last!), RMSPE \(rmspe); weights \(weights.joined(separator: ", ")); post/pre RMSPE ratio \(Number.fixed(fit.ratio, places: 2)), p = \(Number.fixed(fit.pValue, places: 3)) (\(fit.spacePlacebos) donors as placebos, \(fit.timePlacebos) in time)")
            guard !quiet else { continue }
            let unit = Number.unit(of: fit.kpi), places = unit == "share" ? 3 : 1
            func plus(_ x: Double, _ p: Int? = nil) -> String { (x >= 0 ? "+" : "") + Number.fixed(x, places: p ?? places) }
            for r in outcome.rows where r.kpi == fit.kpi {
                let band = r.high.isFinite ? "95% \(plus(r.low)) to \(plus(r.high))" : "95% band unbounded"
                printOut("  \(r.month)  observed \(Number.fixed(r.observed, places: places)) \(unit), counterfactual \(Number.fixed(r.counterfactual, places: places)), effect \(plus(r.effect)) (\(band)), \(plus(r.relativeEffect * 100, 1))%, p = \(Number.fixed(r.pValue, places: 2))")
            }
        }
        let manifest = Manifest.text(kind: "evidence", [
            ("ambsim_version", .text(Ambsim.version)),
            ("command", .text(commandLineText())),
            ("ambsys_file", .text(file.path)),
            ("org", .text(org)),
            ("event", .text(scope.event ?? "")),
            ("donors", .list(outcome.donors.map { .text($0) })),
            ("also_hit", .list(o.alsoHit.map { .text($0) })),
            ("planted", .text(o.plant.map { "\(Number.text($0.share)):\($0.months)" } ?? "none")),
            ("scale", .text(o.logs ? "log" : "level")),
            ("intercept", .text(o.intercept ? "true" : "false")),
            ("notes", .list(outcome.notes.map { .text($0) })),
        ])
        try writeRunFolder([("evidence.csv", Evidence.csv(outcome.rows)), ("weights.csv", Evidence.weightsCSV(outcome.fits)),
                            ("fit.csv", Evidence.fitCSV(outcome.fits)),
                            ("synthetic.csv", Evidence.syntheticCSV(outcome.fits)), ("manifest.yaml", manifest)], to: folder)
        printError("wrote \(folder)/")
    }
}

/// Where and when an event hit, for the record's side (`evidence`, and `backtest` of a
/// scenario with a baseline): the event, the pre-period, the trusts it also hit, the donors.
struct EvidenceScope: ParsableArguments {
    @Option(help: "The event's date, YYYY-MM-DD (or YYYY-MM): its month is the first month measured (backtest: default the scenario's first disruption).")
    var event: String?

    @Option(help: "The pre-event months the synthetic control is fitted on, FIRST..LAST (default: every month of the file before the event's).")
    var pre: String?

    @Option(name: .customLong("also-hit"), help: "Trusts the event hit too, left out of the donors (comma-separated or repeated).")
    var alsoHit: [String] = []

    @Option(help: "The donor trusts (comma-separated or repeated; default: every trust in the file but the trust, --also-hit, Eng and R1F).")
    var donors: [String] = []

    static func codes(_ items: [String]) -> [String] {
        items.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    func validate() throws {
        _ = try parsedEvent()
        _ = try parsedPre()
        for code in Self.codes(alsoHit) + Self.codes(donors) { try Self.checkCode(code) }
    }

    static func checkCode(_ code: String) throws {
        guard !code.isEmpty, code.count <= 16, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("organisation codes are letters and digits, as in the AmbSYS file's Org Code column (got \(code))")
        }
    }

    func parsedEvent() throws -> (month: YearMonth, day: Int)? {
        guard let event else { return nil }
        let parts = event.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, let m = YearMonth("\(parts[0])-\(parts[1])"), parts[2].count == 2, let d = Int(parts[2]), d >= 1, d <= m.days {
            return (m, d)
        }
        if let m = YearMonth(event) { return (m, 1) }
        throw ValidationError("--event takes a date YYYY-MM-DD or a month YYYY-MM (got \(event))")
    }

    func parsedPre() throws -> ClosedRange<YearMonth>? {
        guard let pre else { return nil }
        let parts = pre.components(separatedBy: "..")
        guard parts.count == 2, let a = YearMonth(parts[0]), let b = YearMonth(parts[1]), a <= b else {
            throw ValidationError("--pre takes FIRST..LAST, both YYYY-MM, FIRST not after LAST (got \(pre))")
        }
        return a...b
    }

    /// The evidence options for `org`, the event defaulting to `defaultEvent`.
    func options(org: String, defaultEvent: YearMonth?) throws -> Evidence.Options {
        try Self.checkCode(org)
        guard let event = try parsedEvent() ?? defaultEvent.map({ ($0, 1) }) else {
            throw ValidationError("give --event, the event's date (the scenario has no disruption to take it from)")
        }
        var o = Evidence.Options(org: org, event: event.month)
        o.eventDay = event.day
        o.pre = try parsedPre()
        o.alsoHit = Self.codes(alsoHit)
        o.donors = donors.isEmpty ? nil : Self.codes(donors)
        return o
    }
}

/// Prints the model's effects beside the record's (`backtest` and `impact --ambsys`): the
/// record's notes on standard error, then the table and how many are consistent.
func printEffects(_ outcome: EffectCheck.Outcome, heading: String) {
    for note in outcome.notes { printError(note) }
    printOut(heading)
    printOut(EffectCheck.table(outcome.rows))
    let judged = outcome.rows.filter { $0.verdict == "consistent" || $0.verdict == "inconsistent" }
    printOut("\(judged.filter { $0.verdict == "consistent" }.count) of \(judged.count) consistent (the model's 95% interval overlaps the record's band)")
}
