import Foundation
import Reports

/// One row of NHS England's Ambulance Quality Indicators, Systems Indicators (AmbSYS): one
/// organisation in one month, every indicator by its published code.
public struct AmbSYSRow: Sendable {
    public let month: YearMonth
    /// `Org Code`: `RYF`, `RYE`, ... or `Eng` for England.
    public let org: String
    public let orgName: String
    /// The file line the row starts on.
    public let line: Int
    /// The file's indicator columns (code -> position in `numbers`), shared by every row.
    let columns: [String: Int]
    /// Indicator values in column order; NaN where the file says `.` (not available).
    let numbers: [Double]

    /// The value of an indicator: nil when the file has no such column or says `.`.
    public func value(_ code: String) -> Double? {
        guard let i = columns[code] else { return nil }
        let x = numbers[i]
        return x.isNaN ? nil : x
    }

    /// Whether the file has a column for `code` (its value may still be `.`).
    public func hasColumn(_ code: String) -> Bool { columns[code] != nil }
}

/// An AmbSYS CSV file as NHS England publishes it: a header of names (`Year`, `Month`,
/// `Region`, `Org Code`, `Org Name`, then indicator codes `A0`, `A1`, ...), read by name and
/// never by position; unknown columns ignored; `.` means not available; LF or CRLF line
/// ends; any subset of rows and columns; times in seconds, counts in incidents.
///
/// Values are checked as the published file keeps them: plain decimal numbers (no hex, no
/// signs), whole numbers for counts, and the identities of the specification: A56 = A53 +
/// A54 + A55 (face to face = conveyed to ED + elsewhere + see-and-treat), A7 >= A56 and
/// A7 >= A17 (no share of incidents above one), every mean = total / count to the second it
/// is rounded to, and no value beyond `largestValue`.
public struct AmbSYSFile: Sendable {
    public let path: String
    public let rows: [AmbSYSRow]

    /// Files larger than this are refused before reading (the whole published series, every
    /// trust since 2017, is under 4 MB).
    public static let maximumBytes = 64 << 20
    static let requiredColumns = ["Year", "Month", "Org Code"]
    /// No published value comes near this: England's largest monthly total, seconds of C3
    /// response (A33), is about 1e9 [D: panel]. An assumption [E] that bounds nonsense.
    public static let largestValue = 1e12
    /// Counts of incidents or handovers: whole numbers [D: AQI specification].
    static let countCodes: Set<String> = ["A0", "A1", "A2", "A7", "A8", "A9", "A10", "A11", "A12", "A17", "A53", "A54", "A55", "A56",
                                         "A140", "A144", "A145", "A146"]
    /// (total, count, mean) triples: the mean is published as total / count rounded to the
    /// second [D: panel README; checked on the panel, largest difference 0.5 s].
    static let meanIdentities = [("A24", "A8", "A25"), ("A27", "A9", "A28"), ("A30", "A10", "A31"), ("A33", "A11", "A34"),
                                 ("A36", "A12", "A37"), ("A141", "A140", "A142")]
    /// Organisation codes listed in a message at most.
    static let listedCodes = 20

