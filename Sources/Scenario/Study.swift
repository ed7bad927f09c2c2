import Foundation

/// A study file (`ambsim study`): several trusts' scenarios run under one shared
/// disruption, each against its own baseline with common random numbers.
///
/// ```yaml
/// study: national-epr-outage        # its name (names the results folder)
/// description: A supplier's ePR down for 14 days in every trust that uses it.
/// trusts: england                   # a folder: each <org>.yaml in it (not files with '-' in the name, nor studies)
/// # or trusts: {RX6: england/rx6.yaml, RYA: england/rya.yaml}
/// set: [start=2024-03-01T00:00, horizon=30d]   # --set for every trust, both arms
/// overlay:                          # the disruption arm: merged over each affected trust's scenario
///   disruption: [{at: 2024-03-04T07:00, mode: paper}, {at: 2024-03-18T07:00, mode: electronic}]
/// affected: [RX6, RYA]              # the trusts the overlay hits (default: every trust)
/// replications: 20
/// seed: 20240304
/// ```
/// Paths are relative to the study file. Errors name the file, line, key and rule.
public struct Study: Sendable {
    public struct Trust: Sendable, Equatable {
        /// The AmbSYS organisation code the trust is reported under.
        public let org: String
        public let path: String
        public let affected: Bool
    }

    public static let keys = ["study", "description", "trusts", "set", "overlay", "affected", "replications", "seed"]
    public static let maximumTrusts = 100

    public let path: String
    public let name: String
    public let description: String
    public let trusts: [Trust]
    public let settings: [String]
    public let overlay: ScenarioNode
    public let replications: Int
    public let seed: UInt64

    /// Whether `path` is a study file (a mapping with a `study:` key), without judging it.
    public static func isStudy(path: String) -> Bool {
        guard let node = try? ScenarioLoader().parse(path: path) else { return false }
        return node["study"] != nil
    }

