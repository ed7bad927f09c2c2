#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Figures that say what they cover: the counted window, a saturated service, a backlog
/// not cleared by the end (issue 24, item 3).
@Suite("Honest headlines", .serialized)
struct HonestHeadlineTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    @Test("a saturated run warns on stderr and in its manifest; a healthy one does not")
    func saturation() throws {
        let dir = temporaryFolder()
        let bad = ambsim(["run", Self.tiny, "-r", "3", "--set", "fleet_scale=0.4", "--set", "horizon=20d", "-q", "--out", dir + "/bad"], in: dir)
        #expect(bad.status == 0)
        #expect(bad.stderr.contains("warning: tiny: crews are busy") && bad.stderr.contains("the service is saturated"), "\(bad.stderr)")
        #expect(bad.stderr.contains("mean response is") && bad.stderr.contains("days"))
        let manifest = try #require(readFile(dir + "/bad/manifest.yaml"))
        #expect(manifest.contains("warnings:") && manifest.contains("crews are busy"))
        let good = ambsim(["run", Self.tiny, "-r", "3", "-q", "--out", dir + "/good"], in: dir)
        #expect(good.status == 0 && !good.stderr.contains("warning:"), "\(good.stderr)")
        #expect(!(readFile(dir + "/good/manifest.yaml") ?? "warnings:").contains("warnings:"))
    }

    @Test("run and impact say which calls their figures cover, and that the disruption's days are diluted")
    func window() {
        let dir = temporaryFolder()
        let r = ambsim(["run", Self.tiny, "-r", "2", "--out", dir + "/t"], in: dir)
        #expect(r.stdout.contains("figures for calls arriving 2023-07-11T00:00 to 2023-07-16T00:00"), "\(r.stdout)")
        #expect(r.stdout.contains("the disruption starts 2023-07-12T19:00, so days before it are in these figures"))
    }

    @Test("compare of two scenarios reports the disruption's window first, the whole run beside it")
    func windowFirst() throws {
        let dir = temporaryFolder()
        // A: tiny with no outage; B: tiny, on paper from 12 July 19:00 for a day.
        let f = fopen(dir + "/calm.yaml", "wb")!
        fputs("extends: \(Self.tiny)\nname: calm\ndisruption: []\n", f)
        fclose(f)
        let r = ambsim(["compare", dir + "/calm.yaml", Self.tiny, "--set", "record_modes.paper.handover_extra_minutes=30", "-r", "3", "-q",
                        "--out", dir + "/c/comparison.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let window = try #require(r.stdout.range(of: "in the disruption's window: calls arriving 2023-07-12T19:00 to 2023-07-16T00:00"))
        let whole = try #require(r.stdout.range(of: "Over the whole run beside it:"))
        #expect(window.lowerBound < whole.lowerBound)
        #expect(r.stdout.contains("figures for calls arriving 2023-07-11T00:00 to 2023-07-16T00:00"))
        let csv = try #require(readFile(dir + "/c/comparison_window.csv"))
        #expect(csv.hasPrefix("kpi,unit,a_mean,b_mean,diff_mean"))
        // The window's handover effect is the larger: the whole run dilutes it with the days before.
        func diff(_ text: String) -> Double? {
            text.split(separator: "\r\n").first { $0.hasPrefix("handover_mean_min,") }.flatMap { Double($0.split(separator: ",")[4]) }
        }
        let wholeCSV = try #require(readFile(dir + "/c/comparison.csv"))
        let inWindow = try #require(diff(csv)), overall = try #require(diff(wholeCSV))
        #expect(inWindow > overall && overall > 0, "window \(inWindow), whole run \(overall)")
    }

    @Test("the tornado's runs are lengthened so that an outage length's whole range ends inside them")
    func tornadoCoversTheRange() throws {
        let dir = temporaryFolder()
        // tiny's paper day made 1-5 days long: its 95th centile (4.8 days) would end after the 6-day run.
        let r = ambsim(["sweep", Self.tiny, "--one-at-a-time", "--set", "disruption[1].after={uncertain: {uniform: {min: 1d, max: 5d}}}",
                        "-r", "3", "-q", "--out", dir + "/t"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("tornado: every run lengthened from 6 to 9 days"), "\(r.stderr)")
        let csv = try #require(readFile(dir + "/t/tornado.csv"))
        func records(_ level: String) -> Double? {
            csv.split(separator: "\r\n").first { $0.hasPrefix("disruption[1].after,\(level),") && $0.contains(",paper_records_count,") }
                .flatMap { Double($0.split(separator: ",")[5]) }
        }
        let base = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("all at their means,base,,paper_records_count,") }
            .flatMap { Double($0.split(separator: ",")[5]) })
        // Both sides of the bar: a shorter outage writes fewer paper records, a longer one more.
        #expect(try #require(records("low")) < base && base < (try #require(records("high"))))
    }

    @Test("a backlog still waiting at the end is said to be not cleared, with the records left")
    func backlogNotCleared() {
        let dir = temporaryFolder()
        // tiny's paper day, re-keyed by one clerk 9-17 at 5 min a record, with the run ending
        // the day after restoration: records are still waiting at the end.
        let r = ambsim(["compare", Self.tiny, Self.tiny, "--set", "horizon=4d", "-r", "3", "-q", "--out", dir + "/c.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("not cleared by the end of the run"), "\(r.stdout)")
        #expect(r.stdout.contains("backlog_remaining_records"))
    }
}
