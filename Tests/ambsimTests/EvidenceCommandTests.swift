#if canImport(Glibc)
import Glibc
#endif
import Testing

/// End-to-end tests of `ambsim evidence` on the shipped panel, as a planner runs it.
@Suite("ambsim evidence", .serialized)
struct EvidenceCommandTests {
    static let panel = repositoryRoot + "/Scenarios/observed/ambsys-panel-2022-2024.csv"
    static let planted = ["evidence", "--ambsys", panel, "--org", "RX6", "--event", "2024-03-01", "--until", "2024-06",
                          "--pre", "2022-12..2024-02", "--also-hit", "RYF,RYE", "--plant", "0.15:2"]

    @Test("a +15% effect planted on North East for March-April 2024: found in evidence.csv with its band, weights sum to one, nothing in May-June")
    func plantedEffect() throws {
        let dir = temporaryFolder()
        let r = ambsim(Self.planted + ["--out", dir + "/ev"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("RX6 from 2024-03 (event 2024-03-01) with a planted effect of 15% for 2 months against a synthetic control of RRU, RX7, RX8, RX9, RYA, RYC, RYD"))
        #expect(r.stderr.contains("handover_mean_min (A142) (2023-10..2024-02); a synthetic control needs at least 12 (a year): left out"))
        let csv = try #require(readFile(dir + "/ev/evidence.csv"))
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "month,kpi,aqi_code,observed,counterfactual,effect,effect_ci95_low,effect_ci95_high,relative_effect,p_value")
        #expect(lines.count == 1 + 5 * 4, "five indicators, four months")
        for line in lines.dropFirst() where line.contains(",calls_count,") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
            let relative = try #require(f[8]), low = try #require(f[6]), high = try #require(f[7]), effect = try #require(f[5])
            #expect(low <= effect && effect <= high)
            if line.hasPrefix("2024-03") || line.hasPrefix("2024-04") {
                #expect(abs(relative - 0.15) < 0.03 && low > 0, "planted month: \(line)")
            } else {
                #expect(abs(relative) < 0.05, "no effect planted: \(line)")
            }
        }
        let weights = try #require(readFile(dir + "/ev/weights.csv")).split(separator: "\r\n").dropFirst()
        var sums: [String: Double] = [:]
        for w in weights { let f = w.split(separator: ","); sums[String(f[0]), default: 0] += Double(f[3])! }
        #expect(sums.count == 5 && sums.values.allSatisfy { abs($0 - 1) < 1e-9 }, "\(sums)")
        let fit = try #require(readFile(dir + "/ev/fit.csv"))
        #expect(fit.hasPrefix("kpi,aqi_code,pre_from,pre_to,pre_months,post_months,scale,intercept,pre_rmspe,post_pre_rmspe_ratio,p_value,"))
        #expect(fit.contains("calls_count,A7,2022-12,2024-02,15,4,log,true,"))
        #expect(readFile(dir + "/ev/manifest.yaml")?.hasPrefix("# ambsim evidence manifest") == true)
    }

    @Test("refused with a clear message and exit 2: held-out month, short pre-period, donor without data, event outside the file, unknown indicator")
    func refusals() {
        let dir = temporaryFolder()
        let cases: [([String], String)] = [
            (["--org", "RYF", "--event", "2023-07-18", "--also-hit", "RYE"], "no row for RYF in the event month 2023-07"),
            (["--org", "RX6", "--event", "2022-07", "--indicators", "c2_response_mean_min"], "RX6 has 6 pre-event months of c2_response_mean_min (A31) (2022-01..2022-06); a synthetic control needs at least 12"),
            (["--org", "RX6", "--event", "2024-03", "--also-hit", "RYF,RYE"], "line 112: donor RRU has no c1_response_mean_min (A25) for 2022-10"),
            (["--org", "RX6", "--event", "2024-03", "--pre", "2022-12..2024-02"], "no row for donor RYE in 2023-07 (needed for calls_count (A7)): if the event hit it too, name it in --also-hit"),
            (["--org", "RX6", "--event", "2025-02-18"], "the event month 2025-02 is outside the file's months (2022-01 to 2024-12)"),
            (["--org", "RX6", "--event", "2024-03", "--indicators", "c9_mean"], "--indicators: c9_mean is not an indicator"),
            (["--org", "RX6", "--event", "2024-02-30"], "--event takes a date YYYY-MM-DD or a month YYYY-MM"),
            (["--org", "RX6", "--event", "2024-03", "--donors", "RX7"], "at least 2 donor trusts"),
        ]
        for (args, message) in cases {
            let r = ambsim(["evidence", "--ambsys", Self.panel, "--out", dir + "/ev"] + args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(!exists(dir + "/ev"), "\(args): nothing written on bad input")
        }
    }

    @Test("a folder ambsim did not make is not written into")
    func foreignFolder() {
        let dir = temporaryFolder()
        mkdir(dir + "/mine", 0o755)
        makeFile(dir + "/mine/notes.txt", "a planner's notes\n")
        let r = ambsim(Self.planted + ["--out", dir + "/mine"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(readFile(dir + "/mine/notes.txt") == "a planner's notes\n" && !exists(dir + "/mine/evidence.csv"))
    }
}