    public static func load(path: String) throws(ScenarioErrors) -> Study {
        let node = try ScenarioLoader().parse(path: path)
        var issues: [ScenarioIssue] = []
        func fail(_ n: ScenarioNode, _ key: String, _ message: String) { issues.append(ScenarioIssue(n.location, key, message)) }
        guard case .mapping(let entries, _) = node else { throw ScenarioErrors([ScenarioIssue(node.location, "", "a study is a mapping")]) }
        for e in entries where !keys.contains(e.key) {
            let hint = ScenarioSchema.suggestion(for: e.key, among: keys).map { "; did you mean '\($0)'?" } ?? ""
            issues.append(ScenarioIssue(e.keyLocation, e.key, "unknown key in a study file (keys: \(keys.joined(separator: ", ")))\(hint)"))
        }
        func text(_ key: String) -> String? {
            guard let n = node[key] else { return nil }
            guard case .scalar(let s, _, _) = n else { fail(n, key, "must be a value (got \(n.kindName))"); return nil }
            return s
        }
        let name = text("study") ?? ""
        if let n = node["study"], let problem = Scenario.nameProblem(name) { fail(n, "study", problem) }
        let description = text("description") ?? ""
        // Replications and seed.
        var replications = 20
        if let s = text("replications") {
            if let r = Int(s), (1...100_000).contains(r) { replications = r } else { fail(node["replications"]!, "replications", "must be a whole number from 1 to 100000 (got \(s))") }
        }
        var seed: UInt64 = 1
        if let s = text("seed") {
            if let v = UInt64(s) { seed = v } else { fail(node["seed"]!, "seed", "must be a whole number from 0 to \(UInt64.max) (got \(s))") }
        }
        // Settings for every trust.
        var settings: [String] = []
        if let n = node["set"] {
            if case .sequence(let items, _) = n {
                for (i, item) in items.enumerated() {
                    guard case .scalar(let s, _, _) = item, s.contains("=") else { fail(item, "set[\(i)]", "must be KEY=VALUE, as --set takes"); continue }
                    settings.append(s)
                }
            } else { fail(n, "set", "must be a list of KEY=VALUE, as --set takes") }
        }
        // The overlay.
        var overlay = ScenarioNode.mapping([], node.location)
        if let n = node["overlay"] {
            if case .mapping = n { overlay = n } else { fail(n, "overlay", "must be a mapping of scenario keys (got \(n.kindName))") }
            for banned in ["name", "extends", "seed", "replications"] where n[banned] != nil {
                fail(n[banned]!, "overlay.\(banned)", "is set by the study, not by the overlay")
            }
        } else {
            fail(node, "overlay", "is required: the disruption every affected trust runs beside its baseline")
        }
        // The trusts.
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            if p.hasPrefix("/") { return p }
            if p == "." || p == "./" { return folder.isEmpty ? "." : folder }
            return folder.isEmpty ? p : folder + "/" + p
        }
        var listed: [(org: String, path: String)] = []
        switch node["trusts"] {
        case .none:
            fail(node, "trusts", "is required: a folder of <org>.yaml files, or a mapping of organisation codes to scenario files")
        case .some(.scalar(let f, let location, _)):
            let dir = resolve(f)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                issues.append(ScenarioIssue(location, "trusts", "\(dir) is not a folder"))
                break
            }
            for n in names.sorted() where n.hasSuffix(".yaml") && !n.contains("-") && !n.hasPrefix(".") {
                let stem = String(n.dropLast(5))
                guard !stem.isEmpty, stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !isStudy(path: dir + "/" + n) else { continue }
                listed.append((stem.uppercased(), dir + "/" + n))
            }
            if listed.isEmpty { issues.append(ScenarioIssue(location, "trusts", "\(dir) holds no <org>.yaml file (a file whose name is an organisation code)")) }
        case .some(.mapping(let items, _)):
            for item in items {
                guard item.key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !item.key.isEmpty, item.key.count <= 16 else {
                    issues.append(ScenarioIssue(item.keyLocation, "trusts.\(item.key)", "must be an organisation code of letters and digits (RX6, RYA)"))
                    continue
                }
                guard case .scalar(let p, _, _) = item.value, !p.isEmpty else { fail(item.value, "trusts.\(item.key)", "must be a scenario file's path"); continue }
                listed.append((item.key, resolve(p)))
            }
        case .some(let n):
            fail(n, "trusts", "must be a folder or a mapping of organisation codes to scenario files (got a list)")
        }
        if listed.count > maximumTrusts { fail(node["trusts"]!, "trusts", "\(listed.count) trusts; a study takes at most \(maximumTrusts)") }
        var affected = Set(listed.map(\.org))
        if let n = node["affected"] {
            if case .sequence(let items, _) = n {
                affected = []
                for (i, item) in items.enumerated() {
                    guard case .scalar(let org, _, _) = item, listed.contains(where: { $0.org == org }) else {
                        fail(item, "affected[\(i)]", "is not one of the study's trusts (\(listed.map(\.org).joined(separator: ", ")))")
                        continue
                    }
                    affected.insert(org)
                }
            } else { fail(n, "affected", "must be a list of organisation codes") }
        }
        if !issues.isEmpty { throw ScenarioErrors(issues) }
        return Study(path: path, name: name, description: description,
                     trusts: listed.map { Trust(org: $0.org, path: $0.path, affected: affected.contains($0.org)) },
                     settings: settings, overlay: overlay, replications: replications, seed: seed)
    }

    /// The trust's scenario for one arm: its file with the study's settings, and for the
    /// disruption arm of an affected trust the overlay merged over it (as `extends:` merges).
    public func scenario(_ trust: Trust, disrupted: Bool) throws(ScenarioErrors) -> Scenario {
        var document = try ScenarioLoader().load(path: trust.path, overrides: settings)
        if disrupted && trust.affected { document = document.merged(with: overlay) }
        return try Scenario.build(document: document, path: trust.path)
    }
}
