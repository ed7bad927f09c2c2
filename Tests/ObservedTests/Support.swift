import Foundation
import Observed

let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

let shippedExtract = repositoryRoot + "/Scenarios/observed/ambsys-extract.csv"

/// A new empty folder under /tmp.
func scratchFolder() -> String {
    let path = NSTemporaryDirectory() + "ambsim-observed-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// An AmbSYS-format file (the published header's names, a subset of its columns, in a
/// different order from the published file) with one row per given (org, month, values).
func ambsysText(_ rows: [(org: String, month: YearMonth, values: [String: String])], lineEnd: String = "\n") -> String {
    let codes = ["A7", "A8", "A10", "A11", "A12", "A17", "A24", "A25", "A26", "A30", "A31", "A32", "A33", "A34", "A35",
                 "A36", "A37", "A38", "A53", "A54", "A55", "A56"]
    var lines = [(["Org Code", "Year", "Month", "Region", "Org Name", "Z99"] + codes).joined(separator: ",")]
    for r in rows {
        let fields = [r.org, String(r.month.year), String(r.month.month), "Y00", "TEST SERVICE", "ignored"] + codes.map { r.values[$0] ?? "." }
        lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: lineEnd) + lineEnd
}

import AmbulanceService
import MonteCarlo
import Scenario

enum MonteCarloRun {
    /// The outcomes of a scenario's replications 0..<n with a master seed.
    static func run(_ scenario: Scenario, replications n: Int, seed: UInt64) throws -> [ReplicationOutcome] {
        try Experiment(configuration: scenario.configuration, masterSeed: seed, replications: 0..<n).run(jobs: 2).outcomes
    }
}
