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
        var recordLine = 1
        var record: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                record.append(field); field = ""; atFieldStart = true
            case "\r":
                continue
            case "\n":
                record.append(field); field = ""; atFieldStart = true
                try body(recordLine, record); record = []
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw Failure(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty { record.append(field); try body(recordLine, record) }
    }
}
