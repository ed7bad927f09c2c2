#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Yams

/// Reads scenario files into one resolved `ScenarioNode`: YAML parsing (Yams), `extends:`
/// chains, and `--set` overrides. Refuses, with an issue naming the file, anything that is
/// not a sound scenario document: missing or unreadable files, files too large, binary
/// content, YAML syntax errors, documents that expand without bound through aliases, and
/// `extends:` cycles.
public struct ScenarioLoader: Sendable {
    /// Largest scenario file read, in bytes.
    public var maximumFileBytes = 8 * 1024 * 1024
    /// Largest number of nodes a document may expand to (anchors and aliases included).
    public var maximumNodes = 200_000
    /// Longest `extends:` chain.
    public var maximumExtendsDepth = 16

    public init() {}

    /// The resolved document of `path`, with `overrides` (`key.path=value`) applied last.
    public func load(path: String, overrides: [String] = []) throws(ScenarioErrors) -> ScenarioNode {
        var chain: [String] = []
        return try applying(overrides, to: try loadWithExtends(path: path, chain: &chain))
    }

    /// A document given as text (no `extends:`), with `overrides` applied last.
    public func parse(text: String, file: String, overrides: [String]) throws(ScenarioErrors) -> ScenarioNode {
        try applying(overrides, to: try parse(text: text, file: file))
    }

    func applying(_ overrides: [String], to document: ScenarioNode) throws(ScenarioErrors) -> ScenarioNode {
        var node = document
        var issues: [ScenarioIssue] = []
        for (i, text) in overrides.enumerated() {
            do { node = try Self.apply(override: text, index: i, to: node) } catch { issues.append(error) }
        }
        if !issues.isEmpty { throw ScenarioErrors(issues) }
        return node
    }

    func loadWithExtends(path: String, chain: inout [String]) throws(ScenarioErrors) -> ScenarioNode {
        let normalised = Self.normalise(path)
        if chain.contains(normalised) {
            throw ScenarioErrors([ScenarioIssue(SourceLocation(file: path, line: 1, column: 1), "extends",
                                                "extends cycle: \((chain + [normalised]).joined(separator: " -> "))")])
        }
        if chain.count >= maximumExtendsDepth {
            throw ScenarioErrors([ScenarioIssue(SourceLocation(file: path, line: 1, column: 1), "extends",
                                                "extends chain longer than \(maximumExtendsDepth) files")])
        }
        chain.append(normalised)
        let document = try parse(path: path)
        guard let parent = document["extends"] else { return document }
        guard case .scalar(let relative, let location, _) = parent, !relative.isEmpty else {
            throw ScenarioErrors([ScenarioIssue(parent.location, "extends", "must be a file path (got \(parent.kindName))")])
        }
        let parentPath = Self.resolve(relative, against: path)
        guard FileSystem.exists(parentPath) else {
            throw ScenarioErrors([ScenarioIssue(location, "extends", "file not found: \(parentPath)")])
        }
        var base = try loadWithExtends(path: parentPath, chain: &chain).removing(key: "extends")
        // A scenario's expectations are its own: a child's expect: replaces the parent's.
        if document["expect"] != nil { base = base.removing(key: "expect") }
        return base.merged(with: document.removing(key: "extends"))
    }

    /// One file, parsed, without following `extends:`.
    public func parse(path: String) throws(ScenarioErrors) -> ScenarioNode {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let bytes: Data
        do { bytes = try FileSystem.read(path, maximumBytes: maximumFileBytes) } catch {
            throw ScenarioErrors([ScenarioIssue(start, "", error.message)])
        }
        if bytes.contains(0) {
            throw ScenarioErrors([ScenarioIssue(start, "", "not a text file (it contains NUL bytes): give a YAML scenario file")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ScenarioErrors([ScenarioIssue(start, "", "not UTF-8 text: save the scenario as UTF-8 YAML")])
        }
        return try parse(text: text, file: path)
    }

    /// A document given as text (`file` names it in messages).
    public func parse(text: String, file: String) throws(ScenarioErrors) -> ScenarioNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioErrors([Self.issue(from: error, file: file)])
        } catch {
            throw ScenarioErrors([ScenarioIssue(start, "", "cannot read YAML: \(error)")])
        }
        guard let root else {
            throw ScenarioErrors([ScenarioIssue(start, "", "the file is empty: a scenario needs at least zones, stations and hospitals")])
        }
        var budget = maximumNodes
        let node = try convert(root, file: file, budget: &budget)
        guard case .mapping = node else {
            throw ScenarioErrors([ScenarioIssue(node.location, "", "a scenario is a mapping of keys to values (got \(node.kindName))")])
        }
        return node
    }

    func convert(_ node: Node, file: String, budget: inout Int) throws(ScenarioErrors) -> ScenarioNode {
        budget -= 1
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        if budget < 0 {
            throw ScenarioErrors([ScenarioIssue(location, "", "the document expands to more than \(maximumNodes) values (anchors and aliases that multiply?)")])
        }
        switch node {
        case .scalar(let s):
            return .scalar(s.string, location, quoted: s.style == .singleQuoted || s.style == .doubleQuoted)
        case .sequence(let seq):
            var items: [ScenarioNode] = []
            for item in seq { items.append(try convert(item, file: file, budget: &budget)) }
            return .sequence(items, location)
        case .mapping(let map):
            var entries: [(key: String, keyLocation: SourceLocation, value: ScenarioNode)] = []
            for (key, value) in map {
                let keyLocation = SourceLocation(file: file, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
                guard case .scalar(let k) = key else {
                    throw ScenarioErrors([ScenarioIssue(keyLocation, "", "keys must be plain names (got a mapping or list as a key)")])
                }
                if entries.contains(where: { $0.key == k.string }) {
                    throw ScenarioErrors([ScenarioIssue(keyLocation, k.string, "key given twice in the same mapping")])
                }
                entries.append((k.string, keyLocation, try convert(value, file: file, budget: &budget)))
            }
            return .mapping(entries, location)
        case .alias(let alias):
            throw ScenarioErrors([ScenarioIssue(location, "", "unresolved alias *\(alias.anchor.rawValue)")])
        }
    }

    static func issue(from error: YamlError, file: String) -> ScenarioIssue {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        let start = SourceLocation(file: file, line: 1, column: 1)
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return ScenarioIssue(at(mark), "", "YAML syntax: \(problem)\(detail)")
        case .reader(let problem, let offset, _, _):
            return ScenarioIssue(start, "", "YAML reader: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioIssue(at(context.mark), duplicates.joined(separator: ", "), "key given twice in the same mapping")
        default:
            return ScenarioIssue(start, "", "cannot read YAML: \(error)")
        }
    }

    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// `relative` resolved against the folder of `file`.
    static func resolve(_ relative: String, against file: String) -> String {
        if relative.hasPrefix("/") { return relative }
        guard let slash = file.lastIndex(of: "/") else { return relative }
        return normalise(String(file[...slash]) + relative)
    }
}
