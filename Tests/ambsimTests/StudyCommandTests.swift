import Foundation
import Testing

/// Issue 25, item 4: `ambsim study`, run as a user would, locally and as parts merged.
@Suite("ambsim study", .serialized)
struct StudyCommandTests {
    /// A study of two small trusts (the tiny scenario without its own outage), the overlay
    /// taking 30% of the crews off the road in TA only.
    static func studyFolder(replications: Int = 6, overlay: String = "overlay: {fleet_scale: 0.7}", extra: String = "") -> String {
        let dir = temporaryFolder()
        for org in ["ta", "tb"] {
            makeFile(dir + "/\(org).yaml", "extends: \(repositoryRoot)/Scenarios/tiny.yaml\nname: \(org)\n")
        }
        makeFile(dir + "/outage.yaml", """
            study: two-trusts
            description: 30% of TA's crews off the road.
            trusts: .
            set: ["disruption=[]", "horizon=4d"]
            \(overlay)
            affected: [TA]
            replications: \(replications)
            seed: 7
            \(extra)
            """)
        return dir
    }

    static func table(_ path: String) -> [[String]] {
        (readFile(path) ?? "").split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("the hit trust worsens, the other is exactly unchanged (same seeds), and England is formed as AmbSYS forms it")
    func nationalTable() throws {
        let dir = Self.studyFolder()
        let r = ambsim(["study", dir + "/outage.yaml", "-q", "--out", dir + "/out"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let rows = Self.table(dir + "/out/national.csv")
        #expect(rows.first == ["trust", "affected", "kpi", "baseline_mean", "disruption_mean", "difference", "ci95_low", "ci95_high", "replications"])
        func row(_ trust: String, _ kpi: String) -> [String]? { rows.first { $0.count == 9 && $0[0] == trust && $0[2] == kpi } }
        let hit = try #require(row("TA", "c2_response_mean_min"))
        #expect(Double(hit[5])! > 0 && Double(hit[6])! > 0, "30% fewer crews lengthen C2 with a 95% interval above 0: \(hit)")
        let spared = try #require(row("TB", "c2_response_mean_min"))
        #expect(spared[1] == "no" && spared[5] == "0" && spared[6] == "0" && spared[7] == "0", "not hit: identical replications, \(spared)")
        // England: calls summed; C2 mean weighted by responded C2 incidents, replication by replication.
        let calls = try #require(row("England", "calls_count"))
        #expect(abs(Double(calls[3])! - Double(row("TA", "calls_count")![3])! - Double(row("TB", "calls_count")![3])!) < 1e-9 * Double(calls[3])!)
        let reps = Self.table(dir + "/out/replications.csv")
        let header = reps[0]
        let (n, m) = (header.firstIndex(of: "c2_responded_count")!, header.firstIndex(of: "c2_response_mean_min")!)
        var england: [Double] = []
        for i in 0..<6 {
            let both = reps.filter { $0.count == header.count && $0[1] == "baseline" && $0[2] == String(i) }
            #expect(both.count == 2)
            let weighted = both.reduce(0.0) { $0 + Double($1[n])! * Double($1[m])! } / both.reduce(0.0) { $0 + Double($1[n])! }
            england.append(weighted)
        }
        let c2 = try #require(row("England", "c2_response_mean_min"))
        #expect(abs(Double(c2[3])! - england.reduce(0, +) / 6) < 1e-9)
        #expect(row("England", "c2_response_p90_min") == nil, "a 90th centile is not formed for England")
        #expect(PlotCommandTests.isPNG(dir + "/out/national.png"))
        #expect(r.stdout.contains("England"))
    }

    @Test("parts run apart and merged give the local folder byte for byte; a missing or repeated part is refused by name")
    func partsMerge() throws {
        let dir = Self.studyFolder()
        let local = ambsim(["study", dir + "/outage.yaml", "-q", "--jobs", "2", "--out", dir + "/local"], in: dir)
        #expect(local.status == 0, "\(local.stderr)")
        for k in 1...4 {
            let p = ambsim(["study", dir + "/outage.yaml", "-q", "--jobs", "1", "--part", "\(k)/4", "--out", dir + "/part-\(k)"], in: dir)
            #expect(p.status == 0, "\(p.stderr)")
        }
        let parts = (1...4).map { dir + "/part-\($0)" }
        let merged = ambsim(["study", dir + "/outage.yaml", "-q", "--merge"] + parts + ["--out", dir + "/merged"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        for file in ["national.csv", "replications.csv", "manifest.yaml", "national.png"] {
            #expect(readFile(dir + "/local/" + file) == readFile(dir + "/merged/" + file), "\(file) differs")
        }
        let missing = ambsim(["study", dir + "/outage.yaml", "-q", "--merge"] + parts.dropLast() + ["--out", dir + "/m2"], in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("TB baseline: replications 3, 4, 5 are missing"), "\(missing.stderr)")
        #expect(!exists(dir + "/m2"))
        let twice = ambsim(["study", dir + "/outage.yaml", "-q", "--merge"] + parts + [parts[0], "--out", dir + "/m3"], in: dir)
        #expect(twice.status == 2 && twice.stderr.contains("appears twice"), "\(twice.stderr)")
        let badPart = ambsim(["study", dir + "/outage.yaml", "-q", "--part", "1/3", "--out", dir + "/p"], in: dir)
        #expect(badPart.status == 2 && badPart.stderr.contains("a multiple of the study's 2 trusts"), "\(badPart.stderr)")
    }

    @Test("a bad study file is refused naming the file, line, key and rule", arguments: [
        ("overlay: {fleet_scale: 0.7}", "width: 3", "outage.yaml:9:1: width: unknown key in a study file"),
        ("overlay: {name: other}", "", "outage.yaml:5:"),
        ("overlay: {name: other}", "", "overlay.name: is set by the study, not by the overlay"),
        ("overlay: [1, 2]", "", "outage.yaml:5:10: overlay: must be a mapping of scenario keys (got a list)"),
        ("overlay: {fleet_scale: 0.7}", "", ""),
    ])
    func refusals(overlay: String, extra: String, message: String) {
        let dir = Self.studyFolder(overlay: overlay, extra: extra)
        if message.isEmpty {
            // affected names a trust the study does not have.
            let text = (readFile(dir + "/outage.yaml") ?? "").replacingOccurrences(of: "affected: [TA]", with: "affected: [TX]")
            makeFile(dir + "/outage.yaml", text)
        }
        let r = ambsim(["study", dir + "/outage.yaml", "-q", "--out", dir + "/out"], in: dir)
        let expected = message.isEmpty ? "outage.yaml:6:12: affected[0]: is not one of the study's trusts (TA, TB)" : message
        #expect(r.status == 2 && r.stderr.contains(expected), "\(r.stderr)")
        #expect(!exists(dir + "/out"))
    }

    @Test("an overlay a trust's scenario cannot take is refused before anything runs, naming the trust")
    func overlayInvalid() {
        let dir = Self.studyFolder(overlay: "overlay: {fleet_scale: -1}")
        let r = ambsim(["study", dir + "/outage.yaml", "-q", "--out", dir + "/out"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("trust TA with the overlay") && r.stderr.contains("fleet_scale"), "\(r.stderr)")
    }

    @Test("slurm of a study writes a job array of trusts x parts and a merge by ambsim study --merge")
    func slurmScripts() throws {
        let dir = Self.studyFolder()
        let r = ambsim(["slurm", dir + "/outage.yaml", "--tasks", "3", "--out", dir + "/sl", "--result", dir + "/res"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let array = try #require(readFile(dir + "/sl/array.sbatch"))
        #expect(array.contains("#SBATCH --array=1-6"))
        #expect(array.contains("study '\(dir)/outage.yaml' -r 6 --seed 7 --jobs 1 -q --part \"${SLURM_ARRAY_TASK_ID}/6\""))
        let merge = try #require(readFile(dir + "/sl/merge.sbatch"))
        #expect(merge.contains("study '\(dir)/outage.yaml' -r 6 --seed 7 -q --merge '\(dir)/sl/shards/part-1'"))
        #expect(merge.contains("'\(dir)/sl/shards/part-6' --out '\(dir)/res'"))
    }
}
