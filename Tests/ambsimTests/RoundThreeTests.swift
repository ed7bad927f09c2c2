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

    // 3, 7. Compare and merge integrity.

    /// Two run folders of tiny with 4 replications each, ready to compare.
    func twoRuns() -> String {
        let dir = temporaryFolder()
        for name in ["a", "b"] {
            let r = ambsim(["run", Self.tiny, "-r", "4", "-q", "--out", name] + (name == "b" ? ["--set", "demand.visitors.scale=1.3"] : []), in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return dir
    }

    /// Rewrites a file through `change`.
    func edit(_ path: String, _ change: (String) -> String) {
        makeFile(path, change(readFile(path) ?? ""))
    }

    /// Rewrites a file line by line (CSV lines end CRLF, a single Character in Swift).
    func editLines(_ path: String, _ change: ([String]) -> [String]) {
        let text = readFile(path) ?? ""
        let separator = text.contains("\r\n") ? "\r\n" : "\n"
        makeFile(path, change(text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)).joined(separator: separator))
    }

    @Test("compare of folders whose breakdowns lack a replication in the middle is exit 2 naming the file and replication; no comparison is written")
    func compareMissingBreakdownReplication() {
        let dir = twoRuns()
        editLines(dir + "/b/breakdown_replications.csv") { lines in lines.filter { !$0.hasPrefix("2,") } }
        let r = ambsim(["compare", "a", "b", "--out", "diff.csv"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("b: breakdown_replications.csv lacks rows of replication 2"), "\(r.status) \(r.stderr)")
        #expect(!exists(dir + "/diff.csv") && !exists(dir + "/diff_hospitals.csv"))
    }

    @Test("compare refuses a folder with a dropped or duplicated row, a nan value, or an edited manifest, naming the file", arguments: [
        ("replications.csv", "drop", "replication 1 missing"),
        ("replications.csv", "duplicate", "lists a replication twice"),
        ("replications.csv", "nan", "is not a number"),
        ("manifest.yaml", "seed", "was edited after ambsim wrote it"),
    ])
    func compareIntegrity(file: String, damage: String, message: String) {
        let dir = twoRuns()
        editLines(dir + "/b/" + file) { lines in
            var lines = lines
            switch damage {
            case "drop": lines.remove(at: 2)
            case "duplicate": lines.insert(lines[2], at: 3)
            case "nan":
                var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells[3] = "nan"
                lines[1] = cells.joined(separator: ",")
            default: lines = lines.map { $0.hasPrefix("master_seed:") ? "master_seed: 99" : $0 }
            }
            return lines
        }
        let r = ambsim(["compare", "a", "b", "--out", "diff.csv"], in: dir)
        #expect(r.status == 2 && r.stderr.contains(message) && r.stderr.contains("b/" + file), "\(r.status) \(r.stderr)")
        #expect(!exists(dir + "/diff.csv"))
    }

    @Test("merge refuses a shard whose manifest was edited (resolved scenario, version, scenario path); the merged manifest carries the resolved scenario",
          arguments: ["resolved", "version", "path"])
    func mergeManifestEdits(edit what: String) {
        let dir = temporaryFolder()
        for k in 1...2 {
            let r = ambsim(["run", Self.tiny, "-r", "4", "-q", "--shard", "\(k)/2", "--out", "part-\(k)"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let clean = ambsim(["merge", "part-1", "part-2", "--out", "merged"], in: dir)
        #expect(clean.status == 0 && (readFile(dir + "/merged/manifest.yaml") ?? "").contains("resolved_scenario:"), "\(clean.stderr)")
        edit(dir + "/part-2/manifest.yaml") { text in
            switch what {
            case "resolved": return text.replacing("residents: 60000", with: "residents: 60001")
            case "version": return text.replacing("ambsim_version: ", with: "ambsim_version: 0")
            default: return text.replacing("scenario: ", with: "scenario: x")
            }
        }
        #expect(readFile(dir + "/part-2/manifest.yaml") != nil)
        let r = ambsim(["merge", "part-1", "part-2", "--out", "merged2"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("part-2/manifest.yaml was edited"), "\(what): \(r.stderr)")
        #expect(!exists(dir + "/merged2"))
    }

    // 5. A --precision run's manifest says how many replications ran.

    @Test("a --precision run's manifest gives the replications the stopping rule ran")
    func precisionManifest() throws {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-q", "--precision", "c2_response_mean_min=0.05", "--max-replications", "60", "--out", "p"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = (readFile(dir + "/p/replications.csv") ?? "").split(separator: "\r\n").count - 1
        #expect(rows > 10)
        let manifest = try #require(readFile(dir + "/p/manifest.yaml"))
        #expect(manifest.contains("\nreplications: \(rows)\n") && manifest.contains("replication_range: [0, \(rows)]"), "\(rows) rows; \(manifest.prefix(600))")
    }

    // 4. Silent nonsense, now refused.

    /// The shipped extract with one value of RYF June 2023 changed.
    func extractWith(_ changes: [String: String]) -> String {
        let dir = temporaryFolder()
        let lines = (readFile(Self.extract) ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != "\r" }) }
        let edited = lines.map { line -> String in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count, line.contains(",RYF,"), cells[header.firstIndex(of: "Year")!] == "2023",
                  cells[header.firstIndex(of: "Month")!] == "6" else { return line }
            for (code, value) in changes { cells[header.firstIndex(of: code)!] = value }
            return cells.joined(separator: ",")
        }
        makeFile(dir + "/ambsys.csv", edited.joined(separator: "\n"))
        return dir + "/ambsys.csv"
    }

    @Test("calibrate with no usable target is exit 2 before any candidate runs, and writes nothing", arguments: [
        (",", [String: String](), "give one or more KPIs"),
        ("c2_response_mean_min", ["A31": ".", "A30": "."], "has no value of A31 for RYF in 2023-06"),
        ("c2_response_mean_min", ["A31": "0", "A30": "0"], "A31 is 0 for RYF in 2023-06"),
    ])
    func calibrateWithoutTargets(target: String, changes: [String: String], message: String) {
        let dir = temporaryFolder()
        let file = changes.isEmpty ? Self.extract : extractWith(changes)
        let r = ambsim(["calibrate", Self.tiny, "--ambsys", file, "--org", "RYF", "--month", "2023-06", "--fit", "fleet_scale=0.5..1.5",
                        "--target", target, "-r", "1", "-q", "--out", "cal"], in: dir)
        #expect(r.status == 2 && r.stderr.contains(message), "\(r.status) \(r.stdout) \(r.stderr)")
        #expect(!r.stdout.contains("fitted after") && !exists(dir + "/cal"))
    }

    @Test("sweep with one key in two --vary options is refused")
    func sweepKeyTwice() {
        let dir = temporaryFolder()
        let r = ambsim(["sweep", Self.tiny, "--vary", "demand.visitors.calls_per_visitor_day=0.001,0.002", "--vary",
                        "demand.visitors.calls_per_visitor_day=0.003", "-r", "1", "-q"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("is given twice"), "\(r.stderr)")
        #expect(!exists(dir + "/Results"))
    }

    @Test("a fleet that rounds to no vehicle, or an availability above 1, is refused by validate and run", arguments: [
        (["--set", "fleet_scale=0.1"], "fleet_scale: rounds every shift to no vehicle"),
        (["--set", "fleet_availability=[{from: 2023-07-01, share: 0.1}]"], "fleet_availability[0].share: leaves no crew on any shift"),
        (["--set", "fleet_availability=[{from: 2023-07-01, share: 1.2}]"], "fleet_availability[0].share: must be between 0 and 1 (got 1.2): it is the share of rostered crews that work; extra crews for a period are added with resources:"),
    ])
    func fleetThatRoundsToNothing(set: [String], message: String) {
        let v = ambsim(["validate", Self.tiny] + set)
        #expect(v.status == 2 && (v.stdout + v.stderr).contains(message), "\(v.stdout)\(v.stderr)")
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-r", "1", "-q"] + set, in: dir)
        #expect(r.status == 2 && !exists(dir + "/Results"), "\(r.stderr)")
    }

    @Test("a trace of six days is not backtested against a whole month")
    func traceMustCoverTheMonth() {
        let dir = temporaryFolder()
        var trace = "time,zone,category,disposition\n"
        for day in 1...6 { for hour in stride(from: 0, to: 24, by: 2) { trace += "2023-06-0\(day)T\(hour < 10 ? "0" : "")\(hour):00,town,C2,conveyed_ed\n" } }
        makeFile(dir + "/calls.csv", trace)
        makeFile(dir + "/base.yaml", readFile(Self.tiny) ?? "")
        makeFile(dir + "/t.yaml", "extends: base.yaml\nname: traced\nstart: 2023-06-01T00:00\ndisruption: []\ndemand: {trace: calls.csv}\n")
        let r = ambsim(["backtest", "t.yaml", "--ambsys", Self.extract, "--org", "RYF", "--month", "2023-06", "-r", "1", "-q"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("its trace does not cover 2023-06 (72 incidents fall in the month"), "\(r.stderr)")
    }

    @Test("uncertain restoration steps whose ranges overlap are refused at validation, naming both steps")
    func overlappingRestorationRanges() {
        let dir = temporaryFolder()
        makeFile(dir + "/base.yaml", readFile(Self.tiny) ?? "")
        makeFile(dir + "/o.yaml", """
            extends: base.yaml
            disruption:
              - kind: fleet
                from: 2023-07-10T12:00
                for: 5d
                share: 0.2
                restoration:
                  - {after: {uncertain: {uniform: {min: 1d, max: 2d}}}, restored: 0.5}
                  - {after: {uncertain: {uniform: {min: 1.8d, max: 3d}}}, restored: 0.8}

            """)
        let r = ambsim(["validate", "o.yaml"], in: dir)
        #expect(r.status == 2 && (r.stdout + r.stderr).contains("disruption[0].restoration[1].after: its range (1.8d to 3d) reaches back to disruption[0].restoration[0].after's (1d to 2d)"),
                "\(r.stdout)\(r.stderr)")
        makeFile(dir + "/o.yaml", (readFile(dir + "/o.yaml") ?? "").replacing("min: 1.8d", with: "min: 2.5d"))
        let fine = ambsim(["validate", "o.yaml"], in: dir)
        #expect(fine.status == 0, "\(fine.stdout)\(fine.stderr)")
    }

    // 5. calibrated.yaml written by Yams.

    @Test("calibrate writes a calibrated.yaml that reads back as the fitted scenario: a path with ' #' and ': ', a --set value with a line break, a long name")
    func calibratedFileIsYAML() throws {
        let dir = temporaryFolder()
        mkdir(dir + "/we #ird: dir", 0o755)
        makeFile(dir + "/we #ird: dir/t.yaml", readFile(Self.tiny) ?? "")
        let long = String(repeating: "x", count: 95)
        let r = ambsim(["calibrate", "we #ird: dir/t.yaml", "--ambsys", Self.extract, "--org", "RYF", "--month", "2023-06",
                        "--fit", "fleet_scale=0.8..1.2", "-r", "1", "--budget", "2", "-q", "--set", "description=\"a\\nb: 1\"",
                        "--set", "name=\(long)", "--out", "out"], in: dir)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let text = try #require(readFile(dir + "/out/calibrated.yaml"))
        #expect(text.contains("extends: \"../we #ird: dir/t.yaml\"") && !text.contains("\nb: 1"), "\(text)")
        let v = ambsim(["describe", "out/calibrated.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("description: \"a\\nb: 1\"") && v.stdout.contains("-calibrated-RYF"), "\(v.stdout.prefix(400))")
        #expect(v.stdout.contains(String(repeating: "x", count: 85) + "-calibrated-RYF\""))
    }

    // 8. Spreadsheet safety.

    @Test("hospital, zone and station names a spreadsheet would run as formulas are refused with file, line, key and rule",
          arguments: ["hospitals[0].name==HYPERLINK(1)", "hospitals[0].name=+44", "hospitals[0].name=-1", "hospitals[0].name=\"@SUM(A1)\"",
                      "stations[1].name==x"])
    func formulaNamesRefused(set: String) {
        let r = ambsim(["validate", Self.tiny, "--set", set])
        let key = String(set.prefix { $0 != "=" })
        #expect(r.status == 2 && (r.stdout + r.stderr).contains("\(key): must not be empty or begin with = + - or @"), "\(r.stdout)\(r.stderr)")
    }

    @Test("a zone named like a formula in a scenario file is refused, with the file's line")
    func formulaZoneInFile() {
        let dir = temporaryFolder()
        makeFile(dir + "/t.yaml", (readFile(Self.tiny) ?? "").replacing("coast", with: "=coast"))
        let r = ambsim(["validate", "t.yaml"], in: dir)
        #expect(r.status == 2 && (r.stdout + r.stderr).contains("t.yaml:14:") && (r.stdout + r.stderr).contains("zones[1].name: must not"), "\(r.stdout)\(r.stderr)")
    }

    // 10. Smaller.

    @Test("calibrate --budget below one candidate is refused; --fit on a whole-number key fits whole numbers")
    func budgetAndWholeNumbers() throws {
        let dir = temporaryFolder()
        let small = ambsim(["calibrate", Self.tiny, "--ambsys", Self.extract, "--org", "RYF", "--month", "2023-05,2023-06",
                            "--fit", "fleet_scale=0.8..1.2", "-r", "3", "--budget", "5", "-q"], in: dir)
        #expect(small.status == 2 && small.stderr.contains("--budget must pay for at least one candidate: --replications x months = 6"), "\(small.stderr)")
        let whole = ambsim(["calibrate", Self.tiny, "--ambsys", Self.extract, "--org", "RYF", "--month", "2023-06",
                            "--fit", "stations[0].roster[0].vehicles=1..6", "-r", "1", "--budget", "6", "-q", "--out", "w"], in: dir)
        #expect(whole.status == 0, "\(whole.stderr)")
        let trace = try #require(readFile(dir + "/w/calibration.csv"))
        let values = trace.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[1] }
        #expect(!values.isEmpty && values.allSatisfy { Int($0) != nil && (1...6).contains(Int($0)!) }, "\(trace)")
        let calibrated = readFile(dir + "/w/calibrated.yaml") ?? ""
        #expect((1...6).contains { calibrated.contains("vehicles: \($0)\n") }, "\(calibrated)")
    }

    @Test("a word that is no command is refused, not read as the default command's scenario (ambsim initialise --help)")
    func unknownCommand() {
        let r = ambsim(["initialise", "--help"])
        #expect(r.status == 2 && r.stderr.contains("'initialise' is not a command") && !r.stdout.contains("OVERVIEW"), "\(r.stdout)\(r.stderr)")
        let initHelp = ambsim(["init", "--help"])
        #expect(initHelp.status == 0 && initHelp.stdout.contains("OVERVIEW: Write a baseline scenario for any trust"), "init is a command now")
        let help = ambsim(["run", "--help"])
        #expect(help.status == 0 && help.stdout.contains("OVERVIEW: Run a scenario"))
    }

    @Test("daily.csv counts the hours a disruption was in force, not the hour before it began: a 5-hour CAD failure from 19:00 is 5/24 of its day")
    func dailySharesNotShifted() throws {
        let dir = temporaryFolder()
        let r = ambsim(["run", repositoryRoot + "/Scenarios/swasft-cad-failure.yaml", "-r", "2", "-q", "--set", "disruption[0].for=5h", "--out", "cad"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let daily = try #require(readFile(dir + "/cad/daily.csv"))
        let row = daily.split(separator: "\r\n").first { $0.contains(",2023-07-18,dispatch_down_share,") }
        let mean = row.map { Double($0.split(separator: ",")[4])! }
        #expect(mean.map { abs($0 - 5.0 / 24) < 1e-12 } == true, "\(row ?? "no row")")
    }
}
