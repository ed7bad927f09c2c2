import AmbulanceService
import Foundation

/// A calendar month, as AmbSYS publishes its rows and as `--month 2023-06` names one.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// The months of a comma-separated list of months and ranges (`2023-04,2023-05`,
    /// `2023-10..2024-12`, `2023-04..2023-06,2024-01`), or the text that is not one.
    public static func list(_ text: String) -> Result<[YearMonth], ObservedError> {
        var out: [YearMonth] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            var months: [YearMonth]
            if let dots = item.range(of: "..") {
                guard let a = YearMonth(String(item[..<dots.lowerBound])), let b = YearMonth(String(item[dots.upperBound...])), a <= b else {
                    return .failure(ObservedError("--month: '\(item)' is not a range of months: write FIRST..LAST, both YYYY-MM, FIRST not after LAST (2023-10..2024-12)"))
                }
                months = [a]
                while let last = months.last, last < b, let next = last.next { months.append(next) }
            } else {
                guard let m = YearMonth(item) else {
                    return .failure(ObservedError("--month: '\(item)' is not a month: write YYYY-MM or FIRST..LAST, several separated by commas (2023-04,2023-05 or 2023-10..2024-12)"))
                }
                months = [m]
            }
            for m in months {
                if out.contains(m) { return .failure(ObservedError("--month: \(m) is given twice")) }
                out.append(m)
            }
        }
        return .success(out)
    }

    /// The month after this one (nil after the last month a `YearMonth` can be).
    public var previous: YearMonth? { month == 1 ? YearMonth(year: year - 1, month: 12) : YearMonth(year: year, month: month - 1) }

    public var next: YearMonth? { month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1) }

    /// The same calendar month `years` years on (negative: back).
    public func adding(years: Int) -> YearMonth? { YearMonth(year: year + years, month: month) }

    /// The first day of the month.
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }

    /// Days in the month.
    public var days: Int {
        let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1)! : CivilDate(year: year, month: month + 1, day: 1)!
        return next.daysSinceEpoch - firstDay.daysSinceEpoch
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
