import DES
import MonteCarlo
import Reports
import Stochastics
#if canImport(Glibc)
import Glibc
#endif

/// Exponential durations drawn with GSL from one stream.
struct ExponentialSource: DurationSource {
    let stream: RandomStream
    let mean: Double
    mutating func nextDuration() -> Double { stream.exponential(mean: mean) }
}

/// Peak resident set size of this process so far, in MB (getrusage ru_maxrss, KiB on Linux).
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

struct Row {
    var workload: String
    var replications: Int
    var events: Int
    var wallSeconds: Double
    /// What the workload measured, printed to stderr (not part of the CSV).
    var note: String = ""
    var line: String {
        let rate = Double(events) / wallSeconds
        return "\(workload),\(replications),\(events),\(format(wallSeconds, 3)),\(format(rate, 0)),\(format(peakResidentMegabytes(), 1))"
    }
}

func format(_ x: Double, _ decimals: Int) -> String { Number.fixed(x, places: decimals) }

/// kernel-mmc: M/M/c with c = 20, 17 arrivals/h, mean service 1 h, until 1,000,000
/// customers have been served; one replication.
func kernelMMc() -> Row {
    let plan = SeedPlan(masterSeed: 20230718)
    typealias Model = MultiClassQueue<ExponentialSource, ExponentialSource>
    var model = Model(
        arrivals: [ExponentialSource(stream: plan.stream(replication: 0, purpose: .arrivals), mean: 60.0 / 17.0)],
        service: [ExponentialSource(stream: plan.stream(replication: 0, purpose: .service), mean: 60)],
        servers: 20, stopAfterServed: 1_000_000)
    var calendar = EventCalendar<Model.Event>(reservingCapacity: 64)
    let start = monotonicSeconds()
    model.start(calendar: &calendar)
    let events = calendar.run(&model)
    let wall = monotonicSeconds() - start
    return Row(workload: "kernel-mmc", replications: 1, events: events, wallSeconds: wall)
}

@main
struct AmbsimBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var replications = 32
        if let i = arguments.firstIndex(of: "--replications"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n >= 1 {
            replications = n
            arguments.removeSubrange(i...(i + 1))
        }
        let all: [(String, () -> [Row])] = [("kernel-mmc", { [kernelMMc()] }), ("model-year", { [modelYear()] }),
                                            ("outage-run", { outageRun(replications: replications) }), ("peer-amb", { [peerAmb()] })]
        let chosen = arguments.isEmpty ? all : all.filter { arguments.contains($0.0) }
        if chosen.isEmpty || arguments.contains(where: { a in !all.contains { $0.0 == a } }) {
            let names = all.map(\.0).joined(separator: ", ")
            FileHandleLike.standardError("usage: ambsim-bench [--replications N] [WORKLOAD...]; workloads: \(names)\n")
            exit(2)
        }
        print("workload,replications,events,wall_s,events_per_s,peak_rss_mb")
        for (_, run) in chosen {
            for row in run() {
                print(row.line)
                if !row.note.isEmpty { FileHandleLike.standardError("\(row.workload): \(row.note)\n") }
            }
        }
    }
}

enum FileHandleLike {
    static func standardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
    }
}
