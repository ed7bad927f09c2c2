#if canImport(Glibc)
import Glibc
#endif
import Testing

/// merge and compare refuse results that do not belong together (issue 11, finding 10).
@Suite("merge and compare check integrity", .serialized)
struct MergeIntegrityTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    func shard(_ k: Int, of n: Int, in dir: String, _ extra: [String] = []) -> CommandResult {
        ambsim(["run", Self.tiny, "-q", "-r", "8", "--shard", "\(k)/\(n)", "--out", "\(dir)/p\(k)"] + extra)
    }

    @Test("shards of different experiments (--set, horizon) are refused")
    func differentExperiments() {
        let dir = temporaryFolder()
        #expect(shard(1, of: 2, in: dir).status == 0)
        #expect(shard(2, of: 2, in: dir, ["--set", "demand.visitors.scale=5", "--set", "horizon=5d"]).status == 0)
        let r = ambsim(["merge", dir + "/p1", dir + "/p2", "--out", dir + "/m"])
        #expect(r.status == 2 && r.stderr.contains("different experiments"), "\(r.stderr)")
        #expect(!exists(dir + "/m"))
    }

    @Test("a missing or repeated shard is named; a truncated file is caught by its checksum")
    func missingRepeatedTruncated() {
        let dir = temporaryFolder()
        for k in 1...3 { #expect(shard(k, of: 3, in: dir).status == 0) }
        let missing = ambsim(["merge", dir + "/p1", dir + "/p3", "--out", dir + "/m"])
        #expect(missing.status == 2 && missing.stderr.contains("shard 2/3 missing"), "\(missing.stderr)")
        let twice = ambsim(["merge", dir + "/p1", dir + "/p2", dir + "/p2", dir + "/p3", "--out", dir + "/m"])
        #expect(twice.status == 2 && twice.stderr.contains("given twice"), "\(twice.stderr)")
        // Cut the last character of a shard's replications.csv.
        let path = dir + "/p2/replications.csv"
        let text = readFile(path) ?? ""
        let f = fopen(path, "wb")!
        fputs(String(text.dropLast(3)), f)
        fclose(f)
        let truncated = ambsim(["merge", dir + "/p1", dir + "/p2", dir + "/p3", "--out", dir + "/m"])
        #expect(truncated.status == 2 && truncated.stderr.contains("checksum"), "\(truncated.stderr)")
        #expect(!exists(dir + "/m"))
    }

    @Test("compare refuses a run folder with no replication rows")
    func compareEmpty() {
        let dir = temporaryFolder()
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/a"]).status == 0)
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "2", "--out", dir + "/b"]).status == 0)
        let header = (readFile(dir + "/b/replications.csv") ?? "").split(separator: "\r\n").first.map(String.init) ?? ""
        let f = fopen(dir + "/b/replications.csv", "wb")!
        fputs(header + "\r\n", f)
        fclose(f)
        let r = ambsim(["compare", dir + "/a", dir + "/b", "--out", dir + "/diff.csv"])
        #expect(r.status == 2 && r.stderr.contains("no replication rows"), "\(r.stderr)")
    }
}
