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
