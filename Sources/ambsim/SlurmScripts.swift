/// The batch scripts of a Slurm run of one experiment: a job array whose task K runs
/// `ambsim run --shard K/N` into its own shard folder, and a merge job, submitted with
/// `--dependency=afterok:<array>`, that combines the N shard folders into one result,
/// byte-identical to an unsharded run. Every path is absolute and every word the shell
/// reads is quoted, so the scripts run the same from any folder and on any node that
/// sees the same files.
struct SlurmScripts {
    /// The ambsim executable, the scenario file and the folders, all absolute.
    var ambsim: String
    var scenario: String
    var folder: String
    var result: String
    var name: String
    var tasks: Int
    var replications: Int
    var seed: UInt64
    var jobs: Int
    var overrides: [String]
    var partition: String?
    var time: String?
    /// A study (`ambsim study`): the array's tasks are its parts (trusts x parts each) and
    /// the merge job is `ambsim study --merge`.
    var study = false

    /// The scenario name as a Slurm job name (letters, digits, - _ .).
    var jobName: String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
    }

    /// Shard K's folder.
    func shardFolder(_ k: Int) -> String { "\(folder)/shards/part-\(k)" }

    /// A word for the shell: single-quoted, a quote inside written as '\''. Every string
    /// that reaches a script goes through here, comments included; `refusal` has already
    /// refused control characters, so no quoted word can end a line.
    static func quoted(_ word: String) -> String {
        precondition(controlCharacter(in: word) == nil, "SlurmScripts.quoted: control character in \(word.debugDescription)")
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    /// The first control character (newline, carriage return, tab, NUL, ...) in `text`.
    static func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }

    /// Why these scripts cannot be written, or nil: a path or value with a control
    /// character (a line break in a script ends the comment or command it is in).
    var refusal: String? {
        let values: [(String, String)] = [("the ambsim executable's path", ambsim), ("the scenario path", scenario), ("--out", folder),
                                           ("--result", result), ("the scenario name", name), ("--partition", partition ?? ""),
                                           ("--time", time ?? "")] + overrides.map { ("--set", $0) }
        for (what, value) in values {
            if let c = Self.controlCharacter(in: value) {
                return "\(what) \(value.debugDescription) holds a control character (U+\(String(c.value, radix: 16, uppercase: true))): it cannot go into a batch script; give it without"
            }
        }
        return nil
    }

    /// The `#SBATCH` lines of a script.
    func directives(jobName: String, array: String? = nil, output: String, cpus: Int, more: [String] = []) -> [String] {
        var lines = ["#SBATCH --job-name=\(jobName)"]
        if let array { lines.append("#SBATCH --array=\(array)") }
        lines += ["#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=\(cpus)", "#SBATCH --output=\(output)"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        return lines + more.map { "#SBATCH " + $0 }
    }

    var arrayScript: String {
        var lines = ["#!/bin/bash",
                     study ? "# Written by ambsim slurm: task K of this job array runs part K/\(tasks) (one trust, both arms) of the study"
                           : "# Written by ambsim slurm: task K of this job array runs shard K/\(tasks) of \(replications) replications",
                     "# \(study ? "" : "of ")\(Self.quoted(name)) (seed \(seed)) into \(Self.quoted(folder + "/shards/part-K")). Submit it with submit.sh, which",
                     "# also queues merge.sbatch to run once every task has succeeded."]
        lines += directives(jobName: "ambsim-\(jobName)", array: "1-\(tasks)", output: "\(folder)/logs/shard-%a.out", cpus: jobs)
        var command = [Self.quoted(ambsim), study ? "study" : "run", Self.quoted(scenario), "-r", String(replications), "--seed", String(seed),
                       "--jobs", String(jobs), "-q", study ? "--part" : "--shard", "\"${SLURM_ARRAY_TASK_ID}/\(tasks)\"",
                       "--out", Self.quoted("\(folder)/shards/part-") + "\"${SLURM_ARRAY_TASK_ID}\""]
        for o in overrides { command += ["--set", Self.quoted(o)] }
        lines += ["set -euo pipefail",
                  ": \"${SLURM_ARRAY_TASK_ID:?run this script with sbatch (it is a job array), or set SLURM_ARRAY_TASK_ID}\"",
                  "exec " + command.joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    var mergeScript: String {
        var lines = ["#!/bin/bash",
                     "# Written by ambsim slurm: combines the \(tasks) shard folders of \(Self.quoted(name)) into \(Self.quoted(result)).",
                     "# Queued by submit.sh with --dependency=afterok on the array; merge refuses a missing,",
                     "# repeated or damaged shard and names it."]
        lines += directives(jobName: "ambsim-\(jobName)-merge", output: "\(folder)/logs/merge.out", cpus: 1, more: ["--kill-on-invalid-dep=yes"])
        let shards = (1...tasks).map { Self.quoted(shardFolder($0)) }
        lines += ["set -euo pipefail",
                  "exec " + (study ? [Self.quoted(ambsim), "study", Self.quoted(scenario), "-r", String(replications), "--seed", String(seed), "-q", "--merge"]
                                    : [Self.quoted(ambsim), "merge"]).joined(separator: " ") + " " + (shards + ["--out", Self.quoted(result)]).joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    var submitScript: String {
        """
        #!/bin/bash
        # Written by ambsim slurm: queues the job array, then the merge job to run once every
        # task of the array has succeeded (afterok). Prints both job ids.
        set -euo pipefail
        array=$(sbatch --parsable \(Self.quoted(folder + "/array.sbatch")))
        array=${array%%;*}
        merge=$(sbatch --parsable --dependency=afterok:${array} \(Self.quoted(folder + "/merge.sbatch")))
        merge=${merge%%;*}
        echo "array job ${array} (\(tasks) tasks), merge job ${merge}: results in" \(Self.quoted(result))

        """
    }

    /// Characters Slurm's `#SBATCH` lines and file patterns cannot carry in a path.
    static func unsafeForSbatch(_ path: String) -> Character? {
        path.first { $0.isWhitespace || $0 == "'" || $0 == "\"" || $0 == "\\" || $0 == "%" || $0 == "$" || $0 == "`" }
    }
}
