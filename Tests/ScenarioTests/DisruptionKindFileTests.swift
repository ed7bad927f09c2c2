import AmbulanceService
import Scenario
import Stochastics
import Testing

/// Every disruption kind in a scenario file: read, validated, overridden, uncertain.
@Suite("Disruption kinds in scenario files")
struct DisruptionKindFileTests {
    static let items = """
          - {kind: dispatch, from: 2023-07-11T08:00, for: {uncertain: {triangular: {min: 2h, mode: 5h, max: 12h}}}, delay_multiplier: {c1: 1.5, c2: {uncertain: {uniform: {min: 2, max: 3}}}}, delay_minutes: {c4: {lognormal: {mean: 30, sd: 10}}}, vehicle_choice: station}
          - {kind: 111, from: 2023-07-11T00:00, until: 2023-07-14T00:00, calls_per_resident_per_day: 0.001, redirected_share: {uncertain: {uniform: {min: 0.02, max: 0.08}}}, categories: {c2: 0.4, c3: 0.6}, hear_and_treat_reduction: 0.2, zones: [coast], restoration: [{after: 1d, restored: {uncertain: {uniform: {min: 0.2, max: 0.6}}}}, {after: 2d, restored: 0.8}]}
          - {kind: hospital, hospital: Town ED, from: 2023-07-13T12:00, for: 1d, capacity_factor: 0.5}
          - {kind: fleet, from: 2023-07-12T00:00, for: 2d, stations: [coast], vehicles: 1}

        """

    /// tiny.yaml with `items` after its paper outage, written to a new folder: the file's path.
    static func file(_ items: String = Self.items) -> String {
        let path = temporaryFolder() + "/kinds.yaml"
        let tiny = readText(repositoryRoot + "/Scenarios/tiny.yaml")
        write(tiny.replacingFirst("  - {after: 24h, mode: electronic}\n", with: "  - {after: 24h, mode: electronic}\n" + items), to: path)
        return path
    }

    static func scenario(_ items: String = Self.items, overrides: [String] = []) throws(ScenarioErrors) -> Scenario {
        try Scenario.load(path: file(items), overrides: overrides)
    }

    @Test("Each kind is read into its period, on one timeline with the record-mode changes")
    func readsEveryKind() throws {
        let s = try Self.scenario()
        let c = s.configuration
        #expect(c.disruption.count == 2 && c.disruption[1].item == 1)
        #expect(c.disruptionPeriods.map(\.kind) == [.dispatch, .nhs111, .hospital, .fleet])
        #expect(c.disruptionPeriods.map(\.item) == [2, 3, 4, 5])
        let dispatch = c.disruptionPeriods[0]
        #expect(dispatch.startMinutes == 1440 + 480 && dispatch.dispatch.choosesByStation)
        #expect(dispatch.dispatch.delayMultiplier == [1.5, 2.5, 1, 1] && dispatch.dispatch.delayMinutes[3] != nil && dispatch.dispatch.delayMinutes[0] == nil)
        let nhs = c.disruptionPeriods[1].nhs111
        #expect(c.disruptionPeriods[1].durationMinutes == 3 * 1440 && nhs.zones == [1] && nhs.categoryShares == [0, 0.4, 0.6, 0])
        #expect(c.disruptionPeriods[1].restoration.map(\.afterMinutes) == [1440, 2880] && c.disruptionPeriods[1].restoration[1].restored == 0.8)
        #expect(c.disruptionPhases.filter { $0.kind == .nhs111 }.count == 3)
        #expect(c.disruptionPeriods[2].hospital.capacityFactor == 0.5 && !c.disruptionPeriods[2].hospital.divert)
        #expect(c.disruptionPeriods[3].fleet.stations == [1] && c.disruptionPeriods[3].fleet.vehicles == 1)
        let names = c.uncertainInputs.map(\.name)
        #expect(names.contains("disruption[2].for") && names.contains("disruption[2].delay_multiplier.c2") && names.contains("disruption[3].redirected_share"))
        let drawn = c.resolved(seedPlan: SeedPlan(masterSeed: 3), replication: 0)
        #expect((120...720).contains(drawn.disruptionPeriods[0].durationMinutes))
        #expect((2...3).contains(drawn.disruptionPeriods[0].dispatch.delayMultiplier[1]))
        #expect((0.02...0.08).contains(drawn.disruptionPeriods[1].nhs111.redirectedShare))
        #expect((0.2...0.6).contains(drawn.disruptionPeriods[1].restoration[0].restored))
        #expect(names.contains("disruption[3].restoration[0].restored"))
    }

    @Test("--set reaches a period's settings by path")
    func overrides() throws {
        let s = try Self.scenario(overrides: ["disruption[5].vehicles=2", "disruption[4].capacity_factor=0.25", "disruption[2].delay_multiplier=4"])
        let c = s.configuration
        #expect(c.disruptionPeriods[3].fleet.vehicles == 2 && c.disruptionPeriods[2].hospital.capacityFactor == 0.25)
        #expect(c.disruptionPeriods[0].dispatch.delayMultiplier == [4, 4, 4, 4])
    }

