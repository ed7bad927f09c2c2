#if canImport(Glibc)
import Glibc
#endif

/// Writes a set of result files as a unit: into a hidden temporary folder beside the
/// target, then renamed into place, so a reader (or an interrupted run) never sees a
/// half-written file. An existing folder is replaced whole.
public enum ResultFolder {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The temporary folder a write to `folder` uses (removed on failure or interrupt).
    public static func temporaryPath(for folder: String) -> String {
        let (parent, name) = split(folder)
        return "\(parent)/.\(name).partial-\(getpid())"
    }

    public static func write(_ files: [(name: String, text: String)], to folder: String) throws(Failure) {
        let (parent, _) = split(folder)
        try makeDirectories(parent)
        let temporary = temporaryPath(for: folder)
        removeTree(temporary)
        guard mkdir(temporary, 0o755) == 0 else { throw Failure(message: "cannot create \(temporary): \(errorText())") }
        do {
            for file in files { try writeFile(file.text, to: "\(temporary)/\(file.name)") }
        } catch {
            removeTree(temporary)
            throw error
        }
        let old = "\(temporary).old"
        var hadOld = false
        if access(folder, F_OK) == 0 {
            guard rename(folder, old) == 0 else { removeTree(temporary); throw Failure(message: "cannot replace \(folder): \(errorText())") }
            hadOld = true
        }
        guard rename(temporary, folder) == 0 else {
            if hadOld { _ = rename(old, folder) }
            removeTree(temporary)
            throw Failure(message: "cannot move results into \(folder): \(errorText())")
        }
        if hadOld { removeTree(old) }
    }

    /// Writes one file atomically (temporary name, fsync, rename).
    public static func writeFile(_ text: String, to path: String) throws(Failure) {
        let temporary = "\(path).tmp-\(getpid())"
        guard let f = fopen(temporary, "wb") else { throw Failure(message: "cannot write \(path): \(errorText())") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        let flushed = fflush(f) == 0 && fsync(fileno(f)) == 0
        fclose(f)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(message: "cannot write \(path): \(errorText())")
        }
    }

    public static func readFile(_ path: String) throws(Failure) -> String {
        guard let f = fopen(path, "rb") else { throw Failure(message: "cannot read \(path): \(errorText())") }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            out.append(contentsOf: buffer[0..<n])
            if n < buffer.count { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func split(_ path: String) -> (String, String) {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", trimmed) }
        let parent = String(trimmed[..<slash])
        return (parent.isEmpty ? "/" : parent, String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Creates a folder and its parents as needed.
    public static func makeFolder(_ path: String) throws(Failure) { try makeDirectories(path) }

    static func makeDirectories(_ path: String) throws(Failure) {
        if access(path, F_OK) == 0 { return }
        let (parent, _) = split(path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(message: "cannot create folder \(path): \(errorText())") }
    }

    /// Removes a folder of plain files (what this type writes), or a file.
    public static func removeTree(_ path: String) {
        guard let dir = opendir(path) else { unlink(path); return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            removeTree("\(path)/\(name)")
        }
        closedir(dir)
        rmdir(path)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
