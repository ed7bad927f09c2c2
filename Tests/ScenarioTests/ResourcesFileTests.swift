import AmbulanceService
import Scenario
import Stochastics
import Testing

/// The `resources:` key: read (dates to minutes, names to indices), reached by `--set` and
/// `uncertain`, and refused when wrong, with file, line, key and rule.
@Suite("Resources key")
struct ResourcesFileTests {
    static let entries = """
        resources:
          - {kind: crews, from: 2023-07-12, for: 2d, stations: [coast], shift: {start_hour: 7, length_hours: 12}, vehicles: 2, label: extra day crews}
          - {kind: crews, from: 2023-07-13T07:00, until: 2023-07-14T07:00, zones: [town], shift: {start_hour: 7, length_hours: 12}, vehicles: -1}
          - {kind: spaces, from: 2023-07-12, for: 36h, hospitals: [Town ED], spaces: {uncertain: {uniform: {min: 1, max: 3}}}}
        """

    static func scenarioText(_ resources: String) -> String {
        readText(repositoryRoot + "/Scenarios/tiny.yaml").replacingFirst("\nzones:", with: "\n" + resources + "\n\nzones:")
    }

    @Test("read, set from the command line, and drawn when uncertain")
    func reads() throws {
        let folder = temporaryFolder()
        write(Self.scenarioText(Self.entries), to: folder + "/s.yaml")
        let s = try Scenario.load(path: folder + "/s.yaml")
        let r = s.configuration.resources
        #expect(r.count == 3)
        // tiny starts 2023-07-10T00:00.
        #expect(r[0].kind == .crews && r[0].startMinutes == 2 * 1440 && r[0].durationMinutes == 2 * 1440 && r[0].stations == [1] && r[0].vehicles == 2)
        #expect(r[0].label == "extra day crews")
        #expect(r[1].startMinutes == 3 * 1440 + 420 && r[1].durationMinutes == 1440 && r[1].stations == [0] && r[1].vehicles == -1)
        #expect(r[2].kind == .spaces && r[2].hospitals == [0] && r[2].durationMinutes == 36 * 60)
        let drawn = s.configuration.resolved(seedPlan: SeedPlan(masterSeed: 1), replication: 0)
        #expect((1...3).contains(drawn.resources[2].spaces))
        let set = try Scenario.load(path: folder + "/s.yaml", overrides: ["resources[0].vehicles=5"])
        #expect(set.configuration.resources[0].vehicles == 5)
    }

    @Test("bad entries are refused with file, line, key and rule", arguments: [
        ("vehicles: 2, label", "vehicles: 2.5, label", "resources[0].vehicles: must be a whole number"),
        ("stations: [coast]", "stations: [cost]", "resources[0].stations[0]: unknown station 'cost'; did you mean 'coast'?"),
        ("kind: spaces", "kind: space", "resources[2].kind: unknown kind 'space'; did you mean 'spaces'?"),
        ("hospitals: [Town ED], spaces", "hospitals: [Town ED], vehicles: 2, spaces", "resources[2].vehicles: does not belong to a spaces resource"),
        ("vehicles: -1}", "vehicles: -4}", "resources[1].vehicles: withdraws 4 crews a station, but station town rosters 3"),
        ("for: 2d, stations", "stations", "resources[0]: needs exactly one of for:"),
        ("vehicles: 2, label", "vehicles: 20000, label", "resources[0].vehicles: must be <= 10000"),
    ])
    func refuses(from: String, to: String, message: String) {
        let folder = temporaryFolder()
        write(Self.scenarioText(Self.entries.replacingFirst(from, with: to)), to: folder + "/bad.yaml")
        expectRefused(folder + "/bad.yaml", saying: message)
    }
}
