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
        for (i, field) in fields.enumerated() {
            if i > 0 { text.append(",") }
            text.append(Self.needsQuotes(field) ? Self.escape(field) : field)
        }
        text.append("\r\n")
    }

    /// The text so far, which is then cleared (the records after it follow on): for
    /// writing a long file in pieces.
    public mutating func takeText() -> String {
        defer { text = "" }
        return text
    }

    /// Whether RFC 4180 requires the field quoted (a comma, quote, CR or LF in it), read
    /// from its UTF-8 bytes.
    @inline(__always)
    static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
    }

    /// One field, quoted only when RFC 4180 requires it.
    public static func escape(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
