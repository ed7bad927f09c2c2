import Foundation
import Testing

/// Issue 25, item 1: `ambsim init --org`, run as a user would.
@Suite("ambsim init", .serialized)
struct InitCommandTests {
    static let panel = repositoryRoot + "/Scenarios/observed/ambsys-panel-2022-2024.csv"

    static func initialise(_ org: String, out: String, in dir: String, extra: [String] = []) -> CommandResult {
        ambsim(["init", "--org", org, "--ambsys", panel, "--months", "2024-01..2024-06", "--out", out] + extra, in: dir)
    }

    @Test("North East from the record: a file that validates, runs its own month and holds its expect range")
    func northEast() throws {
        let dir = temporaryFolder()
        let r = Self.initialise("RX6", out: "neas.yaml", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("wrote neas.yaml: North East Ambulance Service (RX6), 2024-01..2024-06"), "\(r.stdout)")
        let text = try #require(readFile(dir + "/neas.yaml"))
        #expect(text.contains("[D] AmbSYS RX6 2024-01..2024-06"))
        #expect(text.contains("name: neas"))
        let v = ambsim(["validate", "neas.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stderr)")
        // Its expect: range (the first month's incidents, +-15% of the record) holds when it
        // runs, as written, before any calibration.
        let c = ambsim(["check", "neas.yaml", "-r", "3", "-q"], in: dir)
        #expect(c.status == 0 && c.stdout.contains("all ranges pass"), "\(c.stdout)\n\(c.stderr)")
    }

    @Test("init replaces only a file it wrote; a planner's file or a link there is left untouched")
    func replacesOnlyItsOwn() throws {
        let dir = temporaryFolder()
        #expect(Self.initialise("RX6", out: "a.yaml", in: dir).status == 0)
        let again = Self.initialise("RX8", out: "a.yaml", in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(readFile(dir + "/a.yaml")?.contains("(RX8)") == true)
        makeFile(dir + "/mine.yaml", "name: mine\n")
        let refused = Self.initialise("RX6", out: "mine.yaml", in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("exists and ambsim did not write it"), "\(refused.stderr)")
        #expect(readFile(dir + "/mine.yaml") == "name: mine\n")
        symlink(dir + "/a.yaml", dir + "/link.yaml")
        let link = Self.initialise("RX6", out: "link.yaml", in: dir)
        #expect(link.status == 2, "\(link.stderr)")
        #expect(readFile(dir + "/a.yaml")?.contains("(RX8)") == true, "the link's target is untouched")
        // A missing folder is made; '..' is taken as the system takes it.
        let nested = Self.initialise("RX6", out: "new/../made/b.yaml", in: dir)
        #expect(nested.status == 0 && exists(dir + "/made/b.yaml"), "\(nested.stderr)")
    }

    @Test("what init refuses: England, a held-out month, an organisation the file lacks, a bad hospital list", arguments: [
        (["--org", "Eng"], "England, the sum of the trusts"),
        (["--org", "RYF", "--months", "2023-08"], "RYF 2023-08 is held out as the model's out-of-sample test"),
        (["--org", "RZZ"], "no rows for org RZZ; the file has: Eng, R1F, RRU"),
    ])
    func refusals(arguments: [String], message: String) {
        let dir = temporaryFolder()
        var args = ["init", "--ambsys", Self.panel, "--out", "x.yaml"] + arguments
        if !arguments.contains("--months") { args += ["--months", "2024-01..2024-06"] }
        let r = ambsim(args, in: dir)
        #expect(r.status == 2 && r.stderr.contains(message), "\(r.stderr)")
        #expect(!exists(dir + "/x.yaml"))
    }

    @Test("an --out with a control character, or a file name that is no scenario name, is refused before anything is read")
    func badNames() {
        let dir = temporaryFolder()
        let newline = Self.initialise("RX6", out: "a\nb.yaml", in: dir)
        #expect(newline.status == 2 && newline.stderr.contains("a path with a control character (U+A) is refused"), "\(newline.stderr)")
        let quote = Self.initialise("RX6", out: "q'\"x.yaml", in: dir)
        #expect(quote.status == 2 && quote.stderr.contains("from the file's name; give one with --name"), "\(quote.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? ["?"]).isEmpty)
        let named = Self.initialise("RX6", out: "q'\"x.yaml", in: dir, extra: ["--name", "qx"])
        #expect(named.status == 0 && readFile(dir + "/q'\"x.yaml")?.contains("name: qx\n") == true, "\(named.stderr)")
    }

    @Test("with a hospital list: zones, drive times and capacities from it, and the file validates")
    func hospitalList() throws {
        let dir = temporaryFolder()
        makeFile(dir + "/eds.csv", """
            name,zone,latitude,longitude,capacity
            Royal Victoria Infirmary,Tyne,54.980,-1.620,6
            Sunderland Royal,Wear,54.900,-1.410,5
            James Cook,Tees,54.552,-1.214,5

            """)
        let r = Self.initialise("RX6", out: "neas.yaml", in: dir, extra: ["--hospitals", "eds.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try #require(readFile(dir + "/neas.yaml"))
        #expect(text.contains("Sunderland Royal") && text.contains("# Tees"))
        #expect(ambsim(["validate", "neas.yaml"], in: dir).status == 0)
        makeFile(dir + "/bad.csv", "name,zone,capacity\nA,x,0\n")
        let bad = Self.initialise("RX6", out: "bad.yaml", in: dir, extra: ["--hospitals", "bad.csv"])
        #expect(bad.status == 2 && bad.stderr.contains("bad.csv, line 2, capacity"), "\(bad.stderr)")
    }
}
