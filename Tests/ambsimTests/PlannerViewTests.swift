#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The planner's view from the command line: per-place files, the standards block, and
/// per-place differences (issue 13).
@Suite("The planner's view", .serialized)
struct PlannerViewTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    func rows(_ path: String) -> [[String]] {
        (readFile(path) ?? "").split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("run writes hospitals.csv, zones.csv, daily.csv and standards.csv, and prints the standards")
    func runWritesTheViews() {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-r", "3", "--out", dir + "/r"])
        #expect(r.status == 0 && r.stdout.contains("National standards, tiny, 3 replications") && r.stdout.contains("C2 90th centile <= 40 min"),
                "\(r.stdout)\(r.stderr)")
        let hospitals = rows(dir + "/r/hospitals.csv"), zones = rows(dir + "/r/zones.csv"), days = rows(dir + "/r/daily.csv")
        #expect(hospitals.first == ["hospital", "kpi", "unit", "mean", "sd", "ci95_low", "ci95_high", "n"])
        #expect(hospitals.count == 1 + 12 && zones.count == 1 + 2 * 18, "one ED, two zones")
        #expect(days.count == 1 + 5 * 13 && days[1][1] == "2023-07-11", "five counted days after the one-day warm-up, 13 KPIs each")
        // Paper from 19:00 on 12 July for 24 hours; a day's share counts the hours on paper (5 and 19).
        #expect(days.contains { $0[2] == "paper_or_offline_share" && $0[1] == "2023-07-12" && Double($0[4]) == 5.0 / 24 }, "\(days)")
        #expect(days.contains { $0[2] == "paper_or_offline_share" && $0[1] == "2023-07-13" && Double($0[4]) == 19.0 / 24 })
        let quiet = ambsim(["run", Self.tiny, "-r", "3", "-q", "--out", dir + "/q"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    }

    @Test("compare of two scenarios writes per-place differences paired by replication; they add up to the service's")
    func pairedPerPlace() throws {
        let dir = temporaryFolder()
        let r = ambsim(["compare", repositoryRoot + "/Scenarios/swasft-summer-2023-baseline.yaml",
                        repositoryRoot + "/Scenarios/swasft-ortivus-outage-2023.yaml", "-r", "3", "-q", "--out", dir + "/c/comparison.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let hospitals = rows(dir + "/c/comparison_hospitals.csv").filter { $0.count > 2 && $0[1] == "handover_hours_lost" }
        #expect(hospitals.count == 16 && hospitals.allSatisfy { $0[8] == "true" && $0[9] == "3" }, "\(hospitals)")
        let service = try #require(rows(dir + "/c/comparison.csv").first { $0[0] == "handover_hours_lost" })
        let sum = hospitals.reduce(0.0) { $0 + Double($1[5])! }
        #expect(abs(sum - Double(service[4])!) < 1e-6 * abs(Double(service[4])!), "per-hospital differences \(sum) vs service \(service[4])")
        let days = rows(dir + "/c/comparison_daily.csv")
        #expect(days.first?.prefix(3) == ["day", "date", "kpi"] && days.contains { $0[1] == "2023-07-20" && $0[2] == "paper_or_offline_share" })
    }

    @Test("compare of two run folders pairs per-place differences by replication (breakdown_replications.csv); without it, Welch from the tables")
    func runFoldersPerPlace() {
        let dir = temporaryFolder()
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "4", "--out", dir + "/a"]).status == 0)
        #expect(ambsim(["run", Self.tiny, "-q", "-r", "4", "--out", dir + "/b", "--set", "demand.visitors.scale=3"]).status == 0)
        #expect(exists(dir + "/a/breakdown_replications.csv") && !(readFile(dir + "/a/breakdown_replications.csv") ?? "").isEmpty)
        #expect(!FileManagerless.hiddenEntries(dir), "no hidden file is left beside the folders")
        let r = ambsim(["compare", dir + "/a", dir + "/b", "-q", "--out", dir + "/f/comparison.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let coast = rows(dir + "/f/comparison_zones.csv").first { $0.first == "coast" && $0[1] == "visitor_calls_count" }
        #expect(coast?[8] == "true" && coast?[9] == "4" && (Double(coast?[5] ?? "") ?? 0) > 0, "\(String(describing: coast))")
        unlink(dir + "/b/breakdown_replications.csv")
        let w = ambsim(["compare", dir + "/a", dir + "/b", "-q", "--out", dir + "/g/comparison.csv"])
        #expect(w.status == 0, "\(w.stderr)")
        let welch = rows(dir + "/g/comparison_zones.csv").first { $0.first == "coast" && $0[1] == "visitor_calls_count" }
        #expect(welch?[8] == "false" && welch?[5] == coast?[5], "the same difference of means, a Welch interval")
    }
}

enum FileManagerless {
    /// Whether `dir` holds an entry whose name begins with a dot (other than . and ..).
    static func hiddenEntries(_ dir: String) -> Bool {
        guard let d = opendir(dir) else { return false }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") && name != "." && name != ".." { return true }
        }
        return false
    }
}
