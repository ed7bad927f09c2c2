import AmbulanceService
import Scenario
import Stochastics
import Testing

@Suite("Scenario files")
struct ScenarioFileTests {
    static let shipped = files(in: repositoryRoot + "/Scenarios", endingWith: ".yaml")

    @Test("Every shipped scenario is valid and carries expectations", arguments: shipped)
    func shippedScenariosAreValid(file: String) throws {
        let scenario = try Scenario.load(path: repositoryRoot + "/Scenarios/" + file)
        #expect(!scenario.expectations.isEmpty)
        try scenario.checkWorkload()
    }

    @Test("There are the shipped scenarios the issue asks for")
    func shippedSet() {
        for name in ["swasft-summer-2023-baseline", "swasft-ortivus-outage-2023", "scas-summer-2023-baseline", "scas-ortivus-outage-2023",
                     "swasft-winter-baseline", "tiny", "mmc-check"] {
            #expect(Self.shipped.contains(name + ".yaml"), "missing Scenarios/\(name).yaml")
        }
    }

    @Test("Errors name file, line, column, key path, value and rule, all at once")
    func errorsAreLocatedAndComplete() {
        let folder = temporaryFolder()
        let text = readText(repositoryRoot + "/Scenarios/tiny.yaml")
            .replacingFirst("offload_capacity: 2", with: "offload_capacity: 0")
            .replacingFirst("residents: 30000", with: "residnts: 30000")
            .replacingFirst("zone: coast, from", with: "zone: beach, from")
        write(text, to: folder + "/broken.yaml")
        #expect {
            try Scenario.load(path: folder + "/broken.yaml")
        } throws: { error in
            let message = (error as? ScenarioErrors)?.description ?? ""
            let lines = message.split(separator: "\n").map(String.init)
            return lines.contains { $0.hasSuffix("hospitals[0].offload_capacity: must be >= 1 (got 0)") && $0.hasPrefix(folder + "/broken.yaml:44:") }
                && lines.contains { $0.contains("zones[1].residnts: unknown key; did you mean 'residents'?") }
                && lines.contains { $0.contains("zones[1].residents: is required") }
                && lines.contains { $0.contains("demand.visitors.calendar[0].zone: unknown zone 'beach'") }
        }
    }

    @Test("Rules across keys are reported at the key: shares that do not sum to 1")
    func sharesMustSumToOne() {
        let folder = temporaryFolder()
        write(readText(repositoryRoot + "/Scenarios/tiny.yaml").replacingFirst("c1: {share: 0.11", with: "c1: {share: 0.21"), to: folder + "/s.yaml")
        #expect(throws: ScenarioErrors.self) { try Scenario.load(path: folder + "/s.yaml") }
        do { _ = try Scenario.load(path: folder + "/s.yaml") } catch {
            #expect(error.issues.map(\.description).contains { $0.contains(":23:3: categories: shares must sum to 1 (got 1.1") })
        }
    }

    @Test("extends: maps merge, lists and distributions replace; --set overrides last")
    func extendsAndOverrides() throws {
        let folder = temporaryFolder()
        write(readText(repositoryRoot + "/Scenarios/tiny.yaml"), to: folder + "/base.yaml")
        write("""
            extends: base.yaml
            name: child
            stations:
              - {name: only, zone: town, roster: [{start_hour: 0, length_hours: 24, vehicles: 9}]}
            record_modes:
              paper: {handover_extra_minutes: 7}
            """, to: folder + "/child.yaml")
        let child = try Scenario.load(path: folder + "/child.yaml", overrides: ["demand.visitors.scale=2", "hospitals[0].offload_capacity=5"])
        #expect(child.name == "child")
        #expect(child.configuration.stations.count == 1 && child.configuration.stations[0].roster[0].vehicles == 9)
        #expect(child.configuration.effects(.paper).handoverExtraMinutes == 7)
        #expect(child.configuration.effects(.paper).recordDefectRate == 0.2)  // kept from the base
        #expect(child.configuration.uncertainInputs.isEmpty)                   // the uncertain value was replaced
        #expect(child.configuration.demand.visitorCalendar[0].visitors == 20_000)
        #expect(child.configuration.hospitals[0].offloadCapacityByHour.allSatisfy { $0 == 5 })
        #expect(child.configuration.horizonMinutes == 6 * 1440)
    }

    @Test("extends cycles are an error, not a hang")
    func extendsCycle() {
        let folder = temporaryFolder()
        write("extends: b.yaml\n", to: folder + "/a.yaml")
        write("extends: a.yaml\n", to: folder + "/b.yaml")
        #expect { try Scenario.load(path: folder + "/a.yaml") } throws: { error in
            (error as? ScenarioErrors)?.description.contains("extends cycle") == true
        }
    }

    @Test("Uncertain values are drawn per replication within their range")
    func uncertainValues() throws {
        let s = try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml")
        #expect(s.configuration.uncertainInputs.map(\.name) == ["record_modes.paper.handover_extra_minutes"])
        let draws = (0..<20).map { s.configuration.resolved(seedPlan: SeedPlan(masterSeed: 1), replication: $0).effects(.paper).handoverExtraMinutes }
        #expect(draws.allSatisfy { $0 >= 2 && $0 <= 8 } && Set(draws).count == 20)
    }

    @Test("An uncertain outage length moves the restoration")
    func uncertainDuration() throws {
        let s = try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml", overrides: ["disruption[1].after={uncertain: {uniform: {min: 8d, max: 21d}}}"])
        let ends = (0..<10).map { s.configuration.resolved(seedPlan: SeedPlan(masterSeed: 3), replication: $0).disruption.absoluteMinutes[1] }
        let start = s.configuration.disruption.absoluteMinutes[0]
        #expect(ends.allSatisfy { $0 - start >= 8 * 1440 && $0 - start <= 21 * 1440 })
    }

    @Test("Absurd work is refused with the estimate")
    func absurdWork() throws {
        let s = try Scenario.load(path: repositoryRoot + "/Scenarios/tiny.yaml", overrides: ["max_expected_calls=1000"])
        #expect { try s.checkWorkload() } throws: { error in
            (error as? ScenarioErrors)?.description.contains("refused: 10 replications x") == true
        }
    }

    @Test("A trace replaces generated demand")
    func traceFile() throws {
        let folder = temporaryFolder()
        write(readText(repositoryRoot + "/Scenarios/tiny.yaml"), to: folder + "/base.yaml")
        write("time,zone,category,disposition\n2023-07-10T08:00,town,C1,conveyed_ed\n600,coast,C3,see_and_treat\n", to: folder + "/calls.csv")
        write("extends: base.yaml\ndemand: {trace: calls.csv}\n", to: folder + "/t.yaml")
        let s = try Scenario.load(path: folder + "/t.yaml")
        guard case .trace(let incidents) = s.configuration.demand.source else { Issue.record("no trace"); return }
        #expect(incidents.map(\.timeMinutes) == [480, 600])
        #expect(incidents.map(\.category) == [.c1, .c3])
        write("time,zone,category,disposition\n10,nowhere,C9,maybe\n", to: folder + "/calls.csv")
        #expect { try Scenario.load(path: folder + "/t.yaml") } throws: { error in
            (error as? ScenarioErrors)?.description.contains("calls.csv:2:1") == true
        }
    }

    @Test("A trace's problems are listed up to 50, with their lines, and the rest counted; CRLF rows read as LF rows")
    func traceProblemsAreCapped() throws {
        let folder = temporaryFolder()
        write(readText(repositoryRoot + "/Scenarios/tiny.yaml"), to: folder + "/base.yaml")
        write("extends: base.yaml\ndemand: {trace: calls.csv}\n", to: folder + "/t.yaml")
        let bad = (1...80).map { "\($0),nowhere,C1,conveyed_ed\n" }.joined()
        write("time,zone,category,disposition\n" + bad, to: folder + "/calls.csv")
        #expect { try Scenario.load(path: folder + "/t.yaml") } throws: { error in
            guard let e = error as? ScenarioErrors else { return false }
            return e.issues.count == 51 && e.issues[49].location.line == 51 && e.description.contains("and 30 more problems not listed")
        }
        write("time,zone,category,disposition\r\n10,town,C2,see_and_treat\r\n\r\n20,coast,C4,hear_and_treat\r\n", to: folder + "/calls.csv")
        let s = try Scenario.load(path: folder + "/t.yaml")
        guard case .trace(let incidents) = s.configuration.demand.source else { Issue.record("no trace"); return }
        #expect(incidents.map(\.timeMinutes) == [10, 20] && incidents.map(\.zone) == [0, 1])
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }

    func range(of target: String) -> Range<String.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
