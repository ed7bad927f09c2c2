import Foundation
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

    /// An M/M/20 service (mmc-check) that loses one vehicle of 20 for March 2023 (M/M/19:
    /// Erlang C waits 7.70 and 16.24 min, an effect of +8.54 min), and a record of 8 donor
    /// trusts and two hit ones over 25 months whose pre-event months are a convex
    /// combination of three donors: MMC's C2 mean in March is its counterfactual x 16.24 /
    /// 7.70 (what the model says), FAR's x 1.1 (far less).
    static func fleetLossCase(in dir: String) -> String {
        makeFile(dir + "/mmc-check.yaml", readFile(repositoryRoot + "/Scenarios/mmc-check.yaml")!)
        makeFile(dir + "/mmc-fleet-loss.yaml", """
            extends: mmc-check.yaml
            baseline: mmc-check.yaml
            name: mmc-fleet-loss
            description: M/M/20 with one vehicle of 20 off the road through March 2023 (M/M/19).
            disruption:
              - {kind: fleet, from: 2023-03-01T00:00, for: 31d, share: 0.05}
            expect: {}

            """)
        var lines = ["Year,Month,Org Code,A31"]
        func donor(_ j: Int, _ t: Int) -> Double {
            let x = Double(t), k = Double(j)
            return log(462) + 0.15 * sin(0.5 * x + k) + 0.05 * cos(1.3 * x * Double(j % 3 + 1)) + 0.03 * sin(0.2 * x * k)
        }
        var year = 2021, month = 3
        for t in 0..<25 {
            for j in 0..<8 { lines.append("\(year),\(month),D\(j),\(Int(exp(donor(j, t)).rounded()))") }
            let synthetic = 0.4 * donor(0, t) + 0.35 * donor(3, t) + 0.25 * donor(5, t) + 0.01 * sin(2.1 * Double(t))
            for (code, ratio) in [("MMC", 16.2395 / 7.7011), ("FAR", 1.1)] {
                lines.append("\(year),\(month),\(code),\(Int((exp(synthetic) * (t == 24 ? ratio : 1)).rounded()))")
            }
            month += 1
            if month == 13 { year += 1; month = 1 }
        }
        makeFile(dir + "/panel.csv", lines.joined(separator: "\n") + "\n")
        return dir + "/mmc-fleet-loss.yaml"
    }

    @Test("backtest of a scenario with a baseline: the model's paired effect beside the record's, consistent where the record shows the Erlang C effect, inconsistent (exit 1) where it shows a tenth of it")
    func modelBesideRecord() throws {
        let dir = temporaryFolder()
        let scenario = Self.fleetLossCase(in: dir)
        let consistent = ambsim(["backtest", scenario, "--ambsys", dir + "/panel.csv", "--org", "MMC", "--month", "2023-03", "-r", "6",
                                 "--also-hit", "FAR", "-q", "--out", dir + "/mmc"])
        #expect(consistent.status == 0, "\(consistent.stdout)\n\(consistent.stderr)")
        #expect(consistent.stdout.contains("1 of 1 consistent"))
        let csv = try #require(readFile(dir + "/mmc/effects.csv")).split(separator: "\r\n").map(String.init)
        #expect(csv.first == "month,kpi,aqi_code,model_effect,model_ci95_low,model_ci95_high,record_effect,record_ci95_low,record_ci95_high,verdict")
        let c2 = try #require(csv.first { $0.hasPrefix("2023-03,c2_response_mean_min,A31,") }).split(separator: ",").map(String.init)
        let model = try #require(Double(c2[3])), low = try #require(Double(c2[4])), high = try #require(Double(c2[5])), record = try #require(Double(c2[6]))
        #expect(abs(model - 8.54) < 2.5 && low < 8.54 && 8.54 < high, "the model's effect is the Erlang C difference: \(c2)")
        #expect(abs(record - 8.54) < 0.5 && c2[9] == "consistent", "\(c2)")

        let far = ambsim(["backtest", scenario, "--ambsys", dir + "/panel.csv", "--org", "FAR", "--month", "2023-03", "-r", "6",
                          "--also-hit", "MMC", "-q", "--out", dir + "/far"])
        #expect(far.status == 1)
        #expect(far.stdout.contains("0 of 1 consistent"))
        #expect(try #require(readFile(dir + "/far/effects.csv")).contains(",inconsistent\r\n"))

        // A record that cannot give the effect (one donor) leaves the table out, saying why; the backtest stands.
        let oneDonor = ambsim(["backtest", scenario, "--ambsys", dir + "/panel.csv", "--org", "MMC", "--month", "2023-03", "-r", "6",
                               "--donors", "D0", "-q", "--out", dir + "/one"])
        #expect(oneDonor.status == 0, "\(oneDonor.stderr)")
        #expect(oneDonor.stderr.contains("the record's effect cannot be measured, so the effect table is left out") && oneDonor.stderr.contains("at least 2 donor trusts"))
        #expect(!exists(dir + "/one/effects.csv") && exists(dir + "/one/backtest.csv"))

        // impact with --ambsys prints the same, month by month, and writes effects.csv beside comparison.csv.
        let impact = ambsim(["impact", "mmc-fleet-loss.yaml", "-r", "4", "--ambsys", "panel.csv", "--org", "MMC", "--also-hit", "FAR", "-q"], in: dir)
        #expect(impact.status == 0, "\(impact.stderr)")
        #expect(impact.stdout.contains("beside the record's (synthetic control of MMC from 2023-03, panel.csv)"))
        #expect(impact.stdout.split(separator: "\n").contains { $0.hasPrefix("2023-03  c2_response_mean_min") && $0.hasSuffix("consistent") })
        #expect(try #require(readFile(dir + "/Results/mmc-fleet-loss/effects.csv")).contains("2023-03,c2_response_mean_min,A31,"))
    }
}