    @Test("bad periods are refused with file, line, key and rule", arguments: [
        ("kind: dispatch,", "kind: dispatcher,", "disruption[2].kind: unknown kind 'dispatcher'; did you mean 'dispatch'?"),
        ("vehicle_choice: station", "vehicle_choice: nearest", "disruption[2].vehicle_choice: must be position"),
        ("hospital: Town ED", "hospital: Town EDD", "disruption[4].hospital: unknown hospital 'Town EDD'; did you mean 'Town ED'?"),
        ("{after: 2d, restored: 0.8}", "{after: 4d, restored: 0.8}", "disruption[3].restoration[1].after: must fall inside the period"),
        ("{after: 2d, restored: 0.8}", "{after: 12h, restored: 0.8}", "disruption[3].restoration[1].after: must fall inside the period, after the step before"),
        ("{after: 2d, restored: 0.8}", "{after: 2d}", "disruption[3].restoration[1].restored: is required"),
        ("capacity_factor: 0.5}", "divert: true, restoration: [{after: 1h, restored: 0.5}]}", "disruption[4].restoration: a divert is on or off"),
        ("stations: [coast]", "stations: []", "disruption[5].stations: names no station"),
        ("stations: [coast]", "stations: [cost]", "disruption[5].stations[0]: unknown station 'cost'; did you mean 'coast'?"),
        ("zones: [coast]", "zones: [coats]", "disruption[3].zones[0]: unknown zone 'coats'"),
        ("vehicles: 1}", "vehicles: 1, share: 0.5}", "disruption[5]: needs exactly one of vehicles:"),
        ("capacity_factor: 0.5}", "capacity_factor: 0.5, divert: maybe}", "disruption[4].divert: must be true or false (got maybe)"),
        ("capacity_factor: 0.5}", "capacity_factor: 1}", "disruption[4]: changes nothing"),
        ("capacity_factor: 0.5}", "divert: true}", "disruption[4].divert: needs another hospital to take the conveyances"),
        ("for: 1d, capacity", "for: 0, capacity", "disruption[4].for: must be > 0"),
        ("for: 1d, capacity", "capacity", "disruption[4]: needs exactly one of for:"),
        ("from: 2023-07-12T00:00", "from: 2023-08-12T00:00", "disruption[5].from: falls after the end of the run"),
        ("until: 2023-07-14T00:00", "until: 2023-07-10T00:00", "disruption[3].until: must be after from:"),
        ("categories: {c2: 0.4, c3: 0.6}", "categories: {c2: 0.4, c3: 0.7}", "disruption[3].categories: shares c1-c4 must be >= 0 and sum to 1"),
        ("redirected_share: {uncertain: {uniform: {min: 0.02, max: 0.08}}}", "redirected_share: 1.2", "disruption[3].redirected_share: must be <= 1 (got 1.2)"),
        ("stations: [coast], vehicles: 1", "stations: [coast], vehicles: 1, divert: true", "disruption[5].divert: does not belong to a fleet disruption"),
        ("vehicle_choice: station}", "vehicle_choice: station, delay: 3}", "disruption[2].delay: unknown key; did you mean 'delay_minutes'?"),
    ])
    func refusesBadPeriods(from: String, to: String, message: String) {
        expectRefused(Self.file(Self.items.replacingFirst(from, with: to)), saying: message)
    }

    /// Each key of each period set to values of every wrong kind: a located error or a
    /// scenario that runs, never a crash (a crash would end the test process).
    @Test("Nonsense in any period key is refused or harmless", arguments: [(2, "dispatch"), (3, "111"), (4, "hospital"), (5, "fleet")])
    func nonsenseInEveryKey(item: Int, kind: String) throws {
        let keys = ScenarioSchema.periodKeys + ScenarioSchema.disruptionKindKeys[kind]!
        var refused = 0, loaded = 0
        for key in keys {
            for value in ["banana", "-1", "0", "[]", "{}", "1e400", "null", "[1, 2]", "{uncertain: {uniform: {min: -5, max: 5}}}"] {
                do {
                    let s = try Self.scenario(overrides: ["disruption[\(item)].\(key)=\(value)"])
                    loaded += 1
                    // Whatever loaded must be valid and run (or refuse a draw) without a crash.
                    #expect(s.configuration.problems().isEmpty, "\(key)=\(value)")
                    _ = try? ServiceSimulation.run(configuration: s.configuration, seedPlan: SeedPlan(masterSeed: 1), replication: 0)
                } catch let error as ScenarioErrors {
                    refused += 1
                    #expect(error.description.contains("disruption[\(item)]") || error.description.contains("--set"), "\(key)=\(value): \(error)")
                } catch {
                    Issue.record("\(key)=\(value): not a scenario error: \(error)")
                }
            }
        }
        #expect(refused > loaded, "most nonsense is refused: \(refused) refused, \(loaded) loaded")
    }

    @Test("Every shipped disruption scenario runs one kind against the South Western baseline, with sources")
    func shippedScenarios() throws {
        let kinds: [(String, DisruptionKind)] = [("swasft-cad-failure.yaml", .dispatch), ("swasft-111-outage.yaml", .nhs111),
                                                 ("swasft-hospital-divert.yaml", .hospital), ("swasft-fleet-loss.yaml", .fleet)]
        for (file, kind) in kinds {
            let s = try Scenario.load(path: repositoryRoot + "/Scenarios/" + file)
            #expect(s.baseline?.hasSuffix("swasft-summer-2023-baseline.yaml") == true, "\(file)")
            #expect(!s.configuration.disruptionPeriods.isEmpty && s.configuration.disruptionPeriods.allSatisfy { $0.kind == kind }, "\(file)")
            #expect(!s.expectations.isEmpty, "\(file) has expect: ranges")
            #expect(!s.configuration.uncertainInputs.isEmpty, "\(file) carries its uncertainty")
        }
    }
}
