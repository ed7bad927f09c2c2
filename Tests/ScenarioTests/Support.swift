#if canImport(Glibc)
import Glibc
#endif
import Scenario
import Testing

/// The repository root, from this file's path.
let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ScenarioTests/Support.swift
    return parts.joined(separator: "/")
}()

/// A fresh temporary folder.
func temporaryFolder() -> String {
    var template = Array("/tmp/ambsim-test-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { fatalError("mkdtemp failed") }
    return String(cString: p)
}

/// Writes `text` to `path`.
func write(_ text: String, to path: String) {
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, f) }
    fclose(f)
}

func readText(_ path: String) -> String {
    guard let f = fopen(path, "rb") else { return "" }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        out += buffer[0..<n]
        if n < buffer.count { break }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Names of the files in a folder ending with `suffix`, sorted.
func files(in folder: String, endingWith suffix: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(suffix) { names.append(name) }
    }
    return names.sorted()
}

/// Expects the scenario file at `path` to be refused, with some line of the error that
/// begins with the path (then line and column) and says `message`.
func expectRefused(_ path: String, saying message: String, overrides: [String] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let error = #expect(throws: ScenarioErrors.self, sourceLocation: sourceLocation) { try Scenario.load(path: path, overrides: overrides) }
    let lines = error?.description.split(separator: "\n").map(String.init) ?? []
    #expect(lines.contains { $0.hasPrefix(path + ":") && $0.contains(message) }, "\(lines)", sourceLocation: sourceLocation)
}
