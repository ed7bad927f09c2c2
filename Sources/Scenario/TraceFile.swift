import AmbulanceService

/// Reads a trace of historical incidents: CSV with a header
/// `time,zone,category,disposition`, where time is a local date-time
/// (`2023-07-18T19:04`) or minutes from the scenario start, zone a zone name, category
/// `C1`..`C4` and disposition one of hear_and_treat, see_and_treat, conveyed_ed,
/// conveyed_elsewhere. Rows must be in time order.
enum TraceFile {
    static let maximumBytes = 256 * 1024 * 1024

    static func read(path: String, zones: [String: Int], start: LocalDateTime) throws(ScenarioErrors) -> [TraceIncident] {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, maximumBytes: maximumBytes) } catch {
            throw ScenarioErrors([ScenarioIssue(SourceLocation(file: path, line: 1, column: 1), "demand.trace", error.message)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ScenarioErrors([ScenarioIssue(SourceLocation(file: path, line: 1, column: 1), "demand.trace", "not UTF-8 text")])
        }
        var incidents: [TraceIncident] = []
        var issues: [ScenarioIssue] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (n, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            let location = SourceLocation(file: path, line: n + 1, column: 1)
            if n == 0 {
                if cells != ["time", "zone", "category", "disposition"] {
                    issues.append(ScenarioIssue(location, "demand.trace", "header must be time,zone,category,disposition"))
                    break
                }
                continue
            }
            guard cells.count == 4 else {
                issues.append(ScenarioIssue(location, "demand.trace", "needs 4 fields (got \(cells.count))"))
                if issues.count > 50 { break } else { continue }
            }
            let time = Double(cells[0]) ?? LocalDateTime(iso: cells[0]).map { $0.minutes(since: start) }
            let zone = zones[cells[1]]
            let category = cells[2].count == 2 && cells[2].first == "C" ? Int(cells[2].dropFirst()).flatMap { CallCategory(rawValue: $0) } : nil
            let disposition = Disposition.allCases.first { $0.description == cells[3] }
            guard let time, time.isFinite, let zone, let category, let disposition else {
                issues.append(ScenarioIssue(location, "demand.trace",
                                            "cannot read \(line): time must be a date-time or minutes, zone a known zone, category C1-C4, disposition one of \(Disposition.allCases.map(\.description).joined(separator: ", "))"))
                if issues.count > 50 { break } else { continue }
            }
            incidents.append(TraceIncident(timeMinutes: time, zone: zone, category: category, disposition: disposition))
        }
        if !issues.isEmpty { throw ScenarioErrors(issues) }
        return incidents
    }
}
