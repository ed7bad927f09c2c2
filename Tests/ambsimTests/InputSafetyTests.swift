#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Inputs that are not files, scenarios that can only produce nonsense, and output that
/// cannot be written (issue 11, findings 4, 6 and 9).
@Suite("Hostile inputs and lost output", .serialized)
struct InputSafetyTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    func write(_ text: String, to path: String) {
        let f = fopen(path, "wb")!
        fputs(text, f)
        fclose(f)
    }

    @Test("a named pipe as the scenario or its extends: target is refused at once, never waited on")
    func namedPipes() {
        let dir = temporaryFolder()
        mkfifo(dir + "/pipe.yaml", 0o644)
        write("extends: \(dir)/pipe.yaml\n", to: dir + "/x.yaml")
        for args in [["validate", dir + "/x.yaml"], ["validate", dir + "/pipe.yaml"], ["run", dir + "/pipe.yaml", "-q"], ["validate", "/dev/zero"]] {
            let started = monotonic()
            let r = ambsim(args)
            #expect(r.status == 2 && (r.stdout + r.stderr).contains("is not a regular file"), "\(args): \(r.stdout)\(r.stderr)")
            #expect(monotonic() - started < 5, "\(args) took too long")
        }
    }

    @Test("scenarios that can only produce nonsense are refused with the rule", arguments: [
        ("roster: [{start_hour: 7, length_hours: 12, vehicles: 3}, {start_hour: 19, length_hours: 12, vehicles: 2}]",
         "roster: [{start_hour: 7, length_hours: 12, vehicles: 0}]", "no vehicle is ever on duty"),
        ("calls_per_resident_per_day: 0.00048}   # SWASFT", "calls_per_resident_per_day: 0}   # SWASFT", "no call would ever arrive"),
        ("horizon: 6d", "horizon: 1441", "leaves less than an hour to count"),
        ("{at: 2023-07-12T19:00, mode: paper}", "{at: 2023-08-12T19:00, mode: paper}", "disruption[0].at: falls after the end of the run"),
    ])
    func nonsenseIsRefused(from: String, to: String, message: String) {
        let dir = temporaryFolder()
        var text = readFile(Self.tiny) ?? ""
        if from.hasPrefix("calls_per_resident") {
            text = text.replacing("calls_per_resident_per_day: 0.00048}", with: "calls_per_resident_per_day: 0}")
            text = text.replacing("calls_per_visitor_day: 0.001", with: "calls_per_visitor_day: 0")
        } else if from.hasPrefix("roster") {
            text = text.replacing(from, with: to)
            text = text.replacing("roster: [{start_hour: 7, length_hours: 12, vehicles: 2}, {start_hour: 19, length_hours: 12, vehicles: 1}]", with: to)
        } else {
            text = text.replacing(from, with: to)
        }
        write(text, to: dir + "/nonsense.yaml")
        let v = ambsim(["validate", dir + "/nonsense.yaml"])
        #expect(v.status == 2 && (v.stdout + v.stderr).contains(message), "\(v.stdout)\(v.stderr)")
        let r = ambsim(["run", dir + "/nonsense.yaml", "-q", "-r", "2", "--out", dir + "/out"])
        #expect(r.status == 2 && !exists(dir + "/out"))
    }

    @Test("standard output that cannot be written is exit 3, not 0", arguments: [["check", "-q"], ["describe"], ["validate"]])
    func lostStdout(command: [String]) {
        var args = command
        args.insert(Self.tiny, at: 1)
        let r = ambsimToDevFull(args)
        #expect(r.status == 3, "\(args): exit \(r.status), \(r.stderr)")
        #expect(r.stderr.contains("cannot write to standard output"))
    }

    func monotonic() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// validate decides from the scenario (issue 11, finding 7), and work is bounded (finding 8).
@Suite("Validation from the whole range; bounded work", .serialized)
struct WholeRangeTests {
    @Test("an uncertain input that is invalid only at the end of its range is refused by validate, before any run")
    func wholeSupport() {
        let dir = temporaryFolder()
        // Three random draws from 5-60 minutes almost never fall below 10, where no station is
        // in reach; the low end of the range does.
        let text = (readFile(InputSafetyTests.tiny) ?? "") + "dispatch_reach_minutes: {uncertain: {uniform: {min: 5, max: 60}}}\n"
        let f = fopen(dir + "/edge.yaml", "wb")!
        fputs(text, f)
        fclose(f)
        let v = ambsim(["validate", dir + "/edge.yaml"])
        #expect(v.status == 2 && (v.stdout + v.stderr).contains("has no station within 5.0 minutes: its calls would never be served when dispatch_reach_minutes is at the low end of its uncertain range (5)"), "\(v.stdout)\(v.stderr)")
    }

    @Test("a sweep grid past the cap is refused at once, before anything is built")
    func gridCap() {
        let values = (1...200).map(String.init).joined(separator: ",")
        let r = ambsim(["sweep", InputSafetyTests.tiny, "-q", "--vary", "seed=\(values)", "--vary", "replications=\(values)"])
        #expect(r.status == 2 && r.stderr.contains("the grid has 40000 points"), "\(r.stderr)")
    }

    @Test("--precision is bounded by max_expected_calls at --max-replications")
    func precisionBounded() {
        let r = ambsim(["run", InputSafetyTests.tiny, "-q", "--precision", "c1_response_mean_min=0.0001", "--max-replications", "1000000",
                        "--set", "max_expected_calls=100000"])
        #expect(r.status == 2 && (r.stderr.contains("max_expected_calls") || r.stderr.contains("--max-replications")), "\(r.stderr)")
    }

    @Test("a service that cannot answer its demand at all is stopped at 2,000,000 open calls and refused (exit 2), not run out of memory")
    func overwhelmedServiceIsStopped() {
        let dir = temporaryFolder()
        let r = ambsim(["run", InputSafetyTests.tiny, "-q", "-r", "1", "--set", "zones[0].residents=1e10", "--out", dir + "/res"])
        #expect(r.status == 2 && r.stderr.contains("more than 2000000 calls were open at once") && !r.stderr.contains("Backtrac"), "\(r.stderr)")
        #expect(!exists(dir + "/res"))
    }
}
