import AmbulanceService
import Scenario
import Stochastics
import Testing

/// The `move_up` key: read, reached by `--set` and `uncertain`, and refused when wrong.
@Suite("Move-up key")
struct MoveUpFileTests {
    static func scenarioText(_ moveUp: String) -> String {
        readText(repositoryRoot + "/Scenarios/tiny.yaml").replacingFirst("\nzones:", with: "\n" + moveUp + "\n\nzones:")
    }

    @Test("read, set from the command line, and drawn when uncertain")
    func reads() throws {
        let folder = temporaryFolder()
        write(Self.scenarioText("move_up: {cover_minutes: 12, max_move_minutes: {uncertain: {uniform: {min: 20, max: 30}}}}"), to: folder + "/s.yaml")
        let s = try Scenario.load(path: folder + "/s.yaml")
        #expect(s.configuration.moveUp?.coverMinutes == 12)
        let drawn = s.configuration.resolved(seedPlan: SeedPlan(masterSeed: 1), replication: 0)
        #expect((20...30).contains(drawn.moveUp!.maxMoveMinutes))
        let set = try Scenario.load(path: folder + "/s.yaml", overrides: ["move_up.cover_minutes=15"])
        #expect(set.configuration.moveUp?.coverMinutes == 15)
        // Absent: off.
        #expect(try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml").configuration.moveUp == nil)
    }

    @Test("bad values are refused with file, line, key and rule", arguments: [
        ("move_up: {cover_minutes: 0, max_move_minutes: 20}", "move_up.cover_minutes: must be > 0 (got 0)"),
        ("move_up: {cover_minutes: 10}", "move_up.max_move_minutes: is required"),
        ("move_up: {cover_minutes: 10, max_move_minutes: 20, cover: 3}", "move_up.cover: unknown key"),
        ("move_up: {cover_minutes: 10, max_move_minutes: 2000}", "move_up.max_move_minutes: must be <= 1440"),
    ])
    func refuses(text: String, message: String) {
        let folder = temporaryFolder()
        write(Self.scenarioText(text), to: folder + "/bad.yaml")
        expectRefused(folder + "/bad.yaml", saying: message)
    }
}
