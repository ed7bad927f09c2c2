/// A date in the proleptic Gregorian calendar, with no time zone: ambsim's simulated days
/// are 24 h of local wall-clock time (clock changes are ignored; assumption).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the date exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// From days since 1970-01-01 (Hinnant's civil-from-days algorithm).
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Hinnant's days-from-civil algorithm).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Day of the week, 0 = Monday ... 6 = Sunday (ISO 8601).
    public var weekdayIndex: Int {
        // 1970-01-01 was a Thursday (index 3).
        let d = (daysSinceEpoch + 3) % 7
        return d < 0 ? d + 7 : d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A local wall-clock date and time to the minute.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    /// Minutes after midnight, 0..<1440.
    public let minuteOfDay: Int

    public init(date: CivilDate, minuteOfDay: Int = 0) {
        precondition((0..<1440).contains(minuteOfDay), "minute of day must be in 0..<1440 (got \(minuteOfDay))")
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    /// Reads `YYYY-MM-DDTHH:MM`, `YYYY-MM-DD HH:MM` (seconds `:SS` allowed and must be 00) or `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2, let date = CivilDate(iso: String(parts[0])) else { return nil }
        var minute = 0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard hms.count == 2 || hms.count == 3, hms.allSatisfy({ $0.count == 2 }),
                  let h = Int(hms[0]), let m = Int(hms[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            if hms.count == 3 { guard hms[2] == "00" else { return nil } }
            minute = h * 60 + m
        }
        self.init(date: date, minuteOfDay: minute)
    }

    /// Minutes since 1970-01-01T00:00.
    public var minutesSinceEpoch: Int { date.daysSinceEpoch * 1440 + minuteOfDay }

    /// Minutes from `origin` to this time.
    public func minutes(since origin: LocalDateTime) -> Double { Double(minutesSinceEpoch - origin.minutesSinceEpoch) }

    /// This time plus whole minutes.
    public func adding(minutes: Int) -> LocalDateTime {
        let total = minutesSinceEpoch + minutes
        let days = total >= 0 ? total / 1440 : (total - 1439) / 1440
        return LocalDateTime(date: CivilDate(daysSinceEpoch: days), minuteOfDay: total - days * 1440)
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.minutesSinceEpoch < b.minutesSinceEpoch }

    /// `YYYY-MM-DDTHH:MM`, written digit by digit (result files write one per hour).
    public var description: String {
        let year = date.year
        guard (0...9999).contains(year) else {
            let h = minuteOfDay / 60, m = minuteOfDay % 60
            return "\(date)T\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
        }
        let fields = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10, -1, date.month / 10, date.month % 10, -1,
                      date.day / 10, date.day % 10, -2, minuteOfDay / 600, minuteOfDay / 60 % 10, -3, minuteOfDay % 60 / 10, minuteOfDay % 10]
        return String(decoding: fields.map { $0 >= 0 ? UInt8(ascii: "0") + UInt8($0) : $0 == -1 ? UInt8(ascii: "-") : $0 == -2 ? UInt8(ascii: "T") : UInt8(ascii: ":") },
                      as: UTF8.self)
    }
}
