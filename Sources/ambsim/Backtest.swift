import ArgumentParser
import MonteCarlo
import Observed
import Reports
import Scenario

/// Options shared by `backtest`, `calibrate` and `reconcile`: the published file, the
/// organisation and the months.
struct ObservedOptions: ParsableArguments {
    @Option(help: "NHS England AmbSYS CSV file (e.g. Scenarios/observed/ambsys-extract.csv).")
    var ambsys: String

    @Option(help: "Organisation code in the file: RYF (South Western), RYE (South Central), ...")
    var org: String

    @Option(help: "Month or months to compare: 2023-06, 2023-04,2023-05,2023-06 or 2023-10..2024-12.")
    var month: String

    func validate() throws {
        guard !org.isEmpty, org.count <= 16, org.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("--org takes an organisation code of letters and digits, as in the AmbSYS file's Org Code column (RYF, RYE, Eng; got \(org))")
        }
        if case .failure(let e) = YearMonth.list(month) { throw ValidationError(e.message) }
    }

    var months: [YearMonth] { (try? YearMonth.list(month).get()) ?? [] }

    /// The file, or exit 2 with the reader's message.
    func file() throws -> AmbSYSFile {
        do { return try AmbSYSFile.read(path: ambsys) } catch {
            printError(error.message)
            throw Exit.badInput
        }
    }
}

/// Tolerance overrides, shared by `backtest` and `calibrate`.
struct ToleranceOptions: ParsableArguments {
    @Option(name: .customLong("tolerance"), help: "Tolerance for a KPI, overriding the scenario's backtest.tolerance: c2_response_mean_min=0.2 (relative) or hear_and_treat_share=0.05 (absolute). Repeatable.")
    var tolerances: [String] = []

    func validate() throws { _ = try parsed() }

    func parsed() throws -> [String: Double] {
        var out: [String: Double] = [:]
        let known = Indicator.available.map(\.kpi)
        for t in tolerances {
            let parts = t.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, known.contains(String(parts[0])), let v = Double(parts[1]), v > 0, v <= 10 else {
                throw ValidationError("--tolerance takes KPI=VALUE with VALUE in (0, 10] and KPI one of: \(known.joined(separator: ", ")) (got \(t))")
            }
            out[String(parts[0])] = v
        }
        return out
    }
}

/// Options shared by `backtest` and `calibrate`: what the published record drives
/// (`Observed.Drive`), and handover targets that override it.
struct DriveOptions: ParsableArguments {
    @Option(help: "What the published record drives each month: demand (incidents A7 and the C1-C3 mix of responded incidents A8, A10, A11), handover (the hospital pressure that meets the month's arrival-to-handover mean A142), or demand,handover. The rest is predicted.")
    var drive: String?

    @Option(name: .customLong("handover-minutes"), help: "A month's handover target for --drive handover, overriding the record: 2023-06=45 (repeatable).")
    var handoverMinutes: [String] = []

    func validate() throws {
        if let d = drive, Drive(d) == nil { throw ValidationError("--drive takes demand, handover or demand,handover (got \(d))") }
        _ = try parsedHandoverMinutes()
    }

    var parsedDrive: Drive { drive.flatMap(Drive.init) ?? Drive() }

