/// Number formatting for result files: the shortest text that reads back as the same
/// Double (Swift's description), so files written from parsed files are byte-identical;
/// NaN is written as an empty field (undefined, e.g. no C1 call in a replication).
public enum Number {
    public static func text(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    /// Reads back what `text` writes: empty is NaN; otherwise a decimal number (optionally
    /// negative, with a fraction or exponent). `nan`, `inf` and hex, which Swift's
    /// `Double(_:)` would take, are refused: ambsim never writes them, so an edit did.
    static func parse(_ s: String) -> Double? {
        if s.isEmpty { return .nan }
        let digits = s.utf8.first == UInt8(ascii: "-") ? s.utf8.dropFirst() : s.utf8[...]
        guard let first = digits.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                  || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }),
              let x = Double(s), x.isFinite else { return nil }
        return x
    }

    /// `x` rounded to `places` decimals, padded with zeros (`12.50`); "-" when not finite.
    /// For tables and progress, not for result files.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        // Beyond 2^53 a Double has no fractional part to show, and beyond Int's range
        // Int(rounded) would trap: whole digits are written from the Double itself.
        if abs(rounded) >= 9e15 { return wholeDigits(rounded) + (places > 0 ? "." + String(repeating: "0", count: places) : "") }
        if places == 0 { return String(Int(rounded)) }
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < places { s += String(repeating: "0", count: places - have) }
        }
        return s
    }

    /// The digits of a whole-valued finite Double of any size (`1e20` -> `100000000000000000000`),
    /// exactly as the binary value is: repeated division of its integer significand.
    static func wholeDigits(_ x: Double) -> String {
        precondition(x.isFinite && x == x.rounded(), "wholeDigits of \(x)")
        if abs(x) < 9e15 { return String(Int(x)) }
        // x = significand * 2^exponent with a 53-bit integer significand: multiply out in base 10^9.
        let exponent = Int(x.exponent) - 52
        var limbs: [UInt64] = [UInt64(abs(x).significandBitPattern | (1 << 52))]   // little-endian base 10^9
        func normalise() {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = limbs[i] + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
        }
        normalise()
        for _ in 0..<max(0, exponent) {
            for i in limbs.indices { limbs[i] *= 2 }
            normalise()
        }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return (x < 0 ? "-" : "") + text
    }

    /// Minutes as a clock reading for people: `m:ss`, or `h:mm:ss` from an hour, with a
    /// minus sign before a negative value (`-5:36`, never `-5:0-36`); "-" when not finite,
    /// and minutes beyond a million years' worth are written as minutes.
    public static func clock(minutes x: Double) -> String {
        guard x.isFinite else { return "-" }
        guard abs(x) < 5e11 else { return fixed(x, places: 0) + " min" }
        let total = Int((abs(x) * 60).rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = x < 0 && total > 0 ? "-" : ""
        return sign + (h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))")
    }

    /// Unit of a KPI, from its name.
    public static func unit(of kpi: String) -> String {
        if kpi.hasSuffix("_min") { return "minutes" }
        if kpi.hasSuffix("_hours") || kpi.hasPrefix("handover_hours_") { return "hours" }
        if kpi.hasSuffix("_share") { return "share" }
        if kpi.hasSuffix("_records") { return "records" }
        if kpi == "job_cycles_lost" { return "job cycles" }
        return "count"
    }
}
