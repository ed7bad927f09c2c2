import AmbulanceService
import Foundation
import ArgumentParser
import CPlatform
import MonteCarlo
import Reports
import Scenario
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Options shared by the commands that run scenarios.
struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Replications (default: the scenario's replications:).")
    var replications: Int?

    @Option(name: .long, help: "Master seed (default: the scenario's seed:).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Threads (default: all cores). Results are identical for any value.")
    var jobs: Int?

    @Option(name: .customLong("set"), help: "Override a scenario key: --set demand.visitors.scale=1.2 (repeatable).")
    var overrides: [String] = []

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        if let r = replications, r < 1 || r >= SeedPlan.maximumReplicationsForCLI {
            throw ValidationError("--replications must be between 1 and \(SeedPlan.maximumReplicationsForCLI - 1) (got \(r))")
        }
        if let j = jobs, j < 1 || j > 1024 { throw ValidationError("--jobs must be between 1 and 1024 (got \(j))") }
    }

    var threadCount: Int { jobs ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

import Stochastics
extension SeedPlan { static let maximumReplicationsForCLI = SeedPlan.maximumReplications }

/// Loads a scenario or exits 2 with every error printed.
func loadScenario(_ path: String, overrides: [String], replications: Int? = nil) throws -> Scenario {
    do {
        let scenario = try Scenario.load(path: path, overrides: overrides)
        try scenario.checkWorkload(replications: replications)
        return scenario
    } catch {
        printError(error.description)
        throw Exit.badInput
    }
}

/// Progress on standard error: a bar redrawn in place on a terminal, otherwise a line at
/// every tenth of the work.
final class Progress: Sendable {
    let label: String
    let total: Int
    let enabled: Bool
    let terminal: Bool
    let started = monotonicSeconds()
    let lastDecile = Mutex(-1)

    init(label: String, total: Int, quiet: Bool) {
        self.label = label
        self.total = total
        self.enabled = !quiet
        self.terminal = isatty(2) == 1
    }

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let elapsed = monotonicSeconds() - started
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : 0
        if terminal {
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            var text = "\r\(label) [\(bar)] \(done)/\(total) replications, \(show(rate))/s, \(Int(left.rounded())) s left  "
            if done == total { text += "\n" }
            printRaw(text)
        } else {
            let decile = 10 * done / total
            let shouldPrint = lastDecile.withLock { last -> Bool in
                guard decile > last else { return false }
                last = decile
                return true
            }
            if shouldPrint { printError("\(label): \(done)/\(total) replications (\(show(elapsed)) s)") }
        }
    }

    func show(_ x: Double) -> String { Number.fixed(x, places: 1) }
}

func printRaw(_ text: String) {
    var bytes = Array(text.utf8)
    _ = write(2, &bytes, bytes.count)
}

