import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario
#if canImport(Glibc)
import Glibc
#endif

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs: B - A for every KPI with a 95% interval.",
        discussion: """
            A and B are run folders (from ambsim run) or scenario files. Scenario files are both run \
            with the same seed and replications (common random numbers), so differences are paired. \
            Writes comparison.csv and prints a table of the headline KPIs.
            """)

    @Argument(help: "Run A (the reference): a run folder or a scenario file.")
    var a: String

    @Argument(help: "Run B: a run folder or a scenario file.")
    var b: String

    @Option(help: "Where to write comparison.csv (default: Results/<B>-vs-<A>/comparison.csv).")
    var out: String?

    @Flag(help: "Print every KPI, not only the headline ones.")
    var all = false

    @OptionGroup var options: RunOptions

    func run() throws {
        let (resultA, nameA, seedA, startA) = try obtain(a, seed: nil)
        let (resultB, nameB, seedB, _) = try obtain(b, seed: seedA)
        let comparison = Comparison(a: resultA, b: resultB, sameSeed: seedA == seedB)
        let path = out ?? "Results/\(nameB)-vs-\(nameA)/comparison.csv"
        // Per hospital, zone and day: paired when both were run here, else from the folders' tables.
        var places: [(name: String, text: String)] = []
        if PlaceComparison.canPair(resultA, resultB, sameSeed: seedA == seedB), let startA {
            places = PlaceComparison.paired(resultA, resultB, start: startA)
        } else if ResultFolder.isFolder(a), ResultFolder.isFolder(b) {
            let names = ["hospitals.csv", "zones.csv", "daily.csv"]
            if let ta = try? names.map({ try ResultFolder.readFile(a + "/" + $0) }), let tb = try? names.map({ try ResultFolder.readFile(b + "/" + $0) }) {
                do { places = try PlaceComparison.welch(a: ta, b: tb) } catch {
                    printError("\(error): per-place differences not written")
                }
            } else if !options.quiet {
                printError("a folder has no hospitals.csv, zones.csv or daily.csv (written by an older ambsim?): per-place differences not written")
            }
        }
        // Everything is computed before anything is written: a failure leaves no partial comparison.
        do {
            try ResultFolder.writeFile(comparison.csv, to: path, ownLine: Comparison.header.joined(separator: ","))
        } catch {
            printError("\(error): choose a writable place with --out")
            throw Exit.badInput
        }
        try writeBeside(path, places)
        // Two scenario files: the disruption's window first, the whole run beside it.
        if !ResultFolder.isFolder(a), !ResultFolder.isFolder(b), seedA == seedB {
            let sa = try loadScenario(a, overrides: options.overrides, replications: options.replications)
            let sb = try loadScenario(b, overrides: options.overrides, replications: options.replications)
            let n = options.replications ?? sa.replications
            if n == (options.replications ?? sb.replications),
               let (inWindow, text) = try windowComparison(sa.configuration, sb.configuration, names: (nameA, nameB), seed: seedA, replications: n, options: options) {
                let windowPath = ResultFolder.split(path).0 + "/comparison_window.csv"
                try writeComparison(inWindow, to: windowPath)
                print("A = \(nameA), B = \(nameB), in the disruption's window: \(text) (\(windowPath))")
                print(inWindow.table(labelA: "A", labelB: "B", all: all))
                print("")
                print("Over the whole run beside it:")
            }
            print("A = \(nameA), B = \(nameB), " + countedPeriod(sb.configuration))
        } else {
            print("A = \(nameA), B = \(nameB) (each folder's own counted period)")
        }
        print(comparison.table(labelA: "A", labelB: "B", all: all))
        if !options.quiet { printError("wrote \(path)") }
    }

    /// A run folder is read; a scenario file is run (with `seed` when given, so both share seeds).
    func obtain(_ path: String, seed: UInt64?) throws -> (ExperimentResult, String, UInt64, LocalDateTime?) {
        if ResultFolder.isFolder(path) {
            do {
                let text = try ResultFolder.readFile(path + "/replications.csv")
                var result = try RunFiles.read(replications: text, hourly: nil, file: path + "/replications.csv")
                guard !result.indices.isEmpty else {
                    printError("\(path)/replications.csv has no replication rows: nothing to compare")
                    throw Exit.badInput
                }
                guard Set(result.indices).count == result.indices.count else {
                    printError("\(path)/replications.csv lists a replication twice: it was not written by one ambsim run")
                    throw Exit.badInput
                }
                let manifest = try Manifest(folder: path, checked: true)
                // The rows are the replications the manifest says ran: none dropped, none added.
                if case .sequence(let bounds, _)? = manifest.document["replication_range"], bounds.count == 2,
                   case .scalar(let lo, _, _) = bounds[0], case .scalar(let hi, _, _) = bounds[1], let l = Int(lo), let h = Int(hi), l <= h {
                    guard result.indices == Array(l..<h) else {
                        let have = Set(result.indices)
                        let missing = (l..<h).filter { !have.contains($0) }
                        printError("\(path)/replications.csv does not hold replications \(l)..<\(h) as its manifest says (\(missing.isEmpty ? "rows added or out of order" : "replication \(missing[0]) missing")): it was edited or cut; rerun that folder")
                        throw Exit.badInput
                    }
                } else {
                    printError("\(path)/manifest.yaml has no replication_range: it is not a run folder ambsim wrote")
                    throw Exit.badInput
                }
                // Every replication's breakdowns, when the folder has them: per-place differences pair.
                if let breakdowns = try? ResultFolder.readFile(path + "/breakdown_replications.csv") {
                    result = try RunFiles.readBreakdowns(breakdowns, into: result, file: path)
                }
                let seed = manifest["master_seed"].flatMap { UInt64($0) } ?? 0
                let name = manifest["name"] ?? ResultFolder.split(path).1
                return (result, name, seed, manifest["start"].flatMap { LocalDateTime(iso: $0) })
            } catch let code as ExitCode {
                throw code
            } catch {
                // The message names the file (replications.csv, its manifest, its breakdowns).
                printError("\(error)")
                throw Exit.badInput
            }
        }
        let scenario = try loadScenario(path, overrides: options.overrides, replications: options.replications)
        let s = options.seed ?? seed ?? scenario.seed
        let experiment = Experiment(configuration: scenario.configuration, masterSeed: s,
                                    replications: 0..<(options.replications ?? scenario.replications))
        // The replications' breakdowns are kept, for the per-place differences, paired.
        return (try runExperiment(experiment, label: scenario.name, options: options, keepBreakdowns: true), scenario.name, s,
                scenario.configuration.start)
    }
}

/// Writes the per-place comparison files beside the comparison at `path`, named after it
/// (`comparison.csv` -> `comparison_hospitals.csv`, `diff.csv` -> `diff_hospitals.csv`),
/// replacing only files ambsim wrote there (each begins with its own header line).
func writeBeside(_ path: String, _ files: [(name: String, text: String)]) throws {
    let (folder, name) = ResultFolder.split(path)
    let stem = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
    for file in files {
        let target = folder + "/" + file.name.replacing("comparison", with: stem)
        let header = String(decoding: file.text.utf8.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        do { try ResultFolder.writeFile(file.text, to: target, ownLine: header) } catch {
            printError(error.description)
            throw Exit.badInput
        }
    }
}