/// End-to-end tests of `ambsim reconcile` (history matching) on planted records.
@Suite("ambsim reconcile", .serialized)
struct ReconcileCommandTests {
    /// mmc-check with two uncertain inputs: the on-scene time (40-70 min; at 60 the service is
    /// M/M/20 at 17 erlangs) and an unused hospital's handover time (5-30 min; no call is
    /// conveyed, so the record cannot inform it). The record is Erlang C's answer at 60:
    /// C2 mean 462 s (7.70 min), 90th centile 1,618 s (26.96 min).
    static func plantedCase(in dir: String) -> String {
        makeFile(dir + "/mmc-check.yaml", readFile(repositoryRoot + "/Scenarios/mmc-check.yaml")!)
        makeFile(dir + "/mmc-uncertain.yaml", """
            extends: mmc-check.yaml
            name: mmc-uncertain
            description: mmc-check with its on-scene time and an unused hospital's handover time uncertain.
            job_cycle:
              on_scene_see_and_treat_minutes: {exponential: {mean: {uncertain: {uniform: {min: 40, max: 70}}}}}
            hospitals:
              - {name: unused, zone: only, offload_capacity: 1, handover_minutes: {exponential: {mean: {uncertain: {uniform: {min: 5, max: 30}}}}}}
            expect: {}

            """)
        makeFile(dir + "/record.csv", "Year,Month,Org Code,A31,A32\n2023,3,MMC,462,1618\n")
        return dir + "/mmc-uncertain.yaml"
    }

