#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `ambsim slurm` writes batch scripts that carry the command line exactly, run by hand as
/// Slurm would run them, and refuse what Slurm could not take (issue 12). The live-cluster
/// stage is `.ci/slurm-check`.
@Suite("ambsim slurm", .serialized)
struct SlurmCommandTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"


    /// A folder with the tiny scenario under a name with a space, and its slurm scripts.
    func generated(_ extra: [String] = []) -> (dir: String, result: CommandResult) {
        let dir = temporaryFolder()
        makeFile(dir + "/my tiny.yaml", readFile(Self.tiny) ?? "")
        let r = ambsim(["slurm", "my tiny.yaml", "--tasks", "4", "-r", "10", "--out", "slurm", "--result", "merged",
                        "--set", "description=it's a test", "--set", "demand.visitors.scale=1.5"] + extra, in: dir)
        return (dir, r)
    }

    @Test("the scripts carry the command line: array bounds, shard K/N, quoted absolute paths, every --set, partition and time")
    func scriptText() throws {
        let (dir, r) = generated(["--partition", "short", "--time", "1-02:00:00", "--jobs", "2", "--seed", "7"])
        #expect(r.status == 0, "\(r.stderr)")
        let array = try #require(readFile(dir + "/slurm/array.sbatch"))
        let lines = array.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        for directive in ["--array=1-4", "--cpus-per-task=2", "--partition=short", "--time=1-02:00:00", "--output=\(dir)/slurm/logs/shard-%a.out",
                          "--job-name=ambsim-tiny"] {
            #expect(lines.contains("#SBATCH " + directive), "\(directive) in\n\(array)")
        }
        let command = try #require(lines.last)
        #expect(command.hasPrefix("exec '/") && command.contains("' run '\(dir)/my tiny.yaml' -r 10 --seed 7 --jobs 2 -q"), "\(command)")
        #expect(command.contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\" --out '\(dir)/slurm/shards/part-'\"${SLURM_ARRAY_TASK_ID}\""))
        #expect(command.hasSuffix("--set 'description=it'\\''s a test' --set 'demand.visitors.scale=1.5'"), "\(command)")
        let merge = try #require(readFile(dir + "/slurm/merge.sbatch"))
        let shards = (1...4).map { "'\(dir)/slurm/shards/part-\($0)'" }.joined(separator: " ")
        #expect(merge.contains("merge \(shards) --out '\(dir)/merged'\n"), "\(merge)")
        #expect(merge.contains("#SBATCH --kill-on-invalid-dep=yes") && !merge.contains("--array"))
        let submit = try #require(readFile(dir + "/slurm/submit.sh"))
        #expect(submit.contains("sbatch --parsable --dependency=afterok:${array} '\(dir)/slurm/merge.sbatch'"))
        #expect(readFile(dir + "/slurm/manifest.yaml")?.hasPrefix("# ambsim slurm manifest") == true)
        #expect(exists(dir + "/slurm/logs"))
    }

    @Test("run by hand as Slurm runs them, the tasks and the merge give files byte-identical to one unsharded run; one task missing, the merge names its shard")
    func scriptsRunByHand() throws {
        let (dir, r) = generated()
        #expect(r.status == 0, "\(r.stderr)")
        for k in [1, 2, 4] {
            let task = runProgram(["bash", "slurm/array.sbatch"], in: dir, environment: ["SLURM_ARRAY_TASK_ID=\(k)"])
            #expect(task.status == 0, "task \(k): \(task.stderr)")
        }
        let refused = runProgram(["bash", "slurm/merge.sbatch"], in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("shard 3/4 missing") && refused.stderr.contains("no folder at \(dir)/slurm/shards/part-3"),
                "\(refused.stderr)")
        #expect(!exists(dir + "/merged"))
        #expect(runProgram(["bash", "slurm/array.sbatch"], in: dir, environment: ["SLURM_ARRAY_TASK_ID=3"]).status == 0)
        let merged = runProgram(["bash", "slurm/merge.sbatch"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        let whole = ambsim(["run", "my tiny.yaml", "-r", "10", "-q", "--out", "whole", "--set", "description=it's a test",
                            "--set", "demand.visitors.scale=1.5"], in: dir)
        #expect(whole.status == 0)
        for file in ["replications.csv", "summary.csv", "timeseries.csv", "standards.csv", "hospitals.csv", "zones.csv", "daily.csv"] {
            let a = try #require(readFile(dir + "/merged/" + file)), b = try #require(readFile(dir + "/whole/" + file))
            #expect(a == b, "\(file) differs")
        }
        let unset = runProgram(["bash", "slurm/array.sbatch"], in: dir)
        #expect(unset.status != 0 && unset.stderr.contains("run this script with sbatch"))
    }

    @Test("--submit calls sbatch for the array, then for the merge with afterok on the array's id, and prints both ids")
    func submitCallsSbatch() throws {
        let dir = temporaryFolder()
        mkdir(dir + "/bin", 0o755)
        // A stand-in sbatch that logs its arguments and answers as sbatch --parsable does.
        makeFile(dir + "/bin/sbatch", """
            #!/bin/bash
            echo "$*" >> \(dir)/calls.log
            n=$(wc -l < \(dir)/calls.log)
            echo "$((4000 + n));cluster"

            """, executable: true)
        let r = ambsim(["slurm", Self.tiny, "--tasks", "2", "-r", "4", "--out", dir + "/s", "--result", dir + "/m", "--submit"], in: dir,
                       environment: ["PATH=\(dir)/bin:/usr/bin:/bin"])
        #expect(r.status == 0 && r.stdout.contains("array job 4001 (2 tasks), merge job 4002"), "\(r.stdout)\(r.stderr)")
        let calls = (readFile(dir + "/calls.log") ?? "").split(separator: "\n").map(String.init)
        #expect(calls == ["--parsable \(dir)/s/array.sbatch", "--parsable --dependency=afterok:4001 \(dir)/s/merge.sbatch"], "\(calls)")
    }

    @Test("--submit without sbatch, or with an sbatch that refuses, is exit 2 saying why; the scripts are still written")
    func submitErrors() {
        let dir = temporaryFolder()
        let absent = ambsim(["slurm", Self.tiny, "--tasks", "2", "-r", "4", "--out", dir + "/a", "--submit"], in: dir,
                            environment: ["PATH=/nonexistent"])
        #expect(absent.status == 2 && absent.stderr.contains("sbatch is not on PATH") && exists(dir + "/a/submit.sh"), "\(absent.stderr)")
        mkdir(dir + "/bin", 0o755)
        makeFile(dir + "/bin/sbatch", "#!/bin/bash\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n", executable: true)
        let refused = ambsim(["slurm", Self.tiny, "--tasks", "2", "-r", "4", "--out", dir + "/b", "--partition", "nope", "--submit"], in: dir,
                             environment: ["PATH=\(dir)/bin:/usr/bin:/bin"])
        #expect(refused.status == 2 && refused.stderr.contains("invalid partition specified: nope"), "\(refused.stderr)")
    }

    @Test("what Slurm could not take is refused before anything is written", arguments: [
        (["--tasks", "0"], "--tasks must be between 1 and 1000"),
        (["--tasks", "11"], "more than the 10 replications"),
        (["--tasks", "2", "--time", "ten minutes"], "--time takes"),
        (["--tasks", "2", "--time", "1:2:3:4"], "--time takes"),
        (["--tasks", "2", "--partition", "a b"], "--partition takes"),
        (["--tasks", "2", "--out", "with space"], "cannot carry a path with a space"),
        (["--tasks", "2", "--set", "horizon=-1d"], "horizon"),
    ])
    func refusals(arguments: [String], message: String) {
        let dir = temporaryFolder()
        let r = ambsim(["slurm", Self.tiny, "-r", "10"] + arguments, in: dir)
        #expect(r.status == 2 && r.stderr.contains(message), "\(r.stderr)")
        #expect(!exists(dir + "/Results") && !exists(dir + "/with space"))
    }
}
