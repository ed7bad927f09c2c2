#if canImport(Glibc)
import Glibc
#endif
import Testing

/// ambsim replaces only what it made, never follows a link, and never takes a scenario
/// name for a path (issue 11, findings 1-3 and 5).
@Suite("Result folders are safe", .serialized)
struct ResultSafetyTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"


    @Test("a scenario name that is a path is refused by validate and run; nothing is written", arguments: ["../Scenarios", "", "a/b", ".git", "x\ny: 1"])
    func nameIsALabel(name: String) {
        let dir = temporaryFolder()
        mkdir(dir + "/Scenarios", 0o755)
        let text = (readFile(Self.tiny) ?? "").replacing("name: tiny", with: "name: \"\(name.replacing("\n", with: "\\n"))\"")
        makeFile(dir + "/Scenarios/evil.yaml", text)
        makeFile(dir + "/Scenarios/keep.txt")
        let v = ambsim(["validate", "Scenarios/evil.yaml"], in: dir)
        #expect(v.status == 2 && (v.stdout + v.stderr).contains("name: must be a label"), "\(v.stdout)\(v.stderr)")
        let r = ambsim(["run", "Scenarios/evil.yaml", "-q", "-r", "2"], in: dir)
        #expect(r.status == 2)
        #expect(exists(dir + "/Scenarios/keep.txt") && exists(dir + "/Scenarios/evil.yaml"))
        let set = ambsim(["run", Self.tiny, "-q", "-r", "2", "--set", "name=../escaped"], in: dir)
        #expect(set.status == 2 && set.stderr.contains("name: must be a label"), "\(set.stderr)")
        #expect(!exists(dir + "/escaped"))
    }

    @Test("--out at a folder ambsim did not make is refused, and the folder is left as it was")
    func foreignFolderIsRefused() {
        let dir = temporaryFolder()
        mkdir(dir + "/mydata", 0o755)
        makeFile(dir + "/mydata/thesis.tex", "chapter 1\n")
        let r = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/mydata"])
        #expect(r.status == 2 && r.stderr.contains("did not make"), "\(r.stderr)")
        #expect(readFile(dir + "/mydata/thesis.tex") == "chapter 1\n")
        #expect(!exists(dir + "/mydata/summary.csv"))
        // The working folder itself, and ".".
        let cwd = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir], in: dir)
        #expect(cwd.status == 2 && exists(dir + "/mydata/thesis.tex"))
        let dot = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", "."], in: dir)
        #expect(dot.status == 2 && exists(dir + "/mydata/thesis.tex"), "\(dot.stderr)")
    }

    @Test("--out that is a file or a link is refused; the file, the link and its target stay")
    func fileOrLinkIsRefused() {
        let dir = temporaryFolder()
        makeFile(dir + "/notes.txt", "keep\n")
        let file = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/notes.txt"])
        #expect(file.status == 2 && readFile(dir + "/notes.txt") == "keep\n", "\(file.stderr)")
        mkdir(dir + "/target", 0o755)
        makeFile(dir + "/target/important")
        symlink(dir + "/target", dir + "/link")
        let link = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/link"])
        #expect(link.status == 2 && link.stderr.contains("symbolic link"), "\(link.stderr)")
        #expect(exists(dir + "/target/important") && !exists(dir + "/target/summary.csv"))
    }

    @Test("an old result holding something ambsim did not write (a link, a note) is not replaced; once it is gone, the result is, and stale partial folders of dead runs are cleaned")
    func foreignEntriesInsideAreKept() {
        let dir = temporaryFolder()
        mkdir(dir + "/elsewhere", 0o755)
        makeFile(dir + "/elsewhere/important")
        let first = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/res"])
        #expect(first.status == 0, "\(first.stderr)")
        symlink(dir + "/elsewhere", dir + "/res/link")
        makeFile(dir + "/res/notes.txt", "the planner's notes\n")
        // A partial folder a killed run left (its process long gone).
        mkdir(dir + "/.res.partial-999999", 0o755)
        makeFile(dir + "/.res.partial-999999/summary.csv")
        let refused = ambsim(["run", Self.tiny, "-q", "-r", "3", "--out", dir + "/res"])
        #expect(refused.status == 2 && refused.stderr.contains("holds link, which ambsim did not write"), "\(refused.stderr)")
        #expect(exists(dir + "/elsewhere/important") && exists(dir + "/res/link") && readFile(dir + "/res/notes.txt") == "the planner's notes\n")
        #expect(readFile(dir + "/res/manifest.yaml")?.contains("replications: 2") == true, "the old result is left whole")
        unlink(dir + "/res/link")
        unlink(dir + "/res/notes.txt")
        let second = ambsim(["run", Self.tiny, "-q", "-r", "3", "--out", dir + "/res"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(exists(dir + "/elsewhere/important"), "the link's target must survive")
        #expect(exists(dir + "/res/summary.csv"))
        #expect(readFile(dir + "/res/manifest.yaml")?.contains("replications: 3") == true)
        #expect(!exists(dir + "/.res.partial-999999"))
    }

    @Test("the manifest is YAML from Yams: a newline in an argument adds no key, so merge does not take the folder for a shard")
    func manifestCannotBeInjected() {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/res", "--set", "description='one\nshard: 1/1\nfingerprint: x'"])
        #expect(r.status == 0, "\(r.stderr)")
        let manifest = readFile(dir + "/res/manifest.yaml") ?? ""
        #expect(manifest.hasPrefix("# ambsim run manifest") && manifest.contains("master_seed: 42"))
        let topLevel = manifest.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }.compactMap { $0.split(separator: ":").first }
        #expect(!topLevel.contains("shard") && topLevel.filter { $0 == "fingerprint" }.count == 1, "\(topLevel)")
        let m = ambsim(["merge", dir + "/res", "--out", dir + "/m"])
        #expect(m.status == 2 && m.stderr.contains("not a shard folder"), "\(m.stderr)")
    }

    @Test("a refused --out is refused before the run computes anything")
    func refusalComesFirst() {
        let dir = temporaryFolder()
        mkdir(dir + "/mydata", 0o755)
        let r = ambsim(["run", Self.tiny, "-r", "50", "--out", dir + "/mydata"])
        #expect(r.status == 2 && r.stderr.contains("did not make") && !r.stderr.contains("replications"), "\(r.stderr)")
    }

    @Test("compare --out replaces only a comparison ambsim wrote; a user's file is left as it is")
    func compareOutIsSafe() {
        let dir = temporaryFolder()
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/a"]).status == 0)
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/b", "--set", "demand.visitors.scale=2"]).status == 0)
        makeFile(dir + "/notes.csv", "my,own,data\n")
        let refused = ambsim(["compare", dir + "/a", dir + "/b", "--out", dir + "/notes.csv"])
        #expect(refused.status == 2 && refused.stderr.contains("ambsim did not write it"), "\(refused.stderr)")
        #expect(readFile(dir + "/notes.csv") == "my,own,data\n")
        let first = ambsim(["compare", dir + "/a", dir + "/b", "--out", dir + "/diff.csv"])
        let again = ambsim(["compare", dir + "/a", dir + "/b", "--out", dir + "/diff.csv"])
        #expect(first.status == 0 && again.status == 0, "\(again.stderr)")
        #expect(readFile(dir + "/diff.csv")?.hasPrefix("kpi,unit,a_mean") == true)
    }

    @Test("an organisation code that is not a code is refused before anything runs")
    func orgIsACode() {
        let r = ambsim(["backtest", Self.tiny, "--ambsys", repositoryRoot + "/Scenarios/observed/ambsys-extract.csv", "--org", "../../x",
                        "--month", "2023-06", "-q"])
        #expect(r.status == 2 && r.stderr.contains("--org takes an organisation code"), "\(r.stderr)")
    }
}
