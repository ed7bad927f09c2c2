#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ambsim` executable (beside this test bundle) and captures its output.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

let ambsimExecutable: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    var path = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    // The test runner is .build/<triple>/debug/<package>PackageTests.xctest (or swiftpm-testing-helper in .build/...).
    while let slash = path.lastIndex(of: "/") {
        path = String(path[..<slash])
        if access(path + "/ambsim", X_OK) == 0 { return path + "/ambsim" }
        if path.isEmpty { break }
    }
    return repositoryRoot + "/.build/debug/ambsim"
}()

let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

func temporaryFolder() -> String {
    var template = Array("/tmp/ambsim-e2e-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { fatalError("mkdtemp failed") }
    return String(cString: p)
}

func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
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

func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// Writes `text` to `path` (made executable when asked): the end-to-end tests' files.
func makeFile(_ path: String, _ text: String = "x\n", executable: Bool = false) {
    let f = fopen(path, "wb")!
    fputs(text, f)
    fclose(f)
    if executable { chmod(path, 0o755) }
}

/// Starts `ambsim arguments...` in `directory` without waiting; returns its process ID.
func startAmbsim(_ arguments: [String], in directory: String = repositoryRoot) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([ambsimExecutable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    // Default SIGINT handling and no blocked signals in the child, as under an interactive
    // shell (the test runner's threads may ignore or block SIGINT, which children inherit).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    _ = posix_spawn(&pid, ambsimExecutable, &actions, &attributes, argv, environ)
    posix_spawnattr_destroy(&attributes)
    posix_spawn_file_actions_destroy(&actions)
    return pid
}

/// Runs `ambsim arguments...` in `directory`, with `environment` (`NAME=value`) added.
func ambsim(_ arguments: [String], in directory: String = repositoryRoot, environment: [String] = []) -> CommandResult {
    runProgram([ambsimExecutable] + arguments, in: directory, environment: environment)
}

/// Runs a program (`argv[0]` found on PATH) in `directory`, with `environment` added.
func runProgram(_ argv: [String], in directory: String = repositoryRoot, environment: [String] = []) -> CommandResult {
    let scratch = temporaryFolder()
    let out = scratch + "/stdout", err = scratch + "/stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    // GNU env -C changes directory for the child only (the test process keeps its own).
    let words: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env", "-C", directory] + environment + argv).map { strdup($0) } + [nil]
    defer { words.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, words, environ)
    posix_spawn_file_actions_destroy(&actions)
    guard spawned == 0 else { return CommandResult(status: -1, stdout: "", stderr: "spawn failed: \(spawned)") }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CommandResult(status: code, stdout: readFile(out) ?? "", stderr: readFile(err) ?? "")
}

/// Runs `ambsim arguments...` with standard output on /dev/full (every write fails).
func ambsimToDevFull(_ arguments: [String]) -> CommandResult {
    let scratch = temporaryFolder()
    let err = scratch + "/stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/full", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([ambsimExecutable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, ambsimExecutable, &actions, nil, argv, environ)
    posix_spawn_file_actions_destroy(&actions)
    guard spawned == 0 else { return CommandResult(status: -1, stdout: "", stderr: "spawn failed: \(spawned)") }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CommandResult(status: code, stdout: "", stderr: readFile(err) ?? "")
}
