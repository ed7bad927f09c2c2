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
    /// Indicator values by code (`A7`); nil where the file says `.` (not available).
    public let values: [String: Double?]

    /// The value of an indicator: nil when the file has no such column or says `.`.
    public func value(_ code: String) -> Double? { values[code] ?? nil }
}

/// An AmbSYS CSV file as NHS England publishes it: a header of names (`Year`, `Month`,
/// `Region`, `Org Code`, `Org Name`, then indicator codes `A0`, `A1`, ...), read by name and
/// never by position; unknown columns ignored; `.` means not available; LF or CRLF line
/// ends; any subset of rows; times in seconds, counts in incidents.
public struct AmbSYSFile: Sendable {
    public let path: String
    public let rows: [AmbSYSRow]

    /// Files larger than this are refused before reading (the whole published series, every
    /// trust since 2017, is under 4 MB).
    public static let maximumBytes = 64 << 20
    static let requiredColumns = ["Year", "Month", "Org Code"]

    /// Reads and checks `path`: a regular file, at most `maximumBytes`, UTF-8 text.
    public static func read(path: String) throws(ObservedError) -> AmbSYSFile {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw ObservedError("\(path): cannot read the AmbSYS file (no such file, or no permission)")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw ObservedError("\(path): not a regular file: give the AmbSYS CSV file itself")
        }
        if let size = attributes[.size] as? Int, size > maximumBytes {
            throw ObservedError("\(path): \(size) bytes, larger than the \(maximumBytes >> 20) MB an AmbSYS file can be")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ObservedError("\(path): cannot read the AmbSYS file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ObservedError("\(path): not UTF-8 text: give the AmbSYS CSV file as published")
        }
        return try parse(text, path: path)
    }

    /// Parses AmbSYS CSV text; `path` names it in messages.
    public static func parse(_ text: String, path: String) throws(ObservedError) -> AmbSYSFile {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let records: [(line: Int, fields: [String])]
        do { records = try CSVReader.numberedRecords(String(body)) } catch {
            throw ObservedError("\(path):\(error.line): \(error.message)")
        }
        guard let header = records.first, !(header.fields.count == 1 && header.fields[0].isEmpty) else {
            throw ObservedError("\(path):1: empty file: expected a header of AmbSYS column names (Year,Month,Region,Org Code,Org Name,A0,A1,...)")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var column: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if column[name] != nil { throw ObservedError("\(path):\(header.line): column '\(name)' appears twice in the header") }
            column[name] = i
        }
        for name in requiredColumns where column[name] == nil {
            throw ObservedError("\(path):\(header.line): the header has no '\(name)' column: is this an AmbSYS file? (its header starts Year,Month,Region,Org Code,Org Name,A0,...)")
        }
        let indicators = names.enumerated().filter { Self.isIndicatorCode($0.element) }
        var rows: [AmbSYSRow] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let fields = record.fields
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }  // blank line
            guard fields.count == names.count else {
                let what = fields.count < names.count ? "truncated row" : "row too long"
                throw ObservedError("\(path):\(record.line): \(what): \(fields.count) fields, the header has \(names.count)")
            }
            func field(_ name: String) -> String { fields[column[name]!].trimmingCharacters(in: .whitespaces) }
            guard let year = Int(field("Year")), let monthNumber = Int(field("Month")), let month = YearMonth(year: year, month: monthNumber) else {
                throw ObservedError("\(path):\(record.line): Year '\(field("Year"))' and Month '\(field("Month"))' are not a month (a year and 1-12)")
            }
            let org = field("Org Code")
            guard !org.isEmpty else { throw ObservedError("\(path):\(record.line): Org Code is empty") }
            let key = "\(org) \(month)"
            if let first = seen[key] { throw ObservedError("\(path):\(record.line): \(org) \(month) appears twice (first on line \(first))") }
            seen[key] = record.line
            var values: [String: Double?] = [:]
            for (i, code) in indicators {
                let text = fields[i].trimmingCharacters(in: .whitespaces)
                if text == "." || text.isEmpty { values[code] = .some(nil); continue }
                guard let x = Double(text), x.isFinite, x >= 0 else {
                    throw ObservedError("\(path):\(record.line): \(code) for \(org) \(month) is '\(text)': expected a number >= 0 or '.' (not available)")
                }
                values[code] = x
            }
            rows.append(AmbSYSRow(month: month, org: org, orgName: column["Org Name"].map { fields[$0] } ?? "", line: record.line, values: values))
        }
        return AmbSYSFile(path: path, rows: rows)
    }

    /// `A` followed by digits: an indicator column.
    static func isIndicatorCode(_ name: String) -> Bool {
        name.count >= 2 && name.first == "A" && name.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The row of `org` in `month`, or an error listing what the file holds.
    public func row(org: String, month: YearMonth) throws(ObservedError) -> AmbSYSRow {
        let orgs = Array(Set(rows.map(\.org))).sorted()
        guard orgs.contains(org) else {
            throw ObservedError("\(path): no rows for org \(org); the file has: \(orgs.joined(separator: ", "))")
        }
        guard let row = rows.first(where: { $0.org == org && $0.month == month }) else {
            let months = rows.filter { $0.org == org }.map(\.month).sorted().map(\.description)
            throw ObservedError("\(path): no row for \(org) in \(month); \(org) has: \(months.joined(separator: ", "))")
        }
        return row
    }
}
