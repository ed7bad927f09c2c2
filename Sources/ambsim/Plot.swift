import ArgumentParser
import Foundation
import Reports

/// `ambsim plot FOLDER`: the standard figures of one's own run or comparison, as PNG.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the standard figures of a result folder (PNG): responses, impact, day by day, per hospital.",
        discussion: """
            From the folder's own files: responses.png (response mean and 90th centile by \
            category, with the ARP standards), impact.png (B - A with 95% intervals, when the \
            folder has comparison.csv), daily.png (C2 mean and handover hours lost day by day, \
            the paper days shaded) and hospitals.png (hours lost per hospital). Axes in minutes \
            or hours, linear; a footnote gives the source folder and the window. Drawn by \
            python3 with matplotlib (installed by .ci/install-deps), run headless. The figures \
            are written into the folder, replacing ambsim's own figures there.
            """)

    @Argument(help: "A result folder ambsim wrote (with its manifest.yaml).")
    var folder: String

    func run() throws {
        guard ResultFolder.isResultFolder(folder) else {
            printError("\(folder): is not a result folder ambsim wrote (no ambsim manifest.yaml in it)")
            throw Exit.badInput
        }
        let figures = try drawFigures(in: folder)
        print("wrote " + figures.map { folder + "/" + $0 }.joined(separator: ", "))
    }
}

/// Draws the figures of `folder` (an ambsim result folder) into it; returns their file
/// names. `targets`: KPI=limit lines for target.png. Throws (exit 2, message printed) when
/// python3 or matplotlib is missing or nothing could be drawn.
func drawFigures(in folder: String, targets: [String] = []) throws -> [String] {
        let name = (try? Manifest(folder: folder))?["name"] ?? (folder as NSString).lastPathComponent
        // Drawn into a hidden folder inside the result folder, then moved into place: an
        // interrupted plot leaves the old figures whole.
        let partial = folder + "/.plots.partial-\(getpid())"
        let script = partial + "/plot.py"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        do {
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: false)
            try plotScript.write(toFile: script, atomically: true, encoding: .utf8)
        } catch {
            printError("\(folder): cannot write the figures there (\(error.localizedDescription))")
            throw Exit.badInput
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, folder, partial, name] + targets
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            printError("ambsim plot needs python3 with matplotlib (bash .ci/install-deps installs them): \(error.localizedDescription)")
            throw Exit.badInput
        }
        let drawn = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let missing = failure.contains("No module named")
            printError(missing ? "ambsim plot needs python3 with matplotlib (bash .ci/install-deps installs them): \(failure.split(separator: "\n").last ?? "")"
                : "the figures could not be drawn from \(folder): \(failure.split(separator: "\n").suffix(3).joined(separator: "; "))")
            throw Exit.badInput
        }
        let figures = drawn.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".png") && !$0.contains("/") }
        for figure in figures {
            guard rename(partial + "/" + figure, folder + "/" + figure) == 0 else {
                printError("cannot write \(folder)/\(figure): \(String(cString: strerror(errno)))")
                throw Exit.badInput
            }
        }
        guard !figures.isEmpty else {
            printError("\(folder): has none of the tables the figures are drawn from (summary.csv, comparison.csv, daily.csv, hospitals.csv, target.csv, national.csv)")
            throw Exit.badInput
        }
    return figures
}