/// Runs a scenario's experiment with progress, mapping model errors to exit 2.
func runExperiment(_ experiment: Experiment, label: String, options: RunOptions, keepHourly: Bool = false,
                   keepBreakdowns: Bool? = nil, deliver: (@Sendable (Int, ReplicationOutcome) -> Void)? = nil) throws -> ExperimentResult {
    let progress = Progress(label: label, total: experiment.replications.count, quiet: options.quiet)
    do {
        return try experiment.run(jobs: options.threadCount, keepHourly: keepHourly, keepBreakdowns: keepBreakdowns, deliver: deliver,
                                  progress: { progress.update($0) })
    } catch {
        printError("\(label): \(error.description)")
        throw Exit.badInput
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: a fingerprint of text (not a cryptographic hash; it
/// tells apart different experiments and damaged files, not a forger).
func fnv64(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// The fingerprint of a resolved experiment: the scenario after extends and --set, the
/// master seed, the replications and the ambsim version. Shards of one run share it.
func experimentFingerprint(scenario: Scenario, seed: UInt64, total: Int) -> String {
    fnv64("\(Ambsim.version)|\(seed)|\(total)|" + scenario.document.removing(key: "extends").yamlText())
}

/// The manifest of a run folder; `checksums` are the fingerprints of files merge will read.
func manifest(scenario: Scenario, seed: UInt64, replications: Range<Int>, total: Int, shard: String?, wall: Double,
              checksums: [(file: String, text: String)] = [], warnings: [String] = []) -> String {
    var entries: [(String, ScenarioNode)] = [
        ("ambsim_version", .text(Ambsim.version)),
        ("scenario", .text(scenario.path)),
        ("name", .text(scenario.name)),
        ("start", .text(scenario.configuration.start.description)),
        ("master_seed", .number(seed)),
        ("replications", .number(total)),
        ("replication_range", .list([.number(replications.lowerBound), .number(replications.upperBound)])),
    ]
    if let shard { entries.append(("shard", .text(shard))) }
    entries.append(("fingerprint", .text(experimentFingerprint(scenario: scenario, seed: seed, total: total))))
    for (file, text) in checksums { entries.append(("checksum_\(file.replacing(".", with: "_"))", .text(fnv64(text)))) }
    entries += [
        ("seed_derivation", .text("MT19937 streams; seed = (low32(splitmix64(master)) + (replication << 12 | purpose << 8 | substream)) mod 2^32")),
        ("command", .text(commandLineText())),
        ("wall_time_s", .number((wall * 1000).rounded() / 1000)),
    ]
    // What was printed as a warning is kept with the results (saturation).
    if !warnings.isEmpty { entries.append(("warnings", .list(warnings.map { .text($0) }))) }
    entries += [
        ("resolved_scenario", scenario.document.removing(key: "extends")),
    ]
    return Manifest.text(kind: "run", entries)
}

/// Refuses, before any computing, a result folder ambsim may not write (exit 2, saying why).
func checkResultTarget(_ folder: String) throws {
    do { try ResultFolder.checkTarget(folder) } catch {
        printError(error.description)
        throw Exit.badInput
    }
}

/// Writes a result folder atomically. Ctrl-C (or SIGTERM) while it is written stops it
/// before the result is put in place: the partial folder is removed, the previous result is
/// left whole, and ambsim exits 130.
func writeRunFolder(_ files: [(name: String, text: String)], to folder: String) throws {
    try writeRunFolder(files.map { ResultFile($0.name, text: $0.text) }, to: folder)
}

func writeRunFolder(_ files: [ResultFile], to folder: String) throws {
    ambsim_interrupts_record()
    defer { ambsim_interrupts_restore() }
    do { try ResultFolder.write(files, to: folder) { ambsim_interrupt_received() != 0 } } catch {
        if error.interrupted {
            printError(error.description)
            throw ExitCode(130)
        }
        // Refusals say what to do; a failed write gets the hint.
        printError(error.description.contains("--out") ? error.description : "\(error.description): choose a writable folder with --out")
        throw Exit.badInput
    }
    if ambsim_interrupt_received() != 0 {
        printError("interrupted after \(folder) was written whole")
        throw ExitCode(130)
    }
}


/// `breakdown_replications.csv` written a replication at a time while the experiment runs,
/// into an unnamed temporary file (created and unlinked at once, so that a run killed at
/// any moment leaves nothing behind), then copied into the result folder. `append` is
/// called in replication order, one call at a time (under the experiment's lock).
final class BreakdownStream: @unchecked Sendable {
    let handle: FileHandle
    var failed: String?

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ambsim-breakdowns-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(RunFiles.breakdownReplicationsHeaderLine.utf8)),
              let handle = FileHandle(forUpdatingAtPath: path) else {
            printError("cannot create a temporary file in \(FileManager.default.temporaryDirectory.path) (set TMPDIR to a writable folder)")
            throw Exit.badInput
        }
        ResultFolder.removeTree(path)   // unlinked: the open handle keeps it until closed
        self.handle = handle
        handle.seekToEndOfFile()
    }

    func append(_ replication: Int, _ outcome: ReplicationOutcome) {
        guard failed == nil, let b = outcome.breakdowns else { return }
        do { try handle.write(contentsOf: Data(RunFiles.breakdownRows(replication, b).utf8)) } catch { failed = "\(error)" }
    }

    /// The finished file, to be copied into the result folder.
    func finish() throws -> ResultFile {
        if let failed {
            printError("cannot write the temporary breakdowns file: \(failed)")
            throw Exit.badInput
        }
        return ResultFile("breakdown_replications.csv", copyingFrom: handle)
    }

    func discard() { try? handle.close() }
}

/// The window a run's KPIs cover, said with every figure printed: the calls that arrive
/// after the warm-up and before the run-out.
func countedPeriod(_ c: ServiceConfiguration) -> String {
    let from = c.start.adding(minutes: Int(c.warmUpMinutes.rounded()))
    let to = c.start.adding(minutes: Int(c.countEndMinutes.rounded()))
    var text = "figures for calls arriving \(from) to \(to)"
    // A disruption starting inside the counted run: the figures dilute its effect with the
    // days before it.
    if let window = disruptionWindow(c) {
        text += " (the whole counted run: the disruption starts \(c.start.adding(minutes: Int(window.warmUp))), so days before it are in these figures)"
    }
    return text
}

/// The disruption's window of a configuration: calls arriving from its first disruption (a
/// record-mode change or a disruption period) to the end of the counted run, as the warm-up
/// that counts them; nil when no disruption starts inside the counted run. The window runs
/// to the end rather than to a restoration, which may differ by replication (uncertain
/// lengths) and whose backlog is part of the cost.
func disruptionWindow(_ c: ServiceConfiguration) -> (warmUp: Double, text: String)? {
    guard let first = c.firstDisruptionMinutes, first > c.warmUpMinutes, first < c.countEndMinutes else { return nil }
    let from = c.start.adding(minutes: Int(first.rounded(.down)))
    let to = c.start.adding(minutes: Int(c.countEndMinutes.rounded()))
    return (first.rounded(.down), "calls arriving \(from) to \(to), from the disruption's start to the end of the counted run")
}

/// A and B counted over B's disruption window (or A's, when only A has one), run again with
/// the same seeds: the comparison a planner means by "what the disruption cost", and the
/// window's description. Nil when neither has a disruption inside its counted run.
func windowComparison(_ a: ServiceConfiguration, _ b: ServiceConfiguration, names: (String, String), seed: UInt64, replications n: Int,
                      options: RunOptions) throws -> (Comparison, String)? {
    guard let window = disruptionWindow(b) ?? disruptionWindow(a) else { return nil }
    var results: [ExperimentResult] = []
    for (c, name) in [(a, names.0), (b, names.1)] {
        var counted = c
        counted.warmUpMinutes = max(counted.warmUpMinutes, window.warmUp)
        results.append(try runExperiment(Experiment(configuration: counted, masterSeed: seed, replications: 0..<n), label: "\(name) (window)", options: options))
    }
    return (Comparison(a: results[0], b: results[1], sameSeed: true), window.text)
}

/// Writes comparison.csv-shaped text, replacing only a comparison ambsim wrote.
func writeComparison(_ comparison: Comparison, to path: String) throws {
    do { try ResultFolder.writeFile(comparison.csv, to: path, ownLine: Comparison.header.joined(separator: ",")) } catch {
        printError(error.description)
        throw Exit.badInput
    }
}
