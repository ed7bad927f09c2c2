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
        let (resultA, nameA, seedA) = try obtain(a, seed: nil)
        let (resultB, nameB, seedB) = try obtain(b, seed: seedA)
        let comparison = Comparison(a: resultA, b: resultB, sameSeed: seedA == seedB)
        let path = out ?? "Results/\(nameB)-vs-\(nameA)/comparison.csv"
        let (folder, _) = ResultFolder.split(path)
        do {
            try ResultFolder.makeFolder(folder)
            try ResultFolder.writeFile(comparison.csv, to: path, ownLine: Comparison.header.joined(separator: ","))
        } catch {
            printError("\(error): choose a writable place with --out")
            throw Exit.badInput
        }
        print("A = \(nameA), B = \(nameB)")
        print(comparison.table(labelA: "A", labelB: "B", all: all))
        if !options.quiet { printError("wrote \(path)") }
    }

    /// A run folder is read; a scenario file is run (with `seed` when given, so both share seeds).
    func obtain(_ path: String, seed: UInt64?) throws -> (ExperimentResult, String, UInt64) {
        if ResultFolder.isFolder(path) {
            do {
                let text = try ResultFolder.readFile(path + "/replications.csv")
                let result = try RunFiles.read(replications: text, hourly: nil, file: path + "/replications.csv")
                guard !result.indices.isEmpty else {
                    printError("\(path)/replications.csv has no replication rows: nothing to compare")
                    throw Exit.badInput
                }
                guard Set(result.indices).count == result.indices.count else {
                    printError("\(path)/replications.csv lists a replication twice: it was not written by one ambsim run")
                    throw Exit.badInput
                }
                let manifest = try Manifest(folder: path)
                let seed = manifest["master_seed"].flatMap { UInt64($0) } ?? 0
                let name = manifest["name"] ?? ResultFolder.split(path).1
                return (result, name, seed)
            } catch let code as ExitCode {
                throw code
            } catch {
                printError("\(path): \(error) (is it a run folder written by ambsim run?)")
                throw Exit.badInput
            }
        }
        let scenario = try loadScenario(path, overrides: options.overrides, replications: options.replications)
        let s = options.seed ?? seed ?? scenario.seed
        let experiment = Experiment(configuration: scenario.configuration, masterSeed: s,
                                    replications: 0..<(options.replications ?? scenario.replications))
        return (try runExperiment(experiment, label: scenario.name, options: options), scenario.name, s)
    }
}