    func parsedHandoverMinutes() throws -> [YearMonth: Double] {
        var out: [YearMonth: Double] = [:]
        for item in handoverMinutes {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let m = YearMonth(String(parts[0])), let v = Double(parts[1]), v.isFinite, v > 0, v < 1440 else {
                throw ValidationError("--handover-minutes takes YYYY-MM=MINUTES with minutes above 0 and below 1440 (got \(item))")
            }
            guard out[m] == nil else { throw ValidationError("--handover-minutes: \(m) is given twice") }
            out[m] = v
        }
        if !out.isEmpty && !parsedDrive.handover {
            throw ValidationError("--handover-minutes sets targets for --drive handover: give --drive handover too")
        }
        return out
    }
}

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario over published months and compare it with NHS England's AmbSYS figures.",
        discussion: """
            For each month, the scenario runs over exactly that calendar month (00:00 on the 1st, \
            its warm-up before, its backtest run-out after; only calls arriving in the month \
            count; disruption dates stay absolute) and is compared indicator by indicator with \
            the organisation's published row: incidents (A7), C1-C4 mean and 90th centile, \
            hear-and-treat, see-and-treat and conveyance shares, and the category mix. Writes \
            backtest.csv and each month's run files to Results/<scenario name>-backtest-<org>/ \
            or --out. For a scenario with a baseline: key, also runs the baseline over each month from \
            the event on (--event, default the scenario's first disruption) and sets the model's \
            paired effect beside the record's synthetic-control effect (ambsim evidence), with a \
            verdict, in effects.csv. Exit 0 when every row is within tolerance and every effect \
            consistent, 1 when any is not, 2 on bad input.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var observed: ObservedOptions

    @OptionGroup var tolerance: ToleranceOptions

    @OptionGroup var options: RunOptions

    @Option(help: "Output folder (default: Results/<scenario name>-backtest-<org>).")
    var out: String?

    @OptionGroup var driving: DriveOptions

    @OptionGroup(title: "The model's effect beside the record's (a scenario with a baseline: key)") var scope: EvidenceScope

    @Flag(name: .customLong("no-effects"), help: "For a scenario with a baseline: key, skip the baseline runs and the effect table.")
    var noEffects = false

    func run() throws {
        let file = try observed.file()
        let months = observed.months
        let tolerances = try tolerance.parsed()
        let base = try loadScenario(scenario, overrides: options.overrides)
        let folder = out ?? "Results/\(base.name)-backtest-\(observed.org)"
        try checkResultTarget(folder)
        let started = monotonicSeconds()
        let progress = Progress(label: "\(base.name) backtest", total: months.count * (options.replications ?? base.replications), quiet: options.quiet)
        let done = Counter()
        let runs: [BacktestMonth]
        let targets = try driving.parsedHandoverMinutes()
        do {
            runs = try Observed.Backtest.run(path: scenario, overrides: options.overrides, file: file, org: observed.org, months: months,
                                             replications: options.replications, seed: options.seed, jobs: options.threadCount,
                                             tolerances: tolerances, drive: driving.parsedDrive, handoverMinutes: targets) { _, _, _ in
                progress.update(done.increment())
            }
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        let wall = monotonicSeconds() - started
        let rows = runs.flatMap(\.rows)
        for run in runs where !run.unavailable.isEmpty {
            printError("\(run.month): not published for \(observed.org), left out: \(run.unavailable.joined(separator: ", "))")
        }
        for run in runs where !run.notes.isEmpty {
            printOut("\(run.month) driven by the record: \(run.notes.joined(separator: "; "))")
        }
        printOut("\(base.name) against AmbSYS \(observed.org) (\(file.path)), \(runs.first?.result.indices.count ?? 0) replications per month")
        printOut(Observed.Backtest.table(rows))
        let predicted = rows.filter { $0.driven.isEmpty }
        let outside = predicted.filter { !$0.within }
        let drivenNote = predicted.count < rows.count ? " (\(rows.count - predicted.count) driven rows are targets, not predictions)" : ""
        printOut(outside.isEmpty ? "every predicted indicator within tolerance\(drivenNote)" : "\(outside.count) of \(predicted.count) predicted indicators outside tolerance\(drivenNote)")

        var files: [(name: String, text: String)] = [("backtest.csv", Observed.Backtest.csv(rows))]
        let effects = try effects(base: base, runs: runs, file: file)
        if let effects { files.append(("effects.csv", EffectCheck.csv(effects.rows))) }
        if runs.count > 1 { files.append(("backtest_summary.csv", Observed.Backtest.summaryCSV(rows))) }
        for run in runs {
            files.append(("replications-\(run.month).csv", RunFiles.replications(run.result)))
            files.append(("summary-\(run.month).csv", RunFiles.summary(run.result)))
            files.append(("timeseries-\(run.month).csv", RunFiles.timeseries(run.result, start: run.scenario.configuration.start)))
        }
        files.append(("manifest.yaml", backtestManifest(base: base, runs: runs, file: file, wall: wall)))
        try writeRunFolder(files, to: folder)
        if !options.quiet { printError("wrote \(folder)/ (\(Int(wall.rounded())) s)") }
        if !outside.isEmpty || effects?.rows.contains(where: { $0.verdict == "inconsistent" }) == true { throw Exit.checkFailed }
    }

    /// For a scenario with a baseline: the model's effect each month from the event on,
    /// beside the record's (`EffectCheck`), printed and returned for effects.csv.
    func effects(base: Scenario, runs: [BacktestMonth], file: AmbSYSFile) throws -> EffectCheck.Outcome? {
        guard let baseline = base.baseline, !noEffects else { return nil }
        let scopeOptions = try scope.options(org: observed.org, defaultEvent: EffectCheck.firstDisruption(of: base))
        guard runs.contains(where: { $0.month >= scopeOptions.event }) else {
            printError("no month from the event (\(scopeOptions.event)) on: the effect table is left out")
            return nil
        }
        // The effect table is an addition to the backtest: when the record cannot give the
        // effect (the trust's event month held out, a donor without data), it says why and is left out.
        let record: Evidence.Outcome
        do { record = try EffectCheck.record(file: file, scope: scopeOptions, until: runs.map(\.month).max()!) } catch {
            printError("the record's effect cannot be measured, so the effect table is left out: \(error.message)")
            return nil
        }
        let outcome: EffectCheck.Outcome
        do {
            outcome = try EffectCheck.run(runs: runs, baselinePath: baseline, overrides: options.overrides, seed: options.seed, jobs: options.threadCount,
                                          record: record, event: scopeOptions.event)
        } catch {
            printError(error.message)
            throw Exit.badInput
        }
        printEffects(outcome, heading: "The model's effect (B - A against \(baseline), paired) beside the record's (synthetic control of \(observed.org) from \(outcome.event)):")
        return outcome
    }

    func backtestManifest(base: Scenario, runs: [BacktestMonth], file: AmbSYSFile, wall: Double) -> String {
        var entries: [(String, ScenarioNode)] = [
            ("ambsim_version", .text(Ambsim.version)),
            ("command", .text(commandLineText())),
            ("scenario", .text(base.path)),
            ("name", .text(base.name)),
            ("ambsys_file", .text(file.path)),
            ("org", .text(observed.org)),
            ("master_seed", .number(options.seed ?? base.seed)),
            ("replications", .number(runs.first?.result.indices.count ?? 0)),
            ("wall_time_s", .text(Number.fixed(wall, places: 3))),
        ]
        entries.append(("months", .list(runs.map { run in
            .map([("month", .text(run.month.description)), ("observed_line", .text(String(run.observedRow.line))),
                  ("drive", .text(run.drive.description)), ("notes", .list(run.notes.map { .text($0) })),
                  ("settings", .list(run.settings.map { .text($0) }))])
        })))
        entries.append(("resolved_scenario", base.document.removing(key: "extends")))
        return Manifest.text(kind: "backtest", entries)
    }
}

/// Writes to standard output (a table, a result line).
func printOut(_ text: String) { print(text, terminator: text.hasSuffix("\n") ? "" : "\n") }