    /// Reads and checks `path`: a regular file (a link to one is followed), at most
    /// `maximumBytes`, UTF-8 text.
    public static func read(path: String) throws(ObservedError) -> AmbSYSFile {
        // A link is followed, as reading does: a link to the published file is the file.
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let values: URLResourceValues
        do {
            guard FileManager.default.fileExists(atPath: path) else { throw CocoaError(.fileNoSuchFile) }
            values = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .fileSizeKey]) } catch {
            throw ObservedError("\(path): cannot read the AmbSYS file (no such file, a link to nothing, or no permission)")
        }
        guard values.isRegularFile == true else {
            throw ObservedError("\(path): \(values.isDirectory == true ? "a folder" : "not a regular file (a pipe, device or socket)"): give the AmbSYS CSV file itself")
        }
        if let size = values.fileSize, size > maximumBytes {
            throw ObservedError("\(path): \(size) bytes, larger than the \(maximumBytes >> 20) MB an AmbSYS file can be")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= maximumBytes else {
            throw ObservedError("\(path): cannot read the AmbSYS file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ObservedError("\(path): not UTF-8 text: give the AmbSYS CSV file as published")
        }
        return try parse(text, path: path)
    }

    /// Parses AmbSYS CSV text; `path` names it in messages. Records are read one at a time.
    public static func parse(_ text: String, path: String) throws(ObservedError) -> AmbSYSFile {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var rows: [AmbSYSRow] = []
        var header: (names: [String], line: Int, column: [String: Int], indicators: [(Int, String)], codes: [String: Int])? = nil
        var seen: [String: Int] = [:]
        var failure: ObservedError? = nil
        do throws(CSVReader.Failure) {
            try CSVReader.forEachRecord(String(body)) { (line, fields) throws(CSVReader.Failure) in
                do throws(ObservedError) {
                    guard let h = header else {
                        header = try readHeader(fields, line: line, path: path)
                        return
                    }
                    if let row = try readRow(fields, line: line, header: (h.names, h.column, h.indicators, h.codes), seen: &seen, path: path) {
                        rows.append(row)
                    }
                } catch {
                    failure = error
                    throw CSVReader.Failure(line: line, message: "")
                }
            }
        } catch {
            if let failure { throw failure }
            throw ObservedError("\(path):\(error.line): \(error.message)")
        }
        guard header != nil else {
            throw ObservedError("\(path):1: empty file: expected a header of AmbSYS column names (Year,Month,Region,Org Code,Org Name,A0,A1,...)")
        }
        return AmbSYSFile(path: path, rows: rows)
    }

    static func readHeader(_ fields: [String], line: Int, path: String) throws(ObservedError)
        -> (names: [String], line: Int, column: [String: Int], indicators: [(Int, String)], codes: [String: Int]) {
        guard !(fields.count == 1 && fields[0].isEmpty) else {
            throw ObservedError("\(path):1: empty file: expected a header of AmbSYS column names (Year,Month,Region,Org Code,Org Name,A0,A1,...)")
        }
        let names = fields.map(trimmed)
        var column: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if column[name] != nil { throw ObservedError("\(path):\(line): column '\(name)' appears twice in the header") }
            column[name] = i
        }
        for name in requiredColumns where column[name] == nil {
            throw ObservedError("\(path):\(line): the header has no '\(name)' column: is this an AmbSYS file? (its header starts Year,Month,Region,Org Code,Org Name,A0,...)")
        }
        let indicators = names.enumerated().filter { Self.isIndicatorCode($0.element) }.map { ($0.offset, $0.element) }
        var codes: [String: Int] = [:]
        for (k, (_, code)) in indicators.enumerated() { codes[code] = k }
        return (names, line, column, indicators, codes)
    }

    static func readRow(_ fields: [String], line: Int, header: (names: [String], column: [String: Int], indicators: [(Int, String)], codes: [String: Int]),
                        seen: inout [String: Int], path: String) throws(ObservedError) -> AmbSYSRow? {
        if fields.count == 1 && trimmed(fields[0]).isEmpty { return nil }  // blank line
        guard fields.count == header.names.count else {
            let what = fields.count < header.names.count ? "truncated row" : "row too long"
            throw ObservedError("\(path):\(line): \(what): \(fields.count) fields, the header has \(header.names.count)")
        }
        func field(_ name: String) -> String { trimmed(fields[header.column[name]!]) }
        guard let year = Int(field("Year")), let monthNumber = Int(field("Month")), let month = YearMonth(year: year, month: monthNumber) else {
            throw ObservedError("\(path):\(line): Year '\(field("Year"))' and Month '\(field("Month"))' are not a month (a year and 1-12)")
        }
        let org = field("Org Code")
        guard !org.isEmpty else { throw ObservedError("\(path):\(line): Org Code is empty") }
        let key = "\(org) \(month)"
        if let first = seen[key] { throw ObservedError("\(path):\(line): \(org) \(month) appears twice (first on line \(first))") }
        seen[key] = line
        var numbers = [Double](repeating: .nan, count: header.indicators.count)
        for (k, (i, code)) in header.indicators.enumerated() {
            let text = trimmed(fields[i])
            if text == "." || text.isEmpty { continue }
            guard let x = decimal(text), x <= largestValue else {
                throw ObservedError("\(path):\(line): \(code) for \(org) \(month) is '\(text)': expected a plain decimal number from 0 to \(Number.fixed(largestValue, places: 0)), or '.' (not available)")
            }
            if countCodes.contains(code), x != x.rounded() {
                throw ObservedError("\(path):\(line): \(code) for \(org) \(month) is '\(text)': a count of incidents is a whole number")
            }
            numbers[k] = x
        }
        let row = AmbSYSRow(month: month, org: org, orgName: header.column["Org Name"].map { fields[$0] } ?? "", line: line,
                            columns: header.codes, numbers: numbers)
        try checkIdentities(row, path: path)
        return row
    }

    /// The identities the published file keeps, on whatever columns the row has.
    static func checkIdentities(_ row: AmbSYSRow, path: String) throws(ObservedError) {
        let at = "\(path):\(row.line): \(row.org) \(row.month)"
        func v(_ code: String) -> Double? { row.value(code) }
        if let a53 = v("A53"), let a54 = v("A54"), let a55 = v("A55"), let a56 = v("A56"), a53 + a54 + a55 != a56 {
            throw ObservedError("\(at): A56 (face to face, \(Number.text(a56))) is not A53 + A54 + A55 (\(Number.text(a53 + a54 + a55))): the published file keeps A56 = A53 + A54 + A55")
        }
        if let a7 = v("A7") {
            for code in ["A56", "A53", "A54", "A55", "A17"] {
                if let part = v(code), part > a7 {
                    throw ObservedError("\(at): \(code) (\(Number.text(part))) is more than A7, the incidents (\(Number.text(a7))): a share of \(Number.fixed(100 * part / max(a7, 1), places: 0))% cannot be; the published file keeps A7 >= \(code)")
                }
            }
        }
        for (total, count, mean) in meanIdentities {
            guard let t = v(total), let n = v(count), let m = v(mean) else { continue }
            if n == 0 { continue }
            if abs(t / n - m) > 1 {
                throw ObservedError("\(at): \(mean) (\(Number.text(m)) s) is not \(total) / \(count) (\(Number.fixed(t / n, places: 1)) s): the published mean is the total over the count, to the second")
            }
        }
    }

    /// `text` without spaces or tabs at either end (Foundation's trimming is a hundred
    /// times slower on Linux, and a published file has millions of fields).
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, first == 32 || first == 9 || last == 32 || last == 9 else { return text }
        let kept = utf8.drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
        return String(decoding: Array(kept), as: UTF8.self)
    }

    /// A plain decimal number: digits with an optional fraction and exponent; no sign, no
    /// hex, no `inf` or `nan` (which Swift's `Double(_:)` would take).
    static func decimal(_ text: String) -> Double? {
        var sawDigit = false, sawDot = false, sawExponent = false, previous: Character = " "
        for c in text {
            switch c {
            case "0"..."9": sawDigit = true
            case "." where !sawDot && !sawExponent: sawDot = true
            case "e" where sawDigit && !sawExponent, "E" where sawDigit && !sawExponent: sawExponent = true
            case "+" where previous == "e" || previous == "E", "-" where previous == "e" || previous == "E": break
            default: return nil
            }
            previous = c
        }
        guard sawDigit, let x = Double(text), x.isFinite else { return nil }
        return x
    }

    /// `A` followed by digits: an indicator column.
    static func isIndicatorCode(_ name: String) -> Bool {
        name.count >= 2 && name.first == "A" && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The row of `org` in `month`, or an error listing what the file holds.
    public func row(org: String, month: YearMonth) throws(ObservedError) -> AmbSYSRow {
        guard rows.contains(where: { $0.org == org }) else {
            let orgs = Array(Set(rows.map(\.org))).sorted()
            let listed = orgs.prefix(Self.listedCodes).joined(separator: ", ")
            let more = orgs.count > Self.listedCodes ? " and \(orgs.count - Self.listedCodes) more" : ""
            throw ObservedError("\(path): no rows for org \(org); the file has: \(listed)\(more)")
        }
        guard let row = rows.first(where: { $0.org == org && $0.month == month }) else {
            let months = rows.filter { $0.org == org }.map(\.month).sorted().map(\.description)
            throw ObservedError("\(path): no row for \(org) in \(month); \(org) has: \(months.prefix(Self.listedCodes * 3).joined(separator: ", "))\(months.count > Self.listedCodes * 3 ? " and \(months.count - Self.listedCodes * 3) more" : "")")
        }
        return row
    }
}