    static func ranges(_ path: String) throws -> [String: (low: Double, high: Double)] {
        var out: [String: (Double, Double)] = [:]
        for line in try #require(readFile(path)).split(separator: "\r\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[0]] = (try #require(Double(f[3])), try #require(Double(f[4])))
        }
        return out
    }

    @Test("planted: the on-scene time that made the record (60 min) is in its kept range, which is under a fifth of the prior; the input the record cannot inform keeps most of its range; reconciled.yaml is a valid scenario with those ranges")
    func planted() throws {
        let dir = temporaryFolder()
        let scenario = Self.plantedCase(in: dir)
        let r = ambsim(["reconcile", scenario, "--ambsys", dir + "/record.csv", "--org", "MMC", "--month", "2023-03", "-r", "4",
                        "--points", "32", "--waves", "3", "-q", "--out", dir + "/rec"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let ranges = try Self.ranges(dir + "/rec/ranges.csv")
        let onScene = try #require(ranges["job_cycle.on_scene_see_and_treat_minutes.exponential.mean"])
        let handover = try #require(ranges["hospitals[0].handover_minutes.exponential.mean"])
        #expect(onScene.low <= 60 && 60 <= onScene.high && onScene.high - onScene.low < 6, "\(onScene)")
        #expect(handover.high - handover.low > 0.7 * 25, "\(handover)")
        #expect(ambsim(["validate", dir + "/rec/reconciled.yaml"]).status == 0)
        let reconciled = try #require(readFile(dir + "/rec/reconciled.yaml"))
        #expect(reconciled.contains("extends: \"../mmc-uncertain.yaml\""))
        #expect(reconciled.contains("min: \(csvNumber(onScene.low))") && reconciled.contains("max: \(csvNumber(onScene.high))"))
        let points = try #require(readFile(dir + "/rec/points.csv")).split(separator: "\r\n")
        #expect(points.first == "wave,point,hospitals[0].handover_minutes.exponential.mean,job_cycle.on_scene_see_and_treat_minutes.exponential.mean,max_implausibility,kept")
        #expect(points.count == 1 + 3 * 32)
    }

    @Test("--effects: the share of the fleet lost, uncertain 0-15%, narrowed by the record's effect (M/M/19, +8.5 min) to the shares that take one vehicle of 20 (2.5-7.5%)")
    func effects() throws {
        let dir = temporaryFolder()
        _ = EvidenceCommandTests.fleetLossCase(in: dir)
        makeFile(dir + "/uncertain-loss.yaml", """
            extends: mmc-fleet-loss.yaml
            baseline: mmc-check.yaml
            name: mmc-uncertain-fleet-loss
            disruption:
              - {kind: fleet, from: 2023-03-01T00:00, for: 31d, share: {uncertain: {uniform: {min: 0, max: 0.15}}}}

            """)
        let r = ambsim(["reconcile", dir + "/uncertain-loss.yaml", "--ambsys", dir + "/panel.csv", "--org", "MMC", "--month", "2023-03", "--effects",
                        "--also-hit", "FAR", "-r", "4", "--points", "16", "--waves", "2", "-q", "--out", dir + "/rec"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("1 targets (the record's effects)"))
        let share = try #require(try Self.ranges(dir + "/rec/ranges.csv")["disruption[0].share"])
        #expect(share.low >= 0.02 && share.low <= 0.05 && share.high >= 0.05 && share.high <= 0.08, "\(share)")
    }

    @Test("a prior that excludes the truth (40-50 min): every point ruled out, exit 1, no reconciled scenario")
    func excluded() {
        let dir = temporaryFolder()
        let scenario = Self.plantedCase(in: dir)
        let r = ambsim(["reconcile", scenario, "--ambsys", dir + "/record.csv", "--org", "MMC", "--month", "2023-03", "-r", "4",
                        "--points", "16", "--waves", "2", "-q", "--out", dir + "/rec",
                        "--set", "job_cycle.on_scene_see_and_treat_minutes={exponential: {mean: {uncertain: {uniform: {min: 40, max: 50}}}}}"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("every point is ruled out"))
        #expect(exists(dir + "/rec/ranges.csv") && !exists(dir + "/rec/reconciled.yaml"))
    }
}

/// The text Number.text writes for a value read back from a CSV (shortest round trip).
private func csvNumber(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
