import AmbulanceService
import Foundation

/// Reads a trace of historical incidents: CSV with a header
/// `time,zone,category,disposition`, where time is a local date-time
/// (`2023-07-18T19:04`) or minutes from the scenario start, zone a zone name, category
/// `C1`..`C4` and disposition one of hear_and_treat, see_and_treat, conveyed_ed,
/// conveyed_elsewhere. Rows must be in time order.
///
/// The file is read once into memory (at most `maximumBytes`) and parsed line by line from
/// those bytes: no copy of the whole text and no array of lines is made, so a trace costs
/// about its size plus 24 bytes an incident. At most `maximumProblems` problems are listed;
/// the rest are counted.
enum TraceFile {
    static let maximumBytes = 256 * 1024 * 1024
    static let maximumProblems = 50

    static func read(path: String, zones: [String: Int], start: LocalDateTime) throws(ScenarioErrors) -> [TraceIncident] {
        let data: Data
        do { data = try FileSystem.read(path, maximumBytes: maximumBytes) } catch {
            throw ScenarioErrors([ScenarioIssue(SourceLocation(file: path, line: 1, column: 1), "demand.trace", error.message)])
        }
        var incidents: [TraceIncident] = []
        var issues: [ScenarioIssue] = []
        var unlisted = 0
        func problem(_ line: Int, _ message: String) {
            if issues.count < maximumProblems {
                issues.append(ScenarioIssue(SourceLocation(file: path, line: line, column: 1), "demand.trace", message))
            } else {
                unlisted += 1
            }
        }
        var sawHeader = false
        let dispositions = Disposition.allCases
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var lineNumber = 0
            while lineStart < bytes.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let next = lineEnd + 1
                if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                defer { lineStart = next }
                if lineEnd == lineStart { continue }
                guard let line = String(validating: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), as: UTF8.self) else {
                    problem(lineNumber, "not UTF-8 text")
                    continue
                }
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
                if !sawHeader {
                    sawHeader = true
                    if cells != ["time", "zone", "category", "disposition"] {
                        problem(lineNumber, "header must be time,zone,category,disposition")
                        return
                    }
                    continue
                }
                guard cells.count == 4 else {
                    problem(lineNumber, "needs 4 fields (got \(cells.count))")
                    continue
                }
                let time = Double(cells[0]) ?? LocalDateTime(iso: cells[0]).map { $0.minutes(since: start) }
                let zone = zones[cells[1]]
                let category = cells[2].count == 2 && cells[2].first == "C" ? Int(cells[2].dropFirst()).flatMap { CallCategory(rawValue: $0) } : nil
                let disposition = dispositions.first { $0.description == cells[3] }
                guard let time, time.isFinite, let zone, let category, let disposition else {
                    problem(lineNumber, "cannot read \(line): time must be a date-time or minutes, zone a known zone, category C1-C4, disposition one of \(dispositions.map(\.description).joined(separator: ", "))")
                    continue
                }
                incidents.append(TraceIncident(timeMinutes: time, zone: zone, category: category, disposition: disposition))
            }
        }
        if unlisted > 0, let last = issues.last {
            issues.append(ScenarioIssue(last.location, "demand.trace", "and \(unlisted) more problems not listed"))
        }
        if !issues.isEmpty { throw ScenarioErrors(issues) }
        return incidents
    }
}
