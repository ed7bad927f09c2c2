import ArgumentParser
import Foundation
import Observed
import Reports
import Scenario

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a baseline scenario for any trust from its published AmbSYS record.",
        discussion: """
            Reads the trust's rows for --months and writes a complete, commented scenario: demand \
            level and seasonal profile (A7), category mix (A8, A10-A12), hear-and-treat (A17), \
            dispositions (A53-A56), the drive to a patient fitted to the C1 mean and 90th centile \
            (A25, A26), and the arrival-to-handover time fitted to A142 and A143 (from October \
            2023; earlier months take the same calendar month of the nearest year). The fleet is \
            sized by a stated rule (busy crew-hours at 85% utilisation) for calibrate to fit. \
            Without --hospitals the service is aggregate (one zone, the EDs pooled); with a CSV \
            of hospitals (name, capacity, and zone or latitude and longitude) it has zones and \
            drive times from straight-line distance x 1.3 at 60 km/h. Every figure is tagged in \
            the file: [D] from the record, [M] a study, [E] an assumption. Rows held out as the \
            model's test are never read. The file passes validate; then run calibrate and \
            backtest as its header says.
            """)

    @Option(help: "Organisation code in the AmbSYS file: RX6 (North East), RRU (London), RYA (West Midlands), ...")
    var org: String

    @Option(help: "NHS England AmbSYS CSV file: the published file or any column subset with the published names (e.g. Scenarios/observed/ambsys-panel-2022-2024.csv).")
    var ambsys: String

    @Option(help: "The months to read: 2024-01..2024-06, or a comma list (default: the last six months the file has for the trust).")
    var months: String?

    @Option(help: "A CSV of the trust's hospitals: name, capacity (offload spaces), and zone, or latitude and longitude, or both.")
    var hospitals: String?

    @Option(help: "The scenario file to write (default: Scenarios/<org>-baseline.yaml). An existing file is replaced only when init wrote it.")
    var out: String?

    @Option(help: "The scenario's name (default: the file's name without .yaml).")
    var name: String?

    func validate() throws {
        guard !org.isEmpty, org.count <= 16, org.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError("--org takes an organisation code of letters and digits, as in the AmbSYS file's Org Code column (RX6, RRU; got \(org))")
        }
        if org == "Eng" {
            throw ValidationError("--org Eng is England, the sum of the trusts, not a service: init writes one trust's scenario (run a study over the trusts for England)")
        }
        if let m = months, case .failure(let e) = YearMonth.list(m) { throw ValidationError(e.message) }
        if let n = name, n.isEmpty || n.count > 100 || n.contains(where: { $0.isNewline || $0 == "/" }) {
            throw ValidationError("--name takes a short name on one line without '/' (got \(n.debugDescription))")
        }
    }

    func run() throws {
        let file: AmbSYSFile
        do { file = try AmbSYSFile.read(path: ambsys) } catch {
            printError(error.message)
            throw Exit.badInput
        }
        let chosen: [YearMonth]
        if let m = months {
            chosen = (try? YearMonth.list(m).get()) ?? []
        } else {
            let available = file.rows.filter { $0.org == org && $0.value("A7") != nil && !HeldOut.contains(org: org, month: $0.month) }.map(\.month).sorted()
            chosen = Array(available.suffix(6))
            if chosen.isEmpty {
                let orgs = Array(Set(file.rows.map(\.org))).sorted().joined(separator: ", ")
                printError("\(ambsys): no usable rows for org \(org); the file has: \(orgs)")
                throw Exit.badInput
            }
        }
        let path = out ?? "Scenarios/\(org.lowercased())-baseline.yaml"
        // The path and the name are checked before anything is read or run.
        do { _ = try ResultFolder.resolve(path) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        let scenarioName = name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if let problem = Scenario.nameProblem(scenarioName) {
            printError("the scenario's name \(scenarioName.debugDescription) (\(name == nil ? "from the file's name; give one with --name" : "--name")) \(problem)")
            throw Exit.badInput
        }
        do {
            let record = try TrustRecord(file: file, org: org, months: chosen)
            let sites = try hospitals.map { (p: String) throws(ObservedError) in try TrustHospitals(path: p) }
            let drafted = TrustDraft(record: record, name: scenarioName,
                                   commandLine: "ambsim init " + CommandLine.arguments.dropFirst(2).map(shellQuoted).joined(separator: " "),
                                   hospitals: sites)
            let jobs = ProcessInfo.processInfo.activeProcessorCount
            let draft = try drafted.fittingC1(jobs: jobs).fittingPressures(jobs: jobs)
            let text = draft.yaml
            // What it wrote must load: a draft that does not is a bug, never the planner's file.
            do { _ = try Scenario.build(document: try ScenarioLoader().parse(text: text, file: path), path: path) } catch {
                printError("ambsim init made a scenario that does not load (please report it):\n\(error.description)")
                throw Exit.internalError
            }
            try ResultFolder.writeFile(text, to: path, ownLine: TrustDraft.firstLine)
            printOut("wrote \(path): \(record.orgName) (\(org)), \(chosen.first!)..\(chosen.last!)")
            printOut("  \(Number.fixed(draft.level, places: 0)) incidents a day; C1 drive \(Number.fixed(draft.c1Drive.mean, places: 1)) min; handover \(Number.fixed(draft.record.handover.mean, places: 1)) min (\(draft.hospitals == nil ? "\(draft.pooledOffloadSpaces) pooled offload spaces" : "the listed EDs")); \(Number.fixed(draft.crewsOnDuty, places: 0)) crews on duty by rule")
            for n in record.notes { printOut("  note: \(n)") }
            printOut("next: " + draft.calibrateCommand(file: shellQuoted(path), ambsys: shellQuoted(ambsys)))
        } catch let e as ObservedError {
            printError(e.message)
            throw Exit.badInput
        } catch let e as ResultFolder.Failure {
            printError(e.description)
            throw Exit.badInput
        }
    }
}

/// A word as a shell would need it typed (for the command line quoted in a file's header).
func shellQuoted(_ s: String) -> String {
    s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,".contains($0) }) && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
