import ArgumentParser
import Foundation
import MonteCarlo
import Reports
import Scenario

/// `ambsim study`: every trust of a study file under one shared disruption, each beside its
/// own baseline, and the national table (per trust and England) with a figure. Runs
/// locally, or as parts (`--part K/N`, one Slurm array task each) combined by `--merge`;
/// the two give byte-identical folders.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Run a study: several trusts under one shared disruption, and the national table.",
        discussion: """
            A study file lists trusts (a folder of <org>.yaml files, or a mapping of organisation \
            codes to scenario files), settings for all of them, and an overlay: the disruption, \
            merged over each affected trust's scenario as extends: merges. Each trust runs its \
            baseline and the disruption with the same seeds (common random numbers); trust T's \
            master seed is the study's seed and T's code hashed together (FNV-1a), so trusts are \
            independent. Writes national.csv (per trust and England: baseline, disruption, B - A \
            with a paired 95% interval), replications.csv, national.png and manifest.yaml to \
            Results/<study name>/ or --out. England is formed as AmbSYS forms it: mean responses \
            weighted by the trusts' responded incidents, counts and hours summed. \
            On a cluster, ambsim slurm STUDY.yaml --tasks K writes a job array of trusts x K \
            parts and the merge job.
            """)

    @Argument(help: "The study file (YAML).")
    var study: String

    @Option(name: .shortAndLong, help: "Replications of each arm of each trust (default: the study's replications:).")
    var replications: Int?

    @Option(help: "Master seed (default: the study's seed:).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Threads (default: all cores). Results are identical for any value.")
    var jobs: Int?

    @Option(help: "Run part K of N into a part folder (N a multiple of the trusts: trusts x parts each), for ambsim study --merge.")
    var part: String?

    @Option(parsing: .upToNextOption, help: "Combine these part folders into the study's result.")
    var merge: [String] = []

    @Option(help: "Output folder (default: Results/<study name>, or Results/<study name>-part-K-of-N for a part).")
    var out: String?

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        if let r = replications, r < 1 || r > 100_000 { throw ValidationError("--replications must be between 1 and 100000 (got \(r))") }
        if let j = jobs, j < 1 || j > 1024 { throw ValidationError("--jobs must be between 1 and 1024 (got \(j))") }
        if let p = part, Run.parseShard(p) == nil { throw ValidationError("--part takes K/N with 1 <= K <= N (got \(p))") }
        if part != nil && !merge.isEmpty { throw ValidationError("--part runs one part and --merge combines parts: give one of them") }
    }

    var threads: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func run() throws {
        let plan: Study
        // By its real path, so that a local run and a merge of parts name the same files.
        let studyPath = (try? ResultFolder.resolve(study)) ?? study
        do { plan = try Study.load(path: studyPath) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let total = replications ?? plan.replications
        let masterSeed = seed ?? plan.seed
        // Every trust's both arms must load before anything runs.
        for trust in plan.trusts {
            for disrupted in [false, true] {
                do { _ = try plan.scenario(trust, disrupted: disrupted) } catch {
                    printError("\(study): trust \(trust.org)\(disrupted ? " with the overlay" : ""):\n\(error.description)")
                    throw Exit.badInput
                }
            }
        }
        if let p = part, let (k, n) = Run.parseShard(p) {
            guard n % plan.trusts.count == 0 else {
                printError("--part \(p): N must be a multiple of the study's \(plan.trusts.count) trusts (trusts x parts each)")
                throw Exit.badInput
            }
            let each = n / plan.trusts.count
            guard each <= total else {
                printError("--part \(p): \(each) parts for each trust but only \(total) replications: every part needs at least one")
                throw Exit.badInput
            }
            let trust = plan.trusts[(k - 1) / each]
            let range = Experiment.shard((k - 1) % each + 1, of: each, replications: total)
            let folder = out ?? "Results/\(plan.name)-part-\(k)-of-\(n)"
            try checkResultTarget(folder)
            let rows = try runTrust(trust, plan: plan, range: range, seed: masterSeed)
            try writeRunFolder([
                ResultFile("part.csv", text: NationalStudy.replicationsCSV(rows)),
                ResultFile(Manifest.fileName, text: manifest(plan, seed: masterSeed, total: total, kind: "study-part",
                                                            extra: [("part", .text("\(k)/\(n)")), ("trust", .text(trust.org)),
                                                                    ("replications_run", .text("\(range.lowerBound)..<\(range.upperBound)"))])),
            ], to: folder)
            if !quiet { printOut("wrote \(folder)/part.csv: \(trust.org), replications \(range.lowerBound + 1)-\(range.upperBound) of \(total), both arms") }
            return
        }
        let folder = out ?? "Results/\(plan.name)"
        try checkResultTarget(folder)
        var rows: [NationalStudy.Row] = []
        let started = monotonicSeconds()
        if merge.isEmpty {
            for trust in plan.trusts {
                let text = NationalStudy.replicationsCSV(try runTrust(trust, plan: plan, range: 0..<total, seed: masterSeed))
                // Through the same text as a part's file: the local run and a merge of parts
                // compute the table from the same numbers.
                rows += try readRows(text, file: trust.org)
            }
        } else {
            for p in merge {
                let path = p + "/part.csv"
                let text: String
                do { text = try ResultFolder.readFile(path) } catch {
                    printError("\(p): not a study part folder (\(error.description))")
                    throw Exit.badInput
                }
                rows += try readRows(text, file: path)
            }
        }
        let order = Dictionary(uniqueKeysWithValues: plan.trusts.enumerated().map { ($1.org, $0) })
        if let stray = rows.first(where: { order[$0.org] == nil }) {
            printError("\(stray.org) is not a trust of \(study): a part of another study was given")
            throw Exit.badInput
        }
        rows.sort { (order[$0.org]!, $0.arm, $0.replication) < (order[$1.org]!, $1.arm, $1.replication) }
        let table: String
        do {
            table = try NationalStudy.table(rows, orgs: plan.trusts.map(\.org), affected: Set(plan.trusts.filter(\.affected).map(\.org)), replications: total)
        } catch {
            printError("\(merge.isEmpty ? study : "the parts"): \(error.description)")
            throw Exit.badInput
        }
        try writeRunFolder([
            ResultFile("national.csv", text: table),
            ResultFile("replications.csv", text: NationalStudy.replicationsCSV(rows)),
            ResultFile(Manifest.fileName, text: manifest(plan, seed: masterSeed, total: total, kind: "study", extra: [])),
        ], to: folder)
        _ = try? drawFigures(in: folder)
        printOut(summary(table))
        if !quiet {
            printOut("wrote \(folder)/: national.csv, replications.csv, national.png (\(plan.trusts.count) trusts x 2 arms x \(total) replications\(merge.isEmpty ? ", \(Number.fixed(monotonicSeconds() - started, places: 1)) s" : ", merged from \(merge.count) parts"))")
        }
    }

    /// The master seed of a trust: the study's and the trust's code hashed (FNV-1a).
    static func trustSeed(_ seed: UInt64, org: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(seed)|\(org)".utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Both arms of `trust` over `range`, as rows.
    func runTrust(_ trust: Study.Trust, plan: Study, range: Range<Int>, seed: UInt64) throws -> [NationalStudy.Row] {
        var rows: [NationalStudy.Row] = []
        for (arm, disrupted) in [("baseline", false), ("disruption", true)] {
            let scenario: Scenario
            do { scenario = try plan.scenario(trust, disrupted: disrupted) } catch {
                printError(error.description)
                throw Exit.badInput
            }
            let experiment = Experiment(configuration: scenario.configuration, masterSeed: Self.trustSeed(seed, org: trust.org), replications: range)
            let progress = Progress(label: "\(trust.org) \(arm)", total: range.count, quiet: quiet)
            let result: ExperimentResult
            do { result = try experiment.run(jobs: threads, progress: { progress.update($0) }) } catch {
                printError("\(trust.org) \(arm): \(error.description)")
                throw Exit.badInput
            }
            for (i, outcome) in zip(result.indices, result.outcomes) {
                rows.append(NationalStudy.Row(org: trust.org, arm: arm, replication: i, values: NationalStudy.kept.map { outcome[kpi: $0] }))
            }
        }
        return rows
    }

    func readRows(_ text: String, file: String) throws -> [NationalStudy.Row] {
        do { return try NationalStudy.rows(fromCSV: text, file: file) } catch {
            printError(error.description)
            throw Exit.badInput
        }
    }

    /// The C2 lines of the table, for the terminal.
    func summary(_ table: String) -> String {
        guard let records = try? CSVReader.records(table) else { return "" }
        var lines = ["C2 mean response, minutes: baseline -> disruption, B - A (95% interval)"]
        for r in records.dropFirst() where r.count == 9 && r[2] == "c2_response_mean_min" {
            func f(_ s: String) -> String { Double(s).map { Number.fixed($0, places: 1) } ?? "-" }
            lines.append("  \(r[0].padding(toLength: 8, withPad: " ", startingAt: 0)) \(f(r[3])) -> \(f(r[4])), \(f(r[5])) (\(f(r[6])) to \(f(r[7])))\(r[1] == "no" ? "  not hit" : "")")
        }
        return lines.joined(separator: "\n")
    }

    func manifest(_ plan: Study, seed: UInt64, total: Int, kind: String, extra: [(String, ScenarioNode)]) -> String {
        Manifest.text(kind: kind, [
            ("ambsim_version", .text(Ambsim.version)),
            ("name", .text(plan.name)),
            ("study_file", .text(plan.path)),
            ("master_seed", .number(seed)),
            ("replications", .number(total)),
            ("trusts", .list(plan.trusts.map { .text("\($0.org): \($0.path)\($0.affected ? "" : " (not hit)")") })),
            ("settings", .list(plan.settings.map { .text($0) })),
            ("overlay", plan.overlay),
        ] + extra)
    }
}
