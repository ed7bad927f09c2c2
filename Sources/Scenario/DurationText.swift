/// Reads durations written the way planners write them: `90min`, `48h`, `14d`, `2w`,
/// `1h30min`, or a bare number of minutes. Returns minutes, or nil when the text is not
/// such a duration.
public enum DurationText {
    static let units: [(suffix: String, minutes: Double)] = [("min", 1), ("m", 1), ("h", 60), ("d", 1440), ("w", 10080)]

    public static func minutes(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let plain = Double(trimmed) { return plain.isFinite ? plain : nil }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count).drop { $0 == " " }
            let word = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == String(word) }) else { return nil }
            total += value * unit.minutes
            rest = rest.dropFirst(word.count).drop { $0 == " " }
        }
        return total.isFinite ? total : nil
    }

    /// Minutes as a planner writes them: `14d`, `9.5d`, `36h`, `90min` (days or hours when
    /// the value is a whole number of them or of their tenths).
    public static func show(_ minutes: Double) -> String {
        guard minutes.isFinite else { return "\(minutes) min" }
        for (suffix, size) in [("d", 1440.0), ("h", 60.0)] {
            let tenths = minutes / size * 10
            if abs(minutes) >= size, abs(tenths - tenths.rounded()) < 1e-9 { return NumberRule.show(tenths.rounded() / 10) + suffix }
        }
        return NumberRule.show((minutes * 100).rounded() / 100) + "min"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
