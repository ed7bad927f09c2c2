import Foundation
import Reports
import Scenario

/// The `manifest.yaml` of a result folder: what made the files beside it. It is written
/// with Yams' emitter from a mapping of values (never by pasting text together, so no value
/// can add keys), and read back with Yams. Its first line, `# ambsim <kind> manifest`, is
/// how ambsim recognises a folder as its own (`ResultFolder.isResultFolder`).
struct Manifest {
    static let fileName = "manifest.yaml"

    /// The text of a manifest of `kind` (run, sweep, backtest, ...) with `entries` in order.
    /// Its last line is `manifest_checksum: <FNV-1a of every byte before it>`, so that an
    /// edit anywhere in it (the seed, the resolved scenario, the version) is seen by merge
    /// and compare.
    static func text(kind: String, _ entries: [(String, ScenarioNode)]) -> String {
        let body = "# ambsim \(kind) manifest: what produced the files in this folder.\n" + ScenarioNode.map(entries).yamlText()
        return body + "\(checksumKey): \(fnv64(body))\n"
    }

    static let checksumKey = "manifest_checksum"

    let document: ScenarioNode

    /// Reads `folder/manifest.yaml`; the message names the file and what is wrong. With
    /// `checked`, the manifest must carry its checksum and match it.
    init(folder: String, checked: Bool = false) throws(ResultFolder.Failure) {
        let path = folder + "/" + Self.fileName
        let text = try ResultFolder.readFile(path)
        do { document = try ScenarioLoader().parse(text: text, file: path) } catch {
            throw ResultFolder.Failure(message: "\(path) is not a readable ambsim manifest: \(error.description)")
        }
        guard checked else { return }
        let marker = "\n\(Self.checksumKey): "
        guard let at = text.range(of: marker, options: .backwards) else {
            throw ResultFolder.Failure(message: "\(path) has no \(Self.checksumKey) (written by an older ambsim, or cut): rerun that folder to use it here")
        }
        let body = String(text[..<at.lowerBound]) + "\n"
        let stated = text[at.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard stated == fnv64(body) else {
            throw ResultFolder.Failure(message: "\(path) was edited after ambsim wrote it (its \(Self.checksumKey) does not match its text): rerun that folder rather than edit it")
        }
    }

    /// The text of a top-level value, or nil when the key is absent or not a value.
    subscript(key: String) -> String? {
        guard case .scalar(let s, _, _)? = document[key] else { return nil }
        return s
    }
}

extension ScenarioNode {
    static let here = SourceLocation(file: "manifest", line: 1, column: 1)
    static func text(_ s: String) -> ScenarioNode { .scalar(s, here, quoted: true) }
    /// A number, written plain (`replications: 20`).
    static func number<N: BinaryInteger>(_ n: N) -> ScenarioNode { .scalar(String(n), here, quoted: false) }
    static func number(_ x: Double) -> ScenarioNode { .scalar(String(x), here, quoted: false) }
    static func list(_ items: [ScenarioNode]) -> ScenarioNode { .sequence(items, here) }
    static func map(_ entries: [(String, ScenarioNode)]) -> ScenarioNode { .mapping(entries.map { ($0.0, here, $0.1) }, here) }
}

/// The command line as typed, for manifests.
func commandLineText() -> String {
    CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
}

/// A short manifest for folders other than run folders (sweeps, tornado, calibration): what
/// made them, so that ambsim recognises them as its own and a reader can rerun them.
func commandManifest(kind: String, scenario: Scenario, seed: UInt64, replications: Int) -> String {
    Manifest.text(kind: kind, [
        ("ambsim_version", .text(Ambsim.version)),
        ("command", .text(commandLineText())),
        ("scenario", .text(scenario.path)),
        ("name", .text(scenario.name)),
        ("master_seed", .number(seed)),
        ("replications", .number(replications)),
        ("resolved_scenario", scenario.document.removing(key: "extends")),
    ])
}
