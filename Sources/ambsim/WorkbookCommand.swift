import ArgumentParser
import Reports

/// `ambsim workbook FOLDER`: a result folder as an Excel workbook for a board pack.
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Write a result folder's tables as an Excel workbook (.xlsx) with readable numbers.",
        discussion: """
            Any folder ambsim wrote (run, impact, compare, backtest, target, sweep, tornado): a \
            front sheet (scenario, seed, replications, command, warnings), then a sheet per \
            table it has: summary, standards, comparison, per hospital, zone and day, backtest, \
            target. Minutes are shown as minutes:seconds, shares as percentages, counts whole, \
            hours to one decimal; units are in the headers; the CSV files keep every digit.
            Default output: FOLDER/workbook.xlsx (replaced when run again).
            """)

    @Argument(help: "A result folder ambsim wrote (with its manifest.yaml).")
    var folder: String

    @Option(help: "The workbook to write (default: FOLDER/workbook.xlsx). An existing file is not replaced unless it is a workbook inside an ambsim result folder.")
    var out: String?

    func run() throws {
        guard ResultFolder.isResultFolder(folder) else {
            printError("\(folder): is not a result folder ambsim wrote (no ambsim manifest.yaml in it)")
            throw Exit.badInput
        }
        let path = out ?? folder + "/workbook.xlsx"
        // What produced it, from the manifest (the resolved scenario stays in the file).
        let manifest: Manifest
        do { manifest = try Manifest(folder: folder) } catch {
            printError(error.description)
            throw Exit.badInput
        }
        var front: [(String, String)] = []
        for key in ["ambsim_version", "scenario", "name", "start", "master_seed", "replications", "fingerprint", "command"] {
            if let value = manifest[key] { front.append((key.replacing("_", with: " "), value)) }
        }
        if case .sequence(let items, _)? = manifest.document["warnings"] {
            front.append(("warnings", items.compactMap { if case .scalar(let s, _, _) = $0 { s } else { nil } }.joined(separator: "; ")))
        }
        var sheets: [String] = []
        do throws(ResultFolder.Failure) {
            try ResultFolder.writeMadeFile(to: path) { (temporary: String) throws(ResultFolder.Failure) in
                do throws(Workbook.Failure) { sheets = try Workbook.write(folder: folder, to: temporary, front: front) } catch {
                    throw ResultFolder.Failure(message: error.description)
                }
            }
        } catch {
            printError(error.description)
            throw Exit.badInput
        }
        print("wrote \(path): sheets \(sheets.joined(separator: ", "))")
    }
}
