#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Issue 22, round three of hostile use: each finding reproduced against the built binary.
@Suite("Round three: the new surfaces under attack", .serialized)
struct RoundThreeTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"
    static let extract = repositoryRoot + "/Scenarios/observed/ambsys-extract.csv"
    static let swasft = repositoryRoot + "/Scenarios/swasft-summer-2023-baseline.yaml"

    func makeFile(_ path: String, _ text: String, executable: Bool = false) {
        let f = fopen(path, "wb")!
        fputs(text, f)
        fclose(f)
        if executable { chmod(path, 0o755) }
    }

    /// A scratch folder with a folder of the user's (`mine/notes.txt`) beside it.
    func userFolder() -> String {
        let dir = temporaryFolder()
        mkdir(dir + "/mine", 0o755)
        makeFile(dir + "/mine/notes.txt", "keep\n")
        return dir
    }

    // 1. Destructive: the path is resolved before it is checked.

    @Test("--out through a missing folder and .. is resolved before the check: the user's folder is refused and kept, for every command that writes",
          arguments: [
            ["run", tiny, "-r", "1", "-q"],
            ["backtest", tiny, "--ambsys", extract, "--org", "RYF", "--month", "2023-06", "-r", "1", "-q"],
            ["calibrate", tiny, "--ambsys", extract, "--org", "RYF", "--month", "2023-06", "--fit", "fleet_scale=0.5..1.5", "-r", "1", "-q"],
            ["sweep", tiny, "--vary", "demand.visitors.scale=1,2", "-r", "1", "-q"],
            ["sweep", tiny, "--one-at-a-time", "-r", "1", "-q"],
            ["slurm", tiny, "--tasks", "1", "-r", "1"],
          ])
    func missingFolderAndDotDot(arguments: [String]) {
        let dir = userFolder()
        let r = ambsim(arguments + ["--out", dir + "/nothere/../mine"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("did not make"), "\(arguments[0]): \(r.status) \(r.stderr)")
        #expect(readFile(dir + "/mine/notes.txt") == "keep\n", "\(arguments[0]) removed the user's file")
        #expect(!exists(dir + "/nothere"), "a refused command makes no folder")
    }

    @Test("merge: --out through .. to the user's folder is refused; --out that is one of its own shards is refused and the shard kept")
    func mergeTargets() {
        let dir = userFolder()
        for k in 1...2 {
            let r = ambsim(["run", Self.tiny, "-r", "4", "-q", "--shard", "\(k)/2", "--out", "part-\(k)"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let foreign = ambsim(["merge", "part-1", "part-2", "--out", dir + "/nothere/../mine"], in: dir)
        #expect(foreign.status == 2 && readFile(dir + "/mine/notes.txt") == "keep\n", "\(foreign.stderr)")
        let before = readFile(dir + "/part-1/replications.csv")
        for target in ["part-1", "./part-2/../part-1", "part-2/merged"] {
            let r = ambsim(["merge", "part-1", "part-2", "--out", target], in: dir)
            #expect(r.status == 2 && r.stderr.contains("shard folder"), "\(target): \(r.stderr)")
        }
        #expect(readFile(dir + "/part-1/replications.csv") == before && exists(dir + "/part-1/manifest.yaml"))
        let fine = ambsim(["merge", "part-1", "part-2", "--out", "merged"], in: dir)
        #expect(fine.status == 0 && exists(dir + "/merged/summary.csv"), "\(fine.stderr)")
    }

    @Test("compare --out through a missing folder and .. lands on the resolved file, and a user's file there is kept")
    func compareFileTarget() {
        let dir = userFolder()
        makeFile(dir + "/mine.csv", "my,own\n")
        let r = ambsim(["compare", Self.tiny, Self.tiny, "-r", "2", "-q", "--out", dir + "/nothere/../mine.csv"], in: dir)
        #expect(r.status == 2 && readFile(dir + "/mine.csv") == "my,own\n", "\(r.stderr)")
    }

    // 2. Shell injection into generated scripts.

    @Test("a path or value with a control character never reaches a batch script: refused before anything is written", arguments: [
        ["--result", "x\ntouch PWNED"], ["--out", "s\rx"], ["--set", "description=a\nb"], ["--result", "r\u{2028}x"],
    ])
    func slurmControlCharacters(arguments: [String]) {
        let dir = temporaryFolder()
        let r = ambsim(["slurm", Self.tiny, "--tasks", "1", "-r", "2"] + arguments, in: dir)
        #expect(r.status == 2 && r.stderr.contains("control character"), "\(r.stderr)")
        #expect(!exists(dir + "/Results"), "nothing written")
    }

    @Test("every path in a generated script, comments included, is one quoted shell word")
    func slurmCommentsQuoted() throws {
        let dir = temporaryFolder()
        let r = ambsim(["slurm", Self.tiny, "--tasks", "2", "-r", "2", "--out", "s", "--result", "it's $(touch PWNED) `x`"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let merge = try #require(readFile(dir + "/s/merge.sbatch"))
        #expect(merge.contains("into '\(dir)/it'\\''s $(touch PWNED) `x`'."), "\(merge)")
        // Run as bash would: nothing but the merge runs (it fails: no shards), and nothing is touched.
        let ran = runProgram(["bash", "s/merge.sbatch"], in: dir)
        #expect(ran.status != 0 && !exists(dir + "/PWNED"), "\(ran.stderr)")
    }

    @Test("a half-failed --submit says the array is queued and how to queue the merge or cancel the array")
    func halfFailedSubmit() {
        let dir = temporaryFolder()
        mkdir(dir + "/bin", 0o755)
        makeFile(dir + "/bin/sbatch", """
            #!/bin/bash
            if [ -e \(dir)/once ]; then echo 'sbatch: error: Batch job submission failed' >&2; exit 1; fi
            touch \(dir)/once
            echo '5001;cluster'

            """, executable: true)
        let r = ambsim(["slurm", Self.tiny, "--tasks", "2", "-r", "4", "--out", dir + "/s", "--submit"], in: dir,
                       environment: ["PATH=\(dir)/bin:/usr/bin:/bin"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("5001 IS queued") && r.stderr.contains("scancel 5001") && r.stderr.contains("--dependency=afterok:5001"), "\(r.stderr)")
    }
}
