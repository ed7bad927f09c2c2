#if canImport(Glibc)
import Glibc
#endif
import Testing

/// End-to-end tests of the built executable.
@Suite("The ambsim command line", .serialized)
struct CommandLineTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    @Test("run writes the result files, byte-identical for --jobs 1 and --jobs 2")
    func runIsDeterministicAcrossJobs() throws {
        let dir = temporaryFolder()
        let a = ambsim(["run", Self.tiny, "--jobs", "1", "--out", dir + "/a", "--quiet"])
        let b = ambsim(["run", Self.tiny, "--jobs", "2", "--out", dir + "/b", "--quiet"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        for file in ["replications.csv", "summary.csv", "timeseries.csv", "standards.csv", "hospitals.csv", "zones.csv", "daily.csv"] {
            let x = readFile(dir + "/a/" + file), y = readFile(dir + "/b/" + file)
            #expect(x != nil && x == y, "\(file) differs between --jobs 1 and --jobs 2")
        }
        let summary = try #require(readFile(dir + "/a/summary.csv"))
        #expect(summary.hasPrefix("kpi,unit,mean,sd,ci95_low,ci95_high,p05,p50,p95,min,max,n\r\n"))
        #expect(summary.contains("\r\nc1_response_mean_min,minutes,"))
        let manifest = try #require(readFile(dir + "/a/manifest.yaml"))
        #expect(manifest.contains("master_seed: 42") && manifest.contains("resolved_scenario:"))
        // No temporary files left behind.
        #expect(!exists(dir + "/.a.partial-0"))
    }

    @Test("Ctrl-C during a run leaves no result folder and no partial file")
    func interruptLeavesNothing() throws {
        let dir = temporaryFolder()
        let pid = startAmbsim(["run", repositoryRoot + "/Scenarios/swasft-ortivus-outage-2023.yaml", "-r", "500", "--out", dir + "/never", "-q"])
        usleep(400_000)
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect((status & 0x7f) == SIGINT, "the run should have been interrupted (status \(status))")
        #expect(!exists(dir + "/never"))
        let leftovers = try #require(opendir(dir))
        defer { closedir(leftovers) }
        var names: [String] = []
        while let entry = readdir(leftovers) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        #expect(names.isEmpty, "left behind: \(names)")
    }

    @Test("--trace writes every call of replication 0")
    func trace() throws {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "--trace", "-r", "2", "--out", dir + "/t", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let calls = try #require(readFile(dir + "/t/calls.csv"))
        #expect(calls.hasPrefix("call,arrival_min,arrival,zone_index,category,disposition,response_min,vehicles,counted\r\n"))
        #expect(calls.split(separator: "\r\n").count > 200)
    }

    /// tiny.yaml with a period of every disruption kind beside its paper outage, written into `dir`.
    static func tinyWithEveryKind(in dir: String) -> String {
        let items = """
              - {kind: dispatch, from: 2023-07-11T08:00, for: {uncertain: {uniform: {min: 2h, max: 12h}}}, delay_multiplier: 2.5, vehicle_choice: station}
              - {kind: 111, from: 2023-07-11T00:00, for: 3d, calls_per_resident_per_day: 0.001, redirected_share: {uncertain: {uniform: {min: 0.05, max: 0.2}}}, categories: {c2: 0.4, c3: 0.6}, hear_and_treat_reduction: 0.3, restoration: [{after: 1d, restored: 0.5}]}
              - {kind: hospital, hospital: Town ED, from: 2023-07-13T12:00, for: 1d, capacity_factor: 0.5}
              - {kind: fleet, from: 2023-07-12T00:00, for: {uncertain: {uniform: {min: 1d, max: 3d}}}, stations: [coast], vehicles: 1}

            """
        let text = (readFile(Self.tiny) ?? "").replacing("  - {after: 24h, mode: electronic}\n", with: "  - {after: 24h, mode: electronic}\n" + items)
        let path = dir + "/tiny-every-kind.yaml"
        _ = text.withCString { p in
            let f = fopen(path, "wb")
            fputs(p, f)
            fclose(f)
        }
        return path
    }

    @Test("shards merge into files byte-identical to one run, and any thread count gives the same files", arguments: [false, true])
    func shardsMerge(everyKind: Bool) {
        let dir = temporaryFolder()
        let scenario = everyKind ? Self.tinyWithEveryKind(in: dir) : Self.tiny
        #expect(ambsim(["run", scenario, "-r", "7", "--out", dir + "/whole", "-q"]).status == 0)
        #expect(ambsim(["run", scenario, "-r", "7", "--jobs", "1", "--out", dir + "/one-thread", "-q"]).status == 0)
        for file in ["replications.csv", "summary.csv", "timeseries.csv", "daily.csv"] {
            #expect(readFile(dir + "/whole/" + file) == readFile(dir + "/one-thread/" + file), "\(file) differs between thread counts")
        }
        if everyKind {
            let summary = readFile(dir + "/whole/summary.csv") ?? ""
            for kpi in ["manual_dispatch_calls_count", "redirected_111_calls_count", "off_road_vehicle_hours"] {
                #expect(summary.contains("\r\n\(kpi),") && !summary.contains("\r\n\(kpi),count,0,") && !summary.contains("\r\n\(kpi),hours,0,"), "\(kpi) ran")
            }
        }
        for k in 1...3 {
            let r = ambsim(["run", scenario, "-r", "7", "--shard", "\(k)/3", "--out", dir + "/part\(k)", "-q"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let m = ambsim(["merge", dir + "/part3", dir + "/part1", dir + "/part2", "--out", dir + "/merged"])
        #expect(m.status == 0, "\(m.stderr)")
        for file in ["replications.csv", "summary.csv", "timeseries.csv", "standards.csv", "hospitals.csv", "zones.csv", "daily.csv"] {
            #expect(readFile(dir + "/whole/" + file) == readFile(dir + "/merged/" + file), "\(file) differs after merge")
        }
        let missing = ambsim(["merge", dir + "/part1", dir + "/part2", "--out", dir + "/bad"])
        #expect(missing.status == 2 && missing.stderr.contains("do not cover replications"))
    }

    @Test("compare of two scenario files is paired and writes comparison.csv")
    func compare() throws {
        let dir = temporaryFolder()
        let r = ambsim(["compare", Self.tiny, Self.tiny, "--set", "record_modes.paper.handover_extra_minutes=30", "-r", "4",
                        "--out", dir + "/c.csv", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try #require(readFile(dir + "/c.csv"))
        #expect(csv.hasPrefix("kpi,unit,a_mean,b_mean,diff_mean,diff_ci95_low,diff_ci95_high,relative_change,paired,n\r\n"))
        #expect(csv.contains("\r\ncalls_count,count,") && csv.contains(",true,4\r\n"))
        #expect(r.stdout.contains("Paired differences"))
        // Folders compare too.
        #expect(ambsim(["run", Self.tiny, "-r", "3", "--out", dir + "/x", "-q"]).status == 0)
        #expect(ambsim(["run", Self.tiny, "-r", "3", "--seed", "9", "--out", dir + "/y", "-q"]).status == 0)
        let f = ambsim(["compare", dir + "/x", dir + "/y", "--out", dir + "/xy.csv", "-q"])
        #expect(f.status == 0 && f.stdout.contains("Welch"), "\(f.stderr)")
    }

    @Test("Each shipped disruption kind runs against the baseline, its own KPIs in the table", arguments: [
        ("swasft-cad-failure", "manual_dispatch_calls_count"), ("swasft-111-outage", "redirected_111_calls_count"),
        ("swasft-hospital-divert", "divert_extra_travel_mean_min"), ("swasft-fleet-loss", "off_road_vehicle_hours"),
    ])
    func disruptionKindRuns(scenario: String, kpi: String) throws {
        let dir = temporaryFolder()
        let r = ambsim(["compare", repositoryRoot + "/Scenarios/swasft-summer-2023-baseline.yaml", repositoryRoot + "/Scenarios/\(scenario).yaml",
                        "-r", "3", "--out", dir + "/c.csv", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\n" + kpi + " "), "\(r.stdout)")
        let csv = try #require(readFile(dir + "/c.csv"))
        let row = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix(kpi + ",") })
        let fields = row.split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(fields[2]) == 0 || fields[2].isEmpty, "the baseline has none: \(row)")
        #expect((Double(fields[3]) ?? 0) > 0, "the disruption has some: \(row)")
        if kpi == "divert_extra_travel_mean_min" { #expect(abs(Double(fields[3])! - 110) < 1e-9, "(60 - 10) x 2.2") }
        let bad = ambsim(["validate", repositoryRoot + "/Scenarios/\(scenario).yaml", "--set", "disruption[0].from=2024-01-01T00:00"])
        #expect(bad.status == 2 && (bad.stdout + bad.stderr).contains("--set:1:1: disruption[0].from: falls after the end of the run"), "\(bad.stderr)")
    }

    @Test("check exits 0 when ranges pass and 1 when one fails")
    func check() {
        let pass = ambsim(["check", repositoryRoot + "/Scenarios/mmc-check.yaml", "-q"])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("pass c2_response_mean_min"))
        let fail = ambsim(["check", Self.tiny, "-q", "-r", "3", "--set", "expect.calls_count=[1, 2]"])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL calls_count"))
    }

    @Test("Bad input exits 2 with a message that says what to do", arguments: [
        (["run", "/no/such.yaml"], "cannot open /no/such.yaml"),
        (["run"], "Missing expected argument"),
        (["run", "Scenarios/tiny.yaml", "--jobs", "0"], "--jobs must be between"),
        (["run", "Scenarios/tiny.yaml", "--shard", "4/3"], "--shard takes K/N"),
        (["run", "Scenarios/tiny.yaml", "--precision", "nonsense=1"], "--precision takes KPI=HALFWIDTH"),
        (["run", "Scenarios/tiny.yaml", "--set", "zones[0].residents=-1", "-q"], "zones[0].residents: must be >= 0 (got -1)"),
        (["run", "Scenarios/tiny.yaml", "--out", "/proc/ambsim-cannot-write", "-q"], "choose a writable folder with --out"),
        (["validate", "Scenarios/tiny.yaml", "/no/such.yaml"], "cannot open"),
        (["frobnicate"], "'frobnicate' is not a command"),   // a bare word is no scenario file
        (["frobnicate.yaml"], "cannot open frobnicate.yaml"),   // the default command takes a scenario file
    ])
    func badInput(arguments: [String], message: String) {
        let r = ambsim(arguments)
        #expect(r.status == 2, "exit \(r.status): \(r.stdout) \(r.stderr)")
        #expect((r.stderr + r.stdout).contains(message), "\(r.stderr)")
    }

    @Test("validate and describe")
    func validateAndDescribe() {
        let v = ambsim(["validate", "Scenarios/tiny.yaml", "Scenarios/mmc-check.yaml"])
        #expect(v.status == 0 && v.stdout.contains("Scenarios/tiny.yaml: ok"))
        let d = ambsim(["describe", "Scenarios/swasft-ortivus-outage-2023.yaml", "--set", "demand.visitors.scale=1.5"])
        #expect(d.status == 0)
        #expect(d.stdout.contains("scale: 1.5") && d.stdout.contains("name: swasft-ortivus-outage-2023") && !d.stdout.contains("extends:"))
    }

    @Test("--precision reports whether the target was reached")
    func precision() {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-r", "4", "--precision", "calls_count=15", "--out", dir + "/p", "-q"])
        #expect(r.status == 0 && r.stderr.contains("precision reached"), "\(r.stderr)")
    }
}

@Suite("ambsim sweep", .serialized)
struct SweepCommandTests {
    @Test("A grid writes one row per point and KPI, with common random numbers")
    func grid() throws {
        let dir = temporaryFolder()
        let r = ambsim(["sweep", "Scenarios/tiny.yaml", "--vary", "disruption[1].after=12h,2d", "--vary",
                        "record_modes.paper.handover_extra_minutes=0,8", "-r", "3", "--out", dir + "/s", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try #require(readFile(dir + "/s/sweep.csv"))
        let lines = csv.split(separator: "\r\n")
        #expect(lines[0] == "disruption[1].after,record_modes.paper.handover_extra_minutes,kpi,unit,mean,ci95_low,ci95_high,n")
        let kpis = lines.filter { $0.contains(",calls_count,") }
        #expect(kpis.count == 4)
        // Demand does not depend on the varied keys: same seeds, same calls at every point.
        #expect(Set(kpis.map { $0.split(separator: ",")[4] }).count == 1)
    }

    @Test("One-at-a-time varies each uncertain input to its 5th and 95th percentile")
    func tornado() throws {
        let dir = temporaryFolder()
        let r = ambsim(["sweep", "Scenarios/tiny.yaml", "--one-at-a-time", "-r", "2", "--out", dir + "/t", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try #require(readFile(dir + "/t/tornado.csv"))
        #expect(csv.hasPrefix("input,level,value,kpi,unit,mean,ci95_low,ci95_high,n\r\n"))
        // uniform(2, 8): 5th percentile 2.3, 95th 7.7.
        #expect(csv.contains("record_modes.paper.handover_extra_minutes,low,2.3,"))
        #expect(csv.contains("record_modes.paper.handover_extra_minutes,high,7.69999"))
        #expect(csv.contains("all at their means,base,,"))
    }

    @Test("Sweep errors exit 2", arguments: [["sweep", "Scenarios/tiny.yaml"], ["sweep", "Scenarios/tiny.yaml", "--vary", "nokey"],
                                            ["sweep", "Scenarios/tiny.yaml", "--vary", "zones[0].residents=-1,2", "-q"],
                                            ["sweep", "Scenarios/mmc-check.yaml", "--one-at-a-time", "-q"]])
    func errors(arguments: [String]) {
        #expect(ambsim(arguments).status == 2)
    }
}
