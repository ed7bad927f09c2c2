/// Number formatting for result files: the shortest text that reads back as the same
/// Double (Swift's description), so files written from parsed files are byte-identical;
/// NaN is written as an empty field (undefined, e.g. no C1 call in a replication).
public enum Number {
    public static func text(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    static func parse(_ s: String) -> Double? { s.isEmpty ? .nan : Double(s) }

    /// `x` rounded to `places` decimals, padded with zeros (`12.50`); "-" when not finite.
    /// For tables and progress, not for result files.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        if places == 0 { return String(Int(rounded)) }
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < places { s += String(repeating: "0", count: places - have) }
        }
        return s
    }

    /// Unit of a KPI, from its name.
    public static func unit(of kpi: String) -> String {
        if kpi.hasSuffix("_min") { return "minutes" }
        if kpi.hasSuffix("_hours") || kpi == "handover_hours_lost" { return "hours" }
        if kpi.hasSuffix("_share") { return "share" }
        if kpi.hasSuffix("_records") { return "records" }
        if kpi == "job_cycles_lost" { return "job cycles" }
        return "count"
    }
}
