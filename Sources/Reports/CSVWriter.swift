/// Writes RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote, CR or LF, quotes doubled inside quoted fields. The text is built as UTF-8
/// bytes (appending a field copies its bytes), and made a `String` once, by `text`.
public struct CSVWriter: Sendable, TextOutputStream {
    private var bytes: [UInt8] = []
    public let columns: Int

    /// A writer whose first record is `header`, with room for `reservingBytes` of text.
    public init(header: [String], reservingBytes: Int = 0) {
        columns = header.count
        if reservingBytes > 0 { bytes.reserveCapacity(reservingBytes) }
        append(header)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text written so far, as its UTF-8 bytes (no copy into a `String`).
    public var utf8: [UInt8] { bytes }

    /// Appends one record; it must have as many fields as the header.
    public mutating func append(_ fields: [String]) {
        precondition(fields.count == columns, "CSV record has \(fields.count) fields, header has \(columns)")
        for (i, field) in fields.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: Self.needsQuotes(field) ? Self.escape(field).utf8 : field.utf8)
        }
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends one field of the current record (a comma before it unless it is the first).
    /// With `endRecord`, for long files written field by field without building arrays.
    public mutating func appendField(_ field: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: Self.needsQuotes(field) ? Self.escape(field).utf8 : field.utf8)
    }

    /// Appends a number field, the same text as `Number.text` (never quoted), written
    /// straight into the bytes: the standard library hands a Double's digits to
    /// `_writeASCII` without making a `String` of them.
    public mutating func appendField(_ x: Double, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        if x.isNaN { return }
        if x == x.rounded(), abs(x) < 1e15 {
            appendField(Int(x), first: true)
            return
        }
        x.write(to: &self)
    }

    /// TextOutputStream: text written into the CSV as it is (used for numbers).
    public mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    /// Appends an integer field, its digits written straight into the bytes (measured faster
    /// than going through `String(n)` for the ~300,000 integer fields of a year's timeseries.csv).
    public mutating func appendField(_ n: Int, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        if n == 0 { bytes.append(UInt8(ascii: "0")); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var m = n.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while m > 0 { buffer[19 - count] = UInt8(ascii: "0") + UInt8(m % 10); m /= 10; count += 1 }
            if n < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Ends the current record.
    public mutating func endRecord() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The text so far, which is then cleared (the records after it follow on): for
    /// writing a long file in pieces.
    public mutating func takeText() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return text
    }

    /// Whether RFC 4180 requires the field quoted (a comma, quote, CR or LF in it), read
    /// from its UTF-8 bytes.
    @inline(__always)
    static func needsQuotes(_ field: String) -> Bool {
        @inline(__always) func special(_ b: UInt8) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
        }
        return field.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where special(b) { return true }
            return false
        } ?? field.utf8.contains(where: special)
    }

    /// One field, quoted only when RFC 4180 requires it.
    public static func escape(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
