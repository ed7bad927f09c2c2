import Foundation

/// One file of a result folder: its name and its text, given whole or produced in pieces.
/// A large file (replications.csv of many replications) is produced piece by piece while
/// it is written, so its whole text is never held in memory.
public struct ResultFile {
    public let name: String
    /// Calls its argument with each piece of the text, in order.
    let produce: ((String) throws -> Void) throws -> Void
    /// The bytes, when the file was given as bytes: written as they are.
    var bytes: [UInt8]? = nil
    /// The open file to copy, when the file was written elsewhere.
    var source: FileHandle? = nil

    public init(_ name: String, text: String) {
        self.name = name
        self.produce = { piece in try piece(text) }
    }

    /// A file copied, in 1 MB chunks, from an open file (from its start).
    public init(_ name: String, copyingFrom handle: FileHandle) {
        self.name = name
        self.produce = { piece in
            try handle.seek(toOffset: 0)
            try piece(String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self))
        }
        self.source = handle
    }

    /// A file given as its UTF-8 bytes.
    public init(_ name: String, utf8 bytes: [UInt8]) {
        self.name = name
        self.produce = { piece in try piece(String(decoding: bytes, as: UTF8.self)) }
        self.bytes = bytes
    }

    public init(_ name: String, pieces: @escaping ((String) throws -> Void) throws -> Void) {
        self.name = name
        self.produce = pieces
    }

    /// The whole text (for files small enough to hold, and for checksums).
    public var text: String {
        var whole = ""
        try? produce { whole += $0 }
        return whole
    }

    /// Writes the file at `path` (which must not exist), piece by piece.
    func write(to path: String) throws(ResultFolder.Failure) {
        if let source {
            guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
                throw ResultFolder.Failure(message: "cannot write \(path): cannot create the file")
            }
            defer { try? out.close() }
            do {
                try source.seek(toOffset: 0)
                while let chunk = try source.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
                try out.synchronize()
            } catch {
                throw ResultFolder.Failure(message: "cannot write \(path): \(ResultFolder.reason(error))")
            }
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ResultFolder.Failure(message: "cannot write \(path): cannot create the file")
        }
        do {
            defer { try? handle.close() }
            if let bytes {
                try bytes.withUnsafeBytes { try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0.baseAddress!),
                                                                                       count: $0.count, deallocator: .none)) }
                try handle.synchronize()
                return
            }
            try produce { piece in
                var piece = piece
                try piece.withUTF8 { bytes in
                    guard let base = bytes.baseAddress else { return }
                    try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
                }
            }
            try handle.synchronize()
        } catch {
            throw ResultFolder.Failure(message: "cannot write \(path): \(ResultFolder.reason(error))")
        }
    }
}
