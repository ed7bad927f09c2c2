/// Writes RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote, CR or LF, quotes doubled inside quoted fields.
public struct CSVWriter: Sendable {
    public private(set) var text = ""
    public let columns: Int

    public init(header: [String]) {
        columns = header.count
        append(header)
    }

    /// Appends one record; it must have as many fields as the header.
    public mutating func append(_ fields: [String]) {
        precondition(fields.count == columns, "CSV record has \(fields.count) fields, header has \(columns)")
        text += fields.map(Self.escape).joined(separator: ",")
        text += "\r\n"
    }

    /// The text so far, which is then cleared (the records after it follow on): for
    /// writing a long file in pieces.
    public mutating func takeText() -> String {
        defer { text = "" }
        return text
    }

    /// One field, quoted only when RFC 4180 requires it.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

