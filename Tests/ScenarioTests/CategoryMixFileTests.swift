import AmbulanceService
import Foundation
import Scenario
import Testing

/// `category_mix:` in a scenario file: read into dated steps, its mistakes named at their line.
@Suite("category_mix in a file")
struct CategoryMixFileTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    @Test("steps are read from their dates' midnights, in minutes from the scenario start; the run draws from them")
    func reads() throws {
        let s = try Scenario.load(path: Self.tiny, overrides: [
            "category_mix=[{from: 2023-07-12, c1: 0.2, c2: 0.5, c3: 0.2, c4: 0.1}, {from: 2023-07-13T06:00, c1: 0.1, c2: 0.6, c3: 0.2, c4: 0.1}]"])
        let steps = s.configuration.categoryMix.steps
        #expect(steps.map(\.fromMinutes) == [2880.0, 4680.0])   // 2 days; 3 days and 6 hours
        #expect(steps[1].shares == [0.1, 0.6, 0.2, 0.1])
        #expect(s.configuration.problems().isEmpty)
    }

    @Test("shares that do not sum to 1, an unknown key, a bad date and steps out of order are refused at their line",
          arguments: [
            ("  - {from: 2023-07-12, c1: 0.2, c2: 0.5, c3: 0.2, c4: 0.2}", ": category_mix[0]: shares must sum to 1 (got 1.09"),
            ("  - {from: 2023-07-12, c1: 0.2, c2: 0.5, c3: 0.2, c5: 0.1}", "category_mix[0]"),
            ("  - {from: 12 July, c1: 0.2, c2: 0.5, c3: 0.2, c4: 0.1}", ": category_mix[0].from: must be a date like 2024-01-01"),
            ("  - {from: 2023-07-12, c1: 1.2, c2: -0.2, c3: 0, c4: 0}", ": category_mix[0].c1: "),
            ("  - {from: 2023-07-12, c1: 0.2, c2: 0.5, c3: 0.2, c4: 0.1}\n  - {from: 2023-07-11, c1: 0.2, c2: 0.5, c3: 0.2, c4: 0.1}",
             ": category_mix[1].from: steps must be in date order"),
          ])
    func refused(step: String, message: String) {
        let folder = temporaryFolder()
        write(readText(Self.tiny), to: folder + "/base.yaml")
        write("extends: base.yaml\nname: mixed\ncategory_mix:\n\(step)\n", to: folder + "/s.yaml")
        expectRefused(folder + "/s.yaml", saying: message)
        let error = #expect(throws: ScenarioErrors.self) { try Scenario.load(path: folder + "/s.yaml") }
        #expect(error?.description.contains("s.yaml:4:") == true || error?.description.contains("s.yaml:5:") == true, "\(String(describing: error))")
    }
}
