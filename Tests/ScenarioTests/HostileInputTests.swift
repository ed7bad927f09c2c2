import Scenario
import Testing

/// No input crashes or hangs the reader: each of these is refused with a located error.
@Suite("Hostile scenario files")
struct HostileInputTests {
    static let cases: [(name: String, text: String, expected: String)] = [
        ("empty", "", "the file is empty"),
        ("only a comment", "# nothing\n", "the file is empty"),
        ("a list", "- 1\n- 2\n", "a scenario is a mapping"),
        ("truncated", "zones:\n  - {name: a, residents: [1, 2\n", "YAML syntax"),
        ("tab indentation", "zones:\n\t- a\n", "YAML syntax"),
        ("deep nesting", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), "YAML syntax"),
        ("deep mappings", (0..<3000).map { String(repeating: " ", count: $0) + "k:\n" }.joined(), "YAML syntax"),
        ("alias bomb", """
            a: &a ["x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            """, "expands to more than"),
        ("undefined alias", "a: *nothing\n", "YAML syntax"),
        ("enormous number", "start: 2023-01-01T00:00\nhorizon: 1e400\n", "horizon: must be a finite number (got inf)"),
        ("NaN", "start: 2023-01-01T00:00\nhorizon: .nan\n", "horizon: must be"),
        ("infinity", "start: 2023-01-01T00:00\nhorizon: .inf\n", "horizon: must be"),
        ("huge integer", "start: 2023-01-01T00:00\nhorizon: 1d\nreplications: 99999999999999999999999\n", "replications: must be <="),
        ("duplicate key", "name: a\nname: b\n", "key given twice"),
        ("mapping as key", "? [a, b]\n: 1\n", "keys must be plain names"),
        ("wrong type", "start: 2023-01-01T00:00\nhorizon: 1d\nzones: {a: 1}\n", "zones: must be a list"),
        ("bad date", "start: 2023-02-30T00:00\nhorizon: 1d\n", "start: must be a local date-time"),
        ("not UTF-8", "name: \u{FFFD}", "is required"),
        ("capacity past the limit", "start: 2023-01-01T00:00\nhorizon: 1d\nhospitals: [{name: h, zone: z, offload_capacity: 50000, handover_minutes: 20}]\n",
         "offload_capacity: must be <= 10000 (got 50000)"),
        ("a name that is a path", "name: ../../etc\nstart: 2023-01-01T00:00\nhorizon: 1d\n", "name: must be a label"),
        ("a trace that is a folder", "start: 2023-01-01T00:00\nhorizon: 1d\ndemand: {trace: /tmp}\n", "is a folder, not a file"),
    ]

    @Test("Refused with a located message", arguments: cases.map(\.name))
    func refused(name: String) {
        let c = Self.cases.first { $0.name == name }!
        let folder = temporaryFolder()
        write(c.text, to: folder + "/x.yaml")
        #expect {
            try Scenario.load(path: folder + "/x.yaml")
        } throws: { error in
            let text = (error as? ScenarioErrors)?.description ?? ""
            return text.contains(c.expected) && text.hasPrefix(folder + "/x.yaml:")
        }
    }

    @Test("Binary garbage is refused")
    func binaryGarbage() {
        let folder = temporaryFolder()
        var state: UInt64 = 88172645463325252
        var bytes = [UInt8]()
        for _ in 0..<4096 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; bytes.append(UInt8(truncatingIfNeeded: state)) }
        write(String(decoding: bytes, as: UTF8.self) + "\u{0}", to: folder + "/g.yaml")
        #expect(throws: ScenarioErrors.self) { try Scenario.load(path: folder + "/g.yaml") }
    }

    @Test("A 50 MB file is refused by size, quickly")
    func hugeFile() {
        let folder = temporaryFolder()
        let line = "# " + String(repeating: "x", count: 1022) + "\n"
        write(String(repeating: line, count: 50 * 1024), to: folder + "/big.yaml")
        #expect { try Scenario.load(path: folder + "/big.yaml") } throws: { error in
            (error as? ScenarioErrors)?.description.contains("limited to 8 MB") == true
        }
    }

    @Test("Missing files and folders are refused")
    func missing() {
        #expect(throws: ScenarioErrors.self) { try Scenario.load(path: "/no/such/scenario.yaml") }
        #expect(throws: ScenarioErrors.self) { try Scenario.load(path: "/tmp") }
    }

    @Test("Bad --set overrides are refused with what to write", arguments: ["nokey", "hospitals[9].zone=x", "zones.name=x", "a..b=1", "x[=1"])
    func badOverrides(text: String) {
        #expect(throws: ScenarioErrors.self) { try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml", overrides: [text]) }
    }
}
