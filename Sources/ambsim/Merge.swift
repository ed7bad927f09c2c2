import AmbulanceService
import ArgumentParser
import MonteCarlo
import Reports
import Scenario

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the partial folders of ambsim run --shard K/N into one run folder.",
        discussion: "The CSV files are byte-identical to those of one unsharded run with the same seed and replications.")

    /// The files of a shard folder that merge reads, each with its checksum in the manifest.
    static let checkedFiles = ["replications.csv", "hourly_replications.csv", "breakdown_replications.csv"]

    @Argument(help: "Partial run folders (one per shard).")
    var folders: [String]

    @Option(help: "Output folder (default: Results/<scenario name>).")
    var out: String?

    func run() throws {
        var parts: [ExperimentResult] = []
        var seeds = Set<String>(), names = Set<String>(), totals = Set<String>(), starts = Set<String>(), scenarios = Set<String>()
        var fingerprints = Set<String>(), plans = Set<String>(), versions = Set<String>(), resolved = Set<String>()
        var resolvedScenario: ScenarioNode? = nil
        var absent: [String] = []
        for folder in folders {
            // A shard whose task failed left no folder: note it, and name its shard below.
            guard ResultFolder.isFolder(folder) else {
                absent.append(folder)
                continue
            }
            do {
                let manifest = try Manifest(folder: folder, checked: true)
                guard manifest["shard"] != nil else {
                    printError("\(folder): not a shard folder (its manifest has no shard:); merge takes the folders of ambsim run --shard")
                    throw Exit.badInput
                }
                guard let fingerprint = manifest["fingerprint"] else {
                    printError("\(folder): its manifest has no fingerprint (written by an older ambsim?): rerun that shard")
                    throw Exit.badInput
                }
                fingerprints.insert(fingerprint)
                plans.insert(String(manifest["shard"]!.split(separator: "/").last ?? ""))
                let replicationsText = try ResultFolder.readFile(folder + "/replications.csv")
                let hourlyText = try ResultFolder.readFile(folder + "/hourly_replications.csv")
                let breakdownText = try ResultFolder.readFile(folder + "/breakdown_replications.csv")
                for (file, text) in zip(Self.checkedFiles, [replicationsText, hourlyText, breakdownText]) {
                    guard manifest["checksum_" + file.replacing(".", with: "_")] == fnv64(text) else {
                        printError("\(folder)/\(file) does not match the checksum in its manifest (changed or truncated): rerun that shard")
                        throw Exit.badInput
                    }
                }
                seeds.insert(manifest["master_seed"] ?? "")
                names.insert(manifest["name"] ?? "")
                totals.insert(manifest["replications"] ?? "")
                starts.insert(manifest["start"] ?? "")
                scenarios.insert(manifest["scenario"] ?? "")
                versions.insert(manifest["ambsim_version"] ?? "")
                guard let scenarioNode = manifest.document["resolved_scenario"] else {
                    printError("\(folder)/manifest.yaml has no resolved_scenario: rerun that shard")
                    throw Exit.badInput
                }
                resolved.insert(scenarioNode.yamlText())
                resolvedScenario = scenarioNode
                let part = try RunFiles.read(replications: replicationsText, hourly: hourlyText, file: folder)
                parts.append(try RunFiles.readBreakdowns(breakdownText, into: part, file: folder))
            } catch let error as ExitCode {
                throw error
            } catch {
                printError("\(folder): \(error)")
                throw Exit.badInput
            }
        }
        guard !parts.isEmpty else {
            printError("none of the shard folders exists (\(absent.joined(separator: ", "))): nothing to merge")
            throw Exit.badInput
        }
        guard seeds.count == 1, names.count == 1, totals.count == 1, starts.count == 1, fingerprints.count == 1, plans.count == 1,
              scenarios.count == 1, versions.count == 1, resolved.count == 1 else {
            var differ: [String] = []
            if fingerprints.count > 1 { differ.append("fingerprints \(fingerprints.sorted().joined(separator: ", "))") }
            if versions.count > 1 { differ.append("ambsim versions \(versions.sorted().joined(separator: ", "))") }
            if scenarios.count > 1 { differ.append("scenario paths \(scenarios.sorted().joined(separator: ", "))") }
            if resolved.count > 1 { differ.append("resolved scenarios") }
            if seeds.count > 1 { differ.append("seeds \(seeds.sorted().joined(separator: ", "))") }
            if plans.count > 1 || totals.count > 1 { differ.append("replications or shard plans") }
            printError("the folders come from different experiments (\(differ.isEmpty ? "names or starts differ" : differ.joined(separator: "; "))): merge the shards of one run")
            throw Exit.badInput
        }
        let merged = ExperimentResult.merging(parts)
        let total = Int(totals.first!) ?? -1
        guard merged.indices == Array(0..<total), absent.isEmpty else {
            let have = Set(merged.indices)
            let missing = (0..<total).filter { !have.contains($0) }
            let repeated = Set(merged.indices.filter { i in merged.indices.count { $0 == i } > 1 }).sorted()
            var what: [String] = []
            if let n = Int(plans.first!), n >= 1 {
                let lacking = (1...n).filter { k in Experiment.shard(k, of: n, replications: total).contains { !have.contains($0) } }
                if !lacking.isEmpty { what.append("shard\(lacking.count > 1 ? "s" : "") \(lacking.map { "\($0)/\(n)" }.joined(separator: ", ")) missing") }
            }
            if !missing.isEmpty { what.append("replications \(missing.prefix(5).map(String.init).joined(separator: ", "))\(missing.count > 5 ? ", ..." : "") missing") }
            if !repeated.isEmpty { what.append("replications \(repeated.prefix(5).map(String.init).joined(separator: ", ")) given twice") }
            if !absent.isEmpty { what.append("no folder at \(absent.joined(separator: ", "))") }
            printError("the shards do not cover replications 0..<\(total) exactly once (\(what.joined(separator: "; "))): merge every K of --shard K/N once, after every shard's run has succeeded")
            throw Exit.badInput
        }
        guard let start = LocalDateTime(iso: starts.first!) else { printError("manifest start: unreadable"); throw Exit.badInput }
        let name = names.first!
        let folder = out ?? "Results/\(name)"
        try checkResultTarget(folder)
        if let input = folders.first(where: { ResultFolder.overlaps(folder, $0) }) {
            printError("\(folder): the merged result would replace or lie inside the shard folder \(input), which merge reads: give --out a folder apart from the shards")
            throw Exit.badInput
        }
        let manifest = Manifest.text(kind: "run", [
            ("ambsim_version", .text(Ambsim.version)),
            ("scenario", .text(scenarios.first!)),
            ("name", .text(name)),
            ("start", .text(start.description)),
            ("master_seed", .scalar(seeds.first!, ScenarioNode.here, quoted: false)),
            ("replications", .number(total)),
            ("replication_range", .list([.number(0), .number(total)])),
            ("fingerprint", .text(fingerprints.first!)),
            ("command", .text(commandLineText())),
            ("merged_from", .list(folders.map { .text($0) })),
            ("resolved_scenario", resolvedScenario!),
        ])
        try writeRunFolder([RunFiles.replicationsFile(merged), ResultFile("summary.csv", text: RunFiles.summary(merged)),
                            RunFiles.timeseriesFile(merged, start: start),
                            ResultFile("standards.csv", text: Standards.csv(merged))] + RunFiles.breakdownFiles(merged, start: start) + [
                            ResultFile("breakdown_replications.csv", text: RunFiles.breakdownReplications(merged)),
                            ResultFile("manifest.yaml", text: manifest)], to: folder)
        printError("wrote \(folder)/ (\(total) replications from \(folders.count) shards)")
    }
}
