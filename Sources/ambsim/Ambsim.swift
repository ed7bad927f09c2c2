import ArgumentParser
import CPlatform

/// The `ambsim` command line. Subcommands are thin: they parse, call a module, print
/// and exit with a meaningful code (0 success, 1 a check failed, 2 bad input or usage,
/// 3 internal error).
@main
struct Ambsim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ambsim",
        abstract: "Discrete-event simulation of an ambulance service under disruption.",
        discussion: """
            ambsim runs Monte Carlo experiments of an ambulance service (demand, fleet and \
            shifts, hospitals, electronic versus paper patient records, disruption timeline) \
            and writes CSV results with confidence intervals. Scenario files are YAML; see \
            Scenarios/README.md.
            """,
        version: version,
        subcommands: [Impact.self, Run.self, Init.self, Compare.self, Check.self, Backtest.self, Calibrate.self, EvidenceCommand.self, ReconcileCommand.self, Target.self, StudyCommand.self, WorkbookCommand.self, Plot.self, Sweep.self, Merge.self, Slurm.self, Validate.self, Describe.self],
        defaultSubcommand: Impact.self
    )

    /// Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 3 internal error.
    static func main() {
        refuseUnknownCommand()
        do {
            var command = try parseAsRoot()
            try command.run()
            exitIfOutputLost()
        } catch let code as ExitCode {
            exitIfOutputLost()
            exit(withError: code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            printError(fullMessage(for: error))
            if code == .validationFailure {
                printError("(see ambsim --help)")
                Foundationless.exit(2)
            }
            Foundationless.exit(3)
        }
    }
}

/// A bare word that is no command and no file (`ambsim init --help`) would otherwise be read
/// as the default command's scenario, and `--help` would print that command's help: it is
/// refused, naming the commands.
func refuseUnknownCommand() {
    guard let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), !first.contains("/"), !first.contains("."),
          access(first, F_OK) != 0 else { return }
    let names = Ambsim.configuration.subcommands.map { $0._commandName }
    guard !names.contains(first), first != "help" else { return }
    printError("ambsim: '\(first)' is not a command (commands: \(names.joined(separator: ", "))); a scenario is given by its file's path")
    Foundationless.exit(2)
}

/// Standard output that could not be written (a full disk, `> /dev/full`, a closed pipe) is
/// an error, exit 3, whatever the command found.
func exitIfOutputLost() {
    if ambsim_stdout_failed() != 0 {
        printError("cannot write to standard output: \(String(cString: strerror(errno))); the command's output is lost")
        Foundationless.exit(3)
    }
}

enum Foundationless {
    static func exit(_ code: Int32) -> Never { Glibc.exit(code) }
}

/// Exit codes shared by the subcommands.
enum Exit {
    static let checkFailed = ExitCode(1)
    static let badInput = ExitCode(2)
    static let internalError = ExitCode(3)
}

/// Writes to standard error.
func printError(_ text: String) {
    var bytes = Array((text + "\n").utf8)
    _ = write(2, &bytes, bytes.count)
}

#if canImport(Glibc)
import Glibc
#endif
