import Foundation

/// Whole-file reads of input files (scenarios, traces), with Foundation: only regular files
/// are opened (a named pipe, a device or a folder is refused before opening, so nothing can
/// block), and the size limit is checked on the file's size before any byte is read.
enum FileSystem {
    struct Failure: Error { var message: String }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func read(_ path: String, maximumBytes: Int) throws(Failure) -> Data {
        let url = URL(fileURLWithPath: path)
        let values: URLResourceValues
        do { values = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .fileSizeKey]) } catch {
            throw Failure(message: "cannot open \(path): no such file, or no permission")
        }
        if values.isDirectory == true { throw Failure(message: "\(path) is a folder, not a file") }
        guard values.isRegularFile == true else {
            throw Failure(message: "\(path) is not a regular file (a pipe, device or socket): give a file")
        }
        if let size = values.fileSize, size > maximumBytes {
            throw Failure(message: "file is \(size / 1_048_576) MB; files here are limited to \(maximumBytes / 1_048_576) MB (use trace mode for long incident lists)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(message: "cannot read \(path)") }
        guard data.count <= maximumBytes else {
            throw Failure(message: "file is larger than \(maximumBytes / 1_048_576) MB; files here are limited to that")
        }
        return data
    }
}
