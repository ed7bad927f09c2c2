#if canImport(Glibc)
import Glibc
#endif

/// Minimal file access without Foundation: whole-file reads with a size limit.
enum FileSystem {
    struct Failure: Error { var message: String }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func read(_ path: String, maximumBytes: Int) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw Failure(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        if fstat(fileno(file), &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw Failure(message: "\(path) is a folder, not a scenario file") }
            if Int(info.st_size) > maximumBytes {
                throw Failure(message: "file is \(Int(info.st_size) / 1_048_576) MB; scenario files are limited to \(maximumBytes / 1_048_576) MB (use trace mode for long incident lists)")
            }
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > maximumBytes {
                throw Failure(message: "file is larger than \(maximumBytes / 1_048_576) MB; scenario files are limited to that")
            }
            if n < buffer.count { break }
        }
        if ferror(file) != 0 { throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        return bytes
    }
}
