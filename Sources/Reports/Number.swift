/// Number formatting for result files: the shortest text that reads back as the same
/// Double (Swift's description), so files written from parsed files are byte-identical;
/// NaN is written as an empty field (undefined, e.g. no C1 call in a replication).
enum Number {
    static func text(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    static func parse(_ s: String) -> Double? { s.isEmpty ? .nan : Double(s) }

    /// Unit of a KPI, from its name.
    static func unit(of kpi: String) -> String {
        if kpi.hasSuffix("_min") { return "minutes" }
        if kpi.hasSuffix("_hours") || kpi == "handover_hours_lost" { return "hours" }
        if kpi.hasSuffix("_share") { return "share" }
        if kpi.hasSuffix("_records") { return "records" }
        if kpi == "job_cycles_lost" { return "job cycles" }
        return "count"
    }
}
