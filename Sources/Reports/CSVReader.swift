/// Reads RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends.
public enum CSVReader {
    public struct Failure: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Records of `text`; the first is the header.
    public static func records(_ text: String) throws(Failure) -> [[String]] {
        try numberedRecords(text).map(\.fields)
    }

    /// Records of `text` with the line each starts on (1-based), for messages that name it.
    public static func numberedRecords(_ text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        try forEachRecord(text) { line, fields in records.append((line, fields)) }
        return records
    }

    /// Calls `body` with each record of `text` and the line it starts on, one at a time, so
    /// that a large file is never held as fields all at once. An error `body` throws (a
    /// `Failure`) stops the reading.
    public static func forEachRecord(_ text: String, _ body: (Int, [String]) throws(Failure) -> Void) throws(Failure) {
        // Bytes, not characters: every character the format gives meaning to is ASCII, and a
        // UTF-8 multi-byte sequence never contains an ASCII byte, so fields split the same.
        var text = text
        var failure: Failure? = nil
        text.withUTF8 { bytes in
            do throws(Failure) { try forEachRecord(bytes: bytes, body) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    static func forEachRecord(bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, [String]) throws(Failure) -> Void) throws(Failure) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var recordLine = 1
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var atFieldStart = true
        var line = 1
        var i = 0
        let n = bytes.count
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        while i < n {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < n, bytes[i] == quote { field.append(quote); i += 1 } else { quoted = false }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case quote where atFieldStart:
                quoted = true
                atFieldStart = false
            case comma:
                endField()
            case cr:
                continue
            case lf:
                endField()
                try body(recordLine, record)
                record.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
            default:
                field.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw Failure(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty { endField(); try body(recordLine, record) }
    }
}
