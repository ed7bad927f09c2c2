import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario
import Stochastics

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario as a Monte Carlo experiment and write CSV results.",
        discussion: """
            Writes replications.csv, summary.csv, timeseries.csv, standards.csv and manifest.yaml (and calls.csv \
            with --trace) to Results/<scenario name>/ or --out. Files are written to a temporary \
            folder and moved into place, so an interrupted run leaves nothing behind.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: RunOptions

    @Option(help: "Output folder (default: Results/<scenario name>).")
    var out: String?

    @Option(help: "Keep adding replications until the 95% half-width of KPI is below the target: --precision c1_response_mean_min=0.2")
    var precision: String?

    @Option(help: "Most replications --precision may run.")
    var maxReplications = 400

    @Option(help: "Run only shard K of N of the replications into a partial folder: --shard 2/4 (combine with ambsim merge).")
    var shard: String?

    @Flag(help: "Also write calls.csv and handovers.csv: every call and handover of the first replication.")
    var trace = false

    func validate() throws {
        if let p = precision {
            let parts = p.split(separator: "=")
            guard parts.count == 2, ReplicationOutcome.kpiNames.contains(String(parts[0])), let h = Double(parts[1]), h > 0 else {
                throw ValidationError("--precision takes KPI=HALFWIDTH with a known KPI and a half-width > 0 (got \(p))")
            }
            if shard != nil { throw ValidationError("--precision and --shard cannot be combined") }
        }
        if let s = shard, Self.parseShard(s) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N (got \(s))") }
        if maxReplications < 1 || maxReplications >= SeedPlan.maximumReplicationsForCLI {
            throw ValidationError("--max-replications must be between 1 and \(SeedPlan.maximumReplicationsForCLI - 1) (got \(maxReplications))")
        }
    }

    static func parseShard(_ s: String) -> (Int, Int)? {
        let parts = s.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func run() throws {
        // With --precision the work is bounded by --max-replications: check that, not the default.
        let bound = precision == nil ? options.replications : max(options.replications ?? 0, maxReplications)
        let scenario = try loadScenario(self.scenario, overrides: options.overrides, replications: bound)
        let total = options.replications ?? scenario.replications
        let seed = options.seed ?? scenario.seed
        var range = 0..<total
        let folder = out ?? "Results/\(scenario.name)\(shard.map { "-shard-\($0.replacing("/", with: "-of-"))" } ?? "")"
        try checkResultTarget(folder)
        if let s = shard, let (k, n) = Self.parseShard(s) { range = Experiment.shard(k, of: n, replications: total) }
        let experiment = Experiment(configuration: scenario.configuration, masterSeed: seed, replications: range)
        let started = monotonicSeconds()
        var result: ExperimentResult
        var breakdownFile: ResultFile?
        var stream: BreakdownStream?
        defer { stream?.discard() }   // after the folder is written (or not): no hidden file is left
        if let p = precision {
            let parts = p.split(separator: "=")
            let kpi = ReplicationOutcome.kpiNames.firstIndex(of: String(parts[0]))!
            let target = Double(parts[1])!
            let progress = Progress(label: scenario.name, total: maxReplications, quiet: options.quiet)
            do {
                let (r, reached) = try experiment.runUntilPrecise(kpi: kpi, halfWidth: target, maximum: max(total, maxReplications),
                                                                  jobs: options.threadCount) { progress.update($0) }
                result = r
                let h = r.halfWidth(of: kpi)
                printError(reached
                    ? "precision reached: \(parts[0]) 95% half-width \(h) <= \(target) after \(r.indices.count) replications"
                    : "precision NOT reached: \(parts[0]) 95% half-width \(h) > \(target) after the maximum of \(r.indices.count) replications")
            } catch {
                printError("\(scenario.name): \(error.description)")
                throw Exit.badInput
            }
        } else if shard == nil {
            // Every replication's breakdowns go to a file as it completes (memory stays flat),
            // so that compare can pair two run folders place by place.
            let s = try BreakdownStream()
            stream = s
            result = try runExperiment(experiment, label: scenario.name, options: options) { s.append($0, $1) }
            breakdownFile = try s.finish()
        } else {
            result = try runExperiment(experiment, label: scenario.name, options: options, keepHourly: true)
        }
        let wall = monotonicSeconds() - started
        // replications.csv is written piece by piece; a shard's is held whole for its checksum.
        var files: [ResultFile] = [
            shard == nil ? RunFiles.replicationsFile(result) : ResultFile("replications.csv", text: RunFiles.replications(result)),
            ResultFile("summary.csv", text: RunFiles.summary(result)),
            RunFiles.timeseriesFile(result, start: scenario.configuration.start),
            ResultFile("standards.csv", text: Standards.csv(result)),
        ] + RunFiles.breakdownFiles(result, start: scenario.configuration.start)
        if let breakdownFile { files.append(breakdownFile) }
        if shard != nil {
            files.append(ResultFile("hourly_replications.csv", text: RunFiles.hourlyReplications(result)))
            files.append(ResultFile("breakdown_replications.csv", text: RunFiles.breakdownReplications(result)))
        }
        if trace {
            var traced = scenario.configuration
            traced.recordCalls = true
            do {
                let outcome = try ServiceSimulation.run(configuration: traced, seedPlan: experiment.seedPlan, replication: range.lowerBound)
                files.append(ResultFile("calls.csv", text: RunFiles.calls(outcome.calls, start: scenario.configuration.start)))
                files.append(ResultFile("handovers.csv", text: RunFiles.handovers(outcome.handovers, hospitals: scenario.configuration.hospitals.map(\.name),
                                                                                  start: scenario.configuration.start)))
            } catch {
                printError(error.description)
                throw Exit.badInput
            }
        }
        let checked = shard == nil ? [] : files.filter { Merge.checkedFiles.contains($0.name) }
        // With --precision the replications are those the stopping rule ran, not the default.
        let ran = precision == nil ? range : 0..<result.indices.count
        let warnings = Saturation.warnings(result, label: scenario.name)
        files.append(ResultFile("manifest.yaml", text: manifest(scenario: scenario, seed: seed, replications: ran, total: precision == nil ? total : ran.count, shard: shard,
                                                                wall: wall, checksums: checked.map { ($0.name, $0.text) }, warnings: warnings)))
        try writeRunFolder(files, to: folder)
        for w in warnings { printError("warning: \(w)") }
        if !options.quiet {
            printOut(Standards.block(result, label: "\(scenario.name), \(result.indices.count) replications, " + countedPeriod(scenario.configuration)))
            printError("wrote \(folder)/ (\(result.indices.count) replications, \(Int(wall.rounded())) s)")
        }
    }
}
