import CPlatform
import Foundation

/// Writes a set of result files as a unit, and replaces only what ambsim made.
///
/// - The files go into a hidden temporary folder beside the target (`.NAME.partial-PID`),
///   then into place: a reader, or an interrupted run, never sees a half-written result.
/// - An existing target is replaced only when it is an ambsim result folder (a real folder,
///   not a link, whose `manifest.yaml` begins `# ambsim`). Anything else (a file, a link, a
///   folder of the user's) is refused and left as it is.
/// - The replacement is atomic where the system can exchange two paths (Linux
///   renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP): the old result stays whole
///   until the new one is in place. The old one is then removed without following any link
///   inside it.
/// - Partial folders that killed runs left behind (their process is gone) are removed.
public enum ResultFolder {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        /// The write was stopped (an interrupt) before the result was put in place.
        public var interrupted = false
        public init(message: String, interrupted: Bool = false) {
            self.message = message
            self.interrupted = interrupted
        }
        public var description: String { message }
    }

    static let manifestName = "manifest.yaml"

    /// The temporary folder a write to `folder` uses (removed on failure or interrupt).
    public static func temporaryPath(for folder: String) -> String {
        let (parent, name) = split(folder)
        return "\(parent)/.\(name).partial-\(getpid())"
    }

    /// Whether `path` is a result folder ambsim wrote: a real folder (not a link) holding a
    /// `manifest.yaml` that begins `# ambsim`.
    public static func isResultFolder(_ path: String) -> Bool {
        guard kind(of: path) == .typeDirectory, kind(of: path + "/" + manifestName) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path + "/" + manifestName) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return head == Data("# ambsim".utf8)
    }

    /// Writes `files` as the folder `folder`. `stop` is asked between files and before the
    /// result is put in place: when it says stop, the partial folder is removed, the previous
    /// result is left whole and `Failure.interrupted` is thrown.
    public static func write(_ files: [(name: String, text: String)], to folder: String,
                             stop: () -> Bool = { false }) throws(Failure) {
        let (parent, name) = split(folder)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw Failure(message: "\(folder): not a folder ambsim can write results to; give --out the path of a new folder")
        }
        if let existing = kind(of: folder) {
            switch existing {
            case .typeSymbolicLink:
                throw Failure(message: "\(folder) is a symbolic link: ambsim does not write through links or replace them; remove it or give --out another folder")
            case .typeDirectory where isResultFolder(folder):
                break
            case .typeDirectory:
                throw Failure(message: "\(folder) is a folder ambsim did not make (it has no ambsim manifest.yaml): it was left untouched; give --out a new folder, or move it away first")
            default:
                throw Failure(message: "\(folder) exists and is not a folder: it was left untouched; give --out the path of a new folder")
            }
        }
        try makeFolder(parent)
        removeStalePartials(in: parent, name: name)
        let temporary = temporaryPath(for: folder)
        removeTree(temporary)
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw Failure(message: "cannot create \(temporary): \(reason(error))")
        }
        do throws(Failure) {
            for file in files {
                if stop() { throw Failure(message: "interrupted: nothing was written to \(folder)", interrupted: true) }
                try writeFile(file.text, to: "\(temporary)/\(file.name)")
            }
            if stop() { throw Failure(message: "interrupted: nothing was written to \(folder)", interrupted: true) }
        } catch {
            removeTree(temporary)
            throw error
        }
        if kind(of: folder) == nil {
            guard rename(temporary, folder) == 0 else {
                let why = errorText()
                removeTree(temporary)
                throw Failure(message: "cannot move results into \(folder): \(why)")
            }
            return
        }
        // Replace the old result: exchange atomically where possible, else two renames.
        if ambsim_rename_exchange(temporary, folder) == 0 {
            removeTree(temporary)   // now the old result
            return
        }
        let old = "\(temporary).old"
        guard rename(folder, old) == 0 else {
            let why = errorText()
            removeTree(temporary)
            throw Failure(message: "cannot replace \(folder): \(why)")
        }
        guard rename(temporary, folder) == 0 else {
            let why = errorText()
            _ = rename(old, folder)
            removeTree(temporary)
            throw Failure(message: "cannot move results into \(folder): \(why)")
        }
        removeTree(old)
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
        guard kind(of: path) == .typeRegular, let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "cannot read \(path): no such file, or not a regular file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func split(_ path: String) -> (String, String) {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", trimmed) }
        let parent = String(trimmed[..<slash])
        return (parent.isEmpty ? "/" : parent, String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Creates a folder and its parents as needed.
    public static func makeFolder(_ path: String) throws(Failure) {
        if kind(of: path) == .typeDirectory { return }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw Failure(message: "cannot create folder \(path): \(reason(error))")
        }
    }

    /// Removes a file, a link (the link itself) or a folder with everything in it, never
    /// following a link: a link inside the folder is removed, not what it points to.
    public static func removeTree(_ path: String) {
        guard let type = kind(of: path) else { return }
        if type == .typeDirectory {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { removeTree(path + "/" + entry) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Partial folders of `name` whose writing process no longer exists.
    static func removeStalePartials(in parent: String, name: String) {
        let prefix = ".\(name).partial-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix) {
            let pidText = entry.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            removeTree(parent + "/" + entry)
        }
    }

    /// The type of what is at `path`, not following a final link (lstat); nil when nothing is.
    static func kind(of path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
