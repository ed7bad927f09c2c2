import ArgumentParser
import Scenario

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files: print every error, or ok.",
        discussion: "Exit status 0 when every file is valid, 2 when any is not.")

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @Option(name: .customLong("set"), help: "Override a key: --set demand.visitors.scale=1.2 (repeatable).")
    var overrides: [String] = []

    func run() throws {
        var allValid = true
        for file in files {
            do {
                let scenario = try Scenario.load(path: file, overrides: overrides)
                try scenario.checkWorkload()
                print("\(file): ok")
            } catch {
                allValid = false
                print(error.description)
            }
        }
        if !allValid { throw Exit.badInput }
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the fully resolved scenario (after extends: and --set) as YAML.")

    @Argument(help: "A scenario file (YAML).")
    var file: String

    @Option(name: .customLong("set"), help: "Override a key: --set demand.visitors.scale=1.2 (repeatable).")
    var overrides: [String] = []

    func run() throws {
        do {
            let scenario = try Scenario.load(path: file, overrides: overrides)
            print(scenario.document.removing(key: "extends").yamlText(), terminator: "")
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
    }
}
