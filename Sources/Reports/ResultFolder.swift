import CPlatform
import Foundation
import SystemPackage

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
        return "\(parent)/.\(name).partial-\(ProcessInfo.processInfo.processIdentifier)"
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

    /// Checks that ambsim may write a result to `folder`: nothing is there yet, or an
    /// ambsim result folder is. Commands call it before they compute, so that a refusal
    /// comes at once rather than after the run.
    public static func checkTarget(_ folder: String) throws(Failure) {
        let name = split(folder).1
        guard !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw Failure(message: "\(folder): not a folder ambsim can write results to; give --out the path of a new folder")
        }
        let resolved = try resolve(folder)
        let shown = resolved == folder ? folder : "\(folder) (that is, \(resolved))"
        try checkResolvedTarget(resolved, shown: shown)
    }

    /// `checkTarget` of a path `resolve` has already resolved; `shown` names it in messages.
    static func checkResolvedTarget(_ resolved: String, shown folder: String) throws(Failure) {
        guard let existing = kind(of: resolved) else { return }
        switch existing {
        case .typeSymbolicLink:
            throw Failure(message: "\(folder) is a symbolic link: ambsim does not write through links or replace them; remove it or give --out another folder")
        case .typeDirectory where isResultFolder(resolved):
            // Replacing the folder replaces everything in it: a file the user put there is refused, not lost.
            if let foreign = foreignEntry(in: resolved) {
                throw Failure(message: "\(folder) holds \(foreign), which ambsim did not write: the folder was left untouched; move \(foreign) away first, or give --out a new folder")
            }
            return
        case .typeDirectory:
            throw Failure(message: "\(folder) is a folder ambsim did not make (it has no ambsim manifest.yaml): it was left untouched; give --out a new folder, or move it away first")
        default:
            throw Failure(message: "\(folder) exists and is not a folder: it was left untouched; give --out the path of a new folder")
        }
    }

    /// Writes `files` as the folder `folder`. `stop` is asked between files and before the
    /// result is put in place: when it says stop, the partial folder is removed, the previous
    /// result is left whole and `Failure.interrupted` is thrown.
    public static func write(_ files: [(name: String, text: String)], to folder: String,
                             stop: () -> Bool = { false }) throws(Failure) {
        try write(files.map { ResultFile($0.name, text: $0.text) }, to: folder, stop: stop)
    }

    /// Writes `files` as the folder `folder` (see above); a file given in pieces is written
    /// piece by piece.
    public static func write(_ files: [ResultFile], to typed: String, stop: () -> Bool = { false }) throws(Failure) {
        // Every check and every write lands on the path as the system resolves it, not as
        // typed: `missing/../mine` is `mine`, and a link in the parent path is followed once,
        // here, so that what is checked is what is replaced.
        try checkTarget(typed)
        let folder = try resolve(typed)
        let (parent, name) = split(folder)
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
                if file.name.contains("/") { try makeFolder(split("\(temporary)/\(file.name)").0) }
                try file.write(to: "\(temporary)/\(file.name)")
            }
            if stop() { throw Failure(message: "interrupted: nothing was written to \(folder)", interrupted: true) }
        } catch {
            removeTree(temporary)
            throw error
        }
        if kind(of: folder) == nil {
            do { try move(temporary, to: folder) } catch {
                removeTree(temporary)
                throw Failure(message: "cannot move results into \(folder): \(error.message)")
            }
            return
        }
        // Replace the old result: exchange the two folders atomically where the system can
        // (Foundation has no exchange; CPlatform calls renameat2 or renamex_np), else two moves.
        if ambsim_rename_exchange(temporary, folder) == 0 {
            removeTree(temporary)   // now the old result
            return
        }
        let old = "\(temporary).old"
        do { try move(folder, to: old) } catch {
            removeTree(temporary)
            throw Failure(message: "cannot replace \(folder): \(error.message)")
        }
        do { try move(temporary, to: folder) } catch {
            try? move(old, to: folder)
            removeTree(temporary)
            throw Failure(message: "cannot move results into \(folder): \(error.message)")
        }
        removeTree(old)
    }

    /// Moves (renames) `from` to `to`, which must not exist.
    static func move(_ from: String, to: String) throws(Failure) {
        do { try FileManager.default.moveItem(atPath: from, toPath: to) } catch { throw Failure(message: reason(error)) }
    }

    /// Writes one file atomically (Foundation writes a temporary file beside it and renames
    /// it into place). An existing file is replaced only when ambsim wrote it: a regular file
    /// (not a link) whose first line is `ownLine` (the CSV header ambsim writes there);
    /// anything else at `path` is refused and left as it is.
    public static func writeFile(_ text: String, to typed: String, ownLine: String? = nil) throws(Failure) {
        let path = try fileTarget(typed) { path in ownLine != nil && firstLine(of: path) == ownLine }
        // The text's own UTF-8 storage is written, not a copy: a large replications.csv
        // would otherwise be held twice.
        var text = text
        do {
            try text.withUTF8 { bytes in
                let data = bytes.baseAddress.map {
                    Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: bytes.count, deallocator: .none)
                } ?? Data()
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw Failure(message: "cannot write \(path): \(reason(error))")
        }
    }

    /// The resolved path of a file to write at `typed`, its folders made: refused when the
    /// name is no file's, and when something is there that is not a regular file `ours`
    /// recognises as one ambsim wrote (a link, a folder, a user's file are left untouched).
    static func fileTarget(_ typed: String, ours: (String) -> Bool) throws(Failure) -> String {
        let name = split(typed).1
        guard !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw Failure(message: "\(typed): not a file ambsim can write; give --out the path of a new file")
        }
        let path = try resolve(typed)
        try makeFolder(split(path).0)
        if let existing = kind(of: path) {
            guard existing == .typeRegular, ours(path) else {
                throw Failure(message: "\(path) exists and ambsim did not write it: it was left untouched; give --out the path of a new file, or move it away first")
            }
        }
        return path
    }

    /// Writes a file made by `make` (given a path to write) to `typed`, atomically: into a
    /// hidden file beside it, then renamed into place. An existing file is replaced only
    /// when it is a `.xlsx` file inside an ambsim result folder (a workbook ambsim made
    /// there); anything else there is left untouched and refused, as is a link.
    public static func writeMadeFile(to typed: String, _ make: (String) throws(Failure) -> Void) throws(Failure) {
        let path = try fileTarget(typed) { path in
            (path as NSString).pathExtension == "xlsx" && isResultFolder(split(path).0)
        }
        let (parent, file) = split(path)
        let temporary = parent + "/." + file + ".partial-\(getpid())"
        defer { unlink(temporary) }
        try make(temporary)
        guard rename(temporary, path) == 0 else {
            throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// `path` as the system will resolve it when ambsim writes there: absolute, every
    /// existing folder on the way replaced by its real path (`realpath`, links followed),
    /// `.` dropped and `..` taken against the real path so far (so `missing/../mine` is
    /// `mine`, and `link/..` is the parent of the link's target, as the kernel takes it).
    /// The last component is kept as typed and never followed: a link there is refused by
    /// the checks. A path with a control character (a newline, a tab, NUL) is refused.
    public static func resolve(_ path: String) throws(Failure) -> String { try resolve(path, folderDots: false) }

    /// `resolve`; with `folderDots`, a last component `.` or `..` is taken as a folder (for
    /// folders to create, such as the parent of `out.csv`).
    static func resolve(_ path: String, folderDots: Bool) throws(Failure) -> String {
        if let c = path.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw Failure(message: "\(path.debugDescription): a path with a control character (U+\(String(c.value, radix: 16, uppercase: true))) is refused; give --out a plain path")
        }
        guard !path.isEmpty else { throw Failure(message: "an empty path: give --out the path of a new folder") }
        var file = FilePath(path)
        if file.isRelative { file = FilePath(FileManager.default.currentDirectoryPath).pushing(file) }
        let components = Array(file.components)
        guard let last = components.last else {
            throw Failure(message: "\(path): not a folder ambsim can write results to; give --out the path of a new folder")
        }
        var resolved = FilePath("/")
        for component in components.dropLast() {
            switch component.kind {
            case .currentDirectory: continue
            case .parentDirectory: resolved.removeLastComponent()   // `resolved` is real: its parent is its lexical parent
            case .regular:
                resolved.append(component)
                guard kind(of: resolved.string) != nil else { continue }   // not there yet: ambsim will make it
                guard let real = realPath(resolved.string) else {
                    throw Failure(message: "\(path): cannot resolve \(resolved.string) (a link to nothing, or no permission)")
                }
                resolved = FilePath(real)
            }
        }
        switch last.kind {
        case .currentDirectory where folderDots:
            return resolved.string
        case .parentDirectory where folderDots:
            resolved.removeLastComponent()
            return resolved.string
        case .currentDirectory, .parentDirectory:
            throw Failure(message: "\(path): not a folder ambsim can write results to; give --out the path of a new folder")
        case .regular:
            return resolved.appending(last).string
        }
    }

    /// The real path of an existing path (`realpath(3)`), or nil.
    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Whether two paths name the same place, or one lies inside the other, once resolved.
    public static func overlaps(_ a: String, _ b: String) -> Bool {
        guard let ra = try? resolve(a), let rb = try? resolve(b) else { return false }
        let real = { (p: String) in realPath(p) ?? p }
        let x = FilePath(real(ra)), y = FilePath(real(rb))
        return x == y || x.starts(with: y) || y.starts(with: x)
    }

    /// The first line of a regular file (at most 4 kB read), or nil.
    static func firstLine(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return nil }
        let line = head.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: line, as: UTF8.self)
    }

    public static func readFile(_ path: String) throws(Failure) -> String {
        guard kind(of: path) == .typeRegular, let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "cannot read \(path): no such file, or not a regular file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The parent folder and last component of a path, with swift-system's `FilePath`
    /// ("a/b/" -> ("a", "b"); "b" -> (".", "b"); "/" -> ("/", "")).
    public static func split(_ path: String) -> (String, String) {
        var file = FilePath(path)
        let last = file.lastComponent?.string ?? ""
        file.removeLastComponent()
        let parent = file.string
        return (parent.isEmpty ? "." : parent, last)
    }

    /// Whether `path` is a folder, or a link to one.
    public static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// Creates a folder and its parents as needed.
    public static func makeFolder(_ typed: String) throws(Failure) {
        let path = try resolve(typed, folderDots: true)
        if kind(of: path) == .typeDirectory { return }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw Failure(message: "cannot create folder \(path): \(reason(error))")
        }
    }

    /// Removes a file, a link (the link itself) or a folder with everything in it.
    /// `FileManager.removeItem` never follows a link: a link inside the folder is removed,
    /// not what it points to (tested in ResultSafetyTests).
    public static func removeTree(_ path: String) {
        guard kind(of: path) != nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Partial folders of `name` whose writing process no longer exists.
    static func removeStalePartials(in parent: String, name: String) {
        let prefix = ".\(name).partial-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix) {
            let pidText = entry.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH else { continue }
            removeTree(parent + "/" + entry)
        }
    }

    /// The type of what is at `path`, not following a final link (lstat); nil when nothing is.
    /// The first entry of an ambsim result folder that ambsim does not write there, or nil.
    /// Ambsim writes CSV and YAML files, workbooks (`.xlsx`) and Slurm scripts (`.sbatch`, `.sh`), the `logs` and
    /// `shards` folders of a Slurm study, and result folders of its own nested inside.
    static func foreignEntry(in folder: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        for name in names.sorted() {
            let path = folder + "/" + name
            switch kind(of: path) {
            case .typeRegular?:
                if ["csv", "yaml", "sbatch", "sh", "xlsx", "png"].contains((name as NSString).pathExtension) { continue }
            case .typeDirectory?:
                if name == "logs" || name == "shards" || isResultFolder(path) { continue }
            default:
                break
            }
            return name
        }
        return nil
    }

    static func kind(of path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
