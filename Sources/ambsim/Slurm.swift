import ArgumentParser
import Foundation
import Reports
import Scenario
import Stochastics

/// `ambsim slurm`: the batch scripts that run one experiment as a Slurm job array of
/// shards and merge them, and optionally their submission.
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write (and with --submit, queue) Slurm batch scripts that run a scenario as a job array of shards and merge them.",
        discussion: """
            Writes array.sbatch (task K runs ambsim run --shard K/N into shards/part-K), merge.sbatch \
            (ambsim merge of the N shards into the result folder) and submit.sh (queues the array, then \
            the merge with --dependency=afterok on it) into Results/<scenario name>-slurm/ or --out. \
            The ambsim executable, the scenario, the seed and every --set are baked in with absolute \
            paths. The merged result is byte-identical to one unsharded ambsim run with the same seed.
            """)

    @Argument(help: "The scenario file (YAML), or a study file (ambsim study).")
    var scenario: String

    @Option(help: "Tasks of the job array: the replications are split into this many shards (for a study: parts for each trust, so trusts x tasks array tasks).")
    var tasks: Int

    @Option(name: .shortAndLong, help: "Replications in all (default: the scenario's replications:).")
    var replications: Int?

    @Option(name: .long, help: "Master seed (default: the scenario's seed:).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Threads of each task (its --cpus-per-task).")
    var jobs = 1

    @Option(name: .customLong("set"), help: "Override a scenario key, carried into every task: --set demand.visitors.scale=1.2 (repeatable).")
    var overrides: [String] = []

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Time limit of each task, as Slurm writes it: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.")
    var time: String?

    @Option(help: "Folder for the scripts, the shards and the logs (default: Results/<scenario name>-slurm).")
    var out: String?

    @Option(help: "Folder for the merged result (default: Results/<scenario name>).")
    var result: String?

    @Flag(help: "Queue the scripts with sbatch and print the job ids.")
    var submit = false

    @Flag(name: .shortAndLong, help: "Print only the job ids (with --submit).")
    var quiet = false

    static let maximumTasks = 1000   // Slurm's default MaxArraySize is 1001

    func validate() throws {
        guard (1...Self.maximumTasks).contains(tasks) else {
            throw ValidationError("--tasks must be between 1 and \(Self.maximumTasks) (got \(tasks))")
        }
        if let r = replications, r < 1 || r >= SeedPlan.maximumReplicationsForCLI {
            throw ValidationError("--replications must be between 1 and \(SeedPlan.maximumReplicationsForCLI - 1) (got \(r))")
        }
        guard (1...1024).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 1024 (got \(jobs))") }
        if let p = partition, p.isEmpty || !p.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.,-".contains($0)) }) {
            throw ValidationError("--partition takes a Slurm partition name (letters, digits, _ . - and commas; got \(p))")
        }
        if let t = time, !Self.isSlurmTime(t) {
            throw ValidationError("--time takes MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (got \(t))")
        }
    }

    /// Slurm's time formats: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS (digits).
    static func isSlurmTime(_ text: String) -> Bool {
        func fields(_ s: Substring) -> [Substring]? {
            let f = s.split(separator: ":", omittingEmptySubsequences: false)
            return f.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } } ? f : nil
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return fields(parts[0]).map { (1...3).contains($0.count) } ?? false
        case 2:
            guard let day = fields(parts[0]), day.count == 1, let clock = fields(parts[1]) else { return false }
            return (1...3).contains(clock.count)
        default: return false
        }
    }

    func run() throws {
        if Study.isStudy(path: scenario) { return try runStudy() }
        let loaded = try loadScenario(scenario, overrides: overrides, replications: replications)
        let total = replications ?? loaded.replications
        guard tasks <= total else {
            printError("--tasks \(tasks) is more than the \(total) replications: every task needs at least one; use fewer tasks")
            throw Exit.badInput
        }
        let scenarioPath: String
        do { scenarioPath = try ResultFolder.resolve(scenario) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let (folder, resultFolder, executable) = try targets(name: loaded.name)
        let scripts = SlurmScripts(ambsim: executable, scenario: scenarioPath, folder: folder,
                                   result: resultFolder, name: loaded.name, tasks: tasks, replications: total,
                                   seed: seed ?? loaded.seed, jobs: jobs, overrides: overrides, partition: partition, time: time)
        try writeAndSubmit(scripts, folder: folder, resultFolder: resultFolder, tasks: tasks, taskWord: "shard",
                           manifest: commandManifest(kind: "slurm", scenario: loaded, seed: scripts.seed, replications: total),
                           wrote: "\(tasks) tasks x \(jobs) CPUs, \(total) replications")
    }

    /// A study file: a job array of its trusts x --tasks parts (each part one trust's slice
    /// of the replications, both arms), and `ambsim study --merge` of them all.
    func runStudy() throws {
        guard overrides.isEmpty else {
            printError("--set acts on one scenario; a study's settings for every trust go in its set: list")
            throw Exit.badInput
        }
        let studyPath: String
        let plan: Study
        do {
            studyPath = try ResultFolder.resolve(scenario)
            plan = try Study.load(path: studyPath)
        } catch let e as ScenarioErrors {
            printError(e.description)
            throw Exit.badInput
        } catch {
            printError("\(error)")
            throw Exit.badInput
        }
        let total = replications ?? plan.replications
        guard tasks <= total else {
            printError("--tasks \(tasks) parts for each trust is more than the \(total) replications: every part needs at least one; use fewer tasks")
            throw Exit.badInput
        }
        let parts = plan.trusts.count * tasks
        guard parts <= Self.maximumTasks else {
            printError("\(plan.trusts.count) trusts x --tasks \(tasks) = \(parts) array tasks, above \(Self.maximumTasks) (Slurm's default MaxArraySize): use fewer tasks")
            throw Exit.badInput
        }
        let (folder, resultFolder, executable) = try targets(name: plan.name)
        var scripts = SlurmScripts(ambsim: executable, scenario: studyPath, folder: folder, result: resultFolder, name: plan.name,
                                   tasks: parts, replications: total, seed: seed ?? plan.seed, jobs: jobs, overrides: [],
                                   partition: partition, time: time)
        scripts.study = true
        try writeAndSubmit(scripts, folder: folder, resultFolder: resultFolder, tasks: parts, taskWord: "part",
                           manifest: Manifest.text(kind: "slurm", [
                               ("ambsim_version", .text(Ambsim.version)), ("command", .text(commandLineText())), ("study", .text(studyPath)),
                               ("name", .text(plan.name)), ("master_seed", .number(scripts.seed)), ("replications", .number(total)),
                               ("parts", .number(parts))]),
                           wrote: "\(plan.trusts.count) trusts x \(tasks) parts = \(parts) tasks x \(jobs) CPUs, \(total) replications each arm")
    }

    /// The scripts' folder and the result folder (absolute, checked as ambsim checks what it
    /// writes; the scripts' folder without what #SBATCH lines cannot carry), and this executable.
    func targets(name: String) throws -> (folder: String, result: String, executable: String) {
        let folder: String, resultFolder: String
        do {
            folder = try ResultFolder.resolve(out ?? "Results/\(name)-slurm")
            resultFolder = try ResultFolder.resolve(result ?? "Results/\(name)")
        } catch {
            printError(error.description.replacing("--out", with: "--out or --result"))
            throw Exit.badInput
        }
        if let c = SlurmScripts.unsafeForSbatch(folder) {
            printError("\(folder): Slurm's #SBATCH lines cannot carry a path with \(c == " " ? "a space" : "'\(c)'"); give --out a folder without it")
            throw Exit.badInput
        }
        try checkResultTarget(folder)
        try checkResultTarget(resultFolder)
        guard let executable = Bundle.main.executablePath else {
            printError("cannot tell where this ambsim executable is; run it by its path")
            throw Exit.internalError
        }
        return (folder, resultFolder, executable)
    }

    /// Writes the scripts (refused when a value cannot go into one), and with --submit
    /// queues the array, then the merge on it (afterok).
    func writeAndSubmit(_ scripts: SlurmScripts, folder: String, resultFolder: String, tasks: Int, taskWord: String,
                        manifest: String, wrote: String) throws {
        if let refusal = scripts.refusal {
            printError(refusal)
            throw Exit.badInput
        }
        try writeRunFolder([
            ResultFile("array.sbatch", text: scripts.arrayScript),
            ResultFile("merge.sbatch", text: scripts.mergeScript),
            ResultFile("submit.sh", text: scripts.submitScript),
            ResultFile("logs/README.txt", text: "Slurm writes the output of each \(taskWord) task (shard-K.out) and of the merge job (merge.out) here.\n"),
            ResultFile(Manifest.fileName, text: manifest),
        ], to: folder)
        for script in ["array.sbatch", "merge.sbatch", "submit.sh"] {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/" + script)
        }
        if !quiet { printOut("wrote \(folder)/: array.sbatch (\(wrote)), merge.sbatch, submit.sh") }
        guard submit else {
            if !quiet { printOut("queue them with: bash \(SlurmScripts.quoted(folder + "/submit.sh"))") }
            return
        }
        let array = try sbatch([folder + "/array.sbatch"], folder: folder)
        let merge: String
        do { merge = try sbatch(["--dependency=afterok:\(array)", folder + "/merge.sbatch"], folder: folder) } catch {
            // The array is queued and will run: say so, with what to do either way.
            printError("the job array \(array) IS queued (\(tasks) tasks) but its merge job was not: when the array has finished, run "
                       + "sbatch --dependency=afterok:\(array) \(SlurmScripts.quoted(folder + "/merge.sbatch")), or cancel the array with scancel \(array)")
            throw error
        }
        printOut(quiet ? "\(array) \(merge)" : "array job \(array) (\(tasks) tasks), merge job \(merge): results in \(resultFolder)")
    }

    /// Runs `sbatch --parsable ARGS` and returns the job id it printed.
    func sbatch(_ arguments: [String], folder: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/sbatch" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            printError("sbatch is not on PATH: this machine is not a Slurm submit host. The scripts are written; on a submit host run bash \(SlurmScripts.quoted(folder + "/submit.sh"))")
            throw Exit.badInput
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--parsable"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            printError("cannot start \(path): \(error.localizedDescription)")
            throw Exit.badInput
        }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let id = printed.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard process.terminationStatus == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            printError("sbatch refused \(arguments.last ?? "") (exit \(process.terminationStatus)): \(complaint.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw Exit.badInput
        }
        return id
    }
}
