import AmbulanceService
import Stochastics

/// Turns a resolved document into a `Scenario`, collecting every issue.
struct ScenarioBuilder {
    let path: String
    var reader = ScenarioReader()
    var zoneIndex: [String: Int] = [:]
    var hospitalIndex: [String: Int] = [:]
    var start = LocalDateTime(date: CivilDate(year: 2023, month: 1, day: 1)!)
    var carriesEarlierDisruptions = false

    init(path: String) { self.path = path }

    mutating func build(_ document: ScenarioNode) -> Scenario? {
        guard let top = reader.fields(document, "", pattern: "",
                                      required: ["start", "horizon", "zones", "categories", "travel", "stations", "hospitals", "job_cycle"])
        else { return nil }
        let fileName = String(path.split(separator: "/").last ?? Substring(path))
        let name = reader.string(top["name"], "name") ?? (fileName.hasSuffix(".yaml") ? String(fileName.dropLast(5)) : fileName)
        if let problem = Scenario.nameProblem(name) {
            reader.fail(top["name"] ?? document, "name", problem)
        }
        if let startNode = top["start"], let text = reader.string(startNode, "start") {
            if let t = LocalDateTime(iso: text) { start = t } else {
                reader.fail(startNode, "start", "must be a local date-time like 2023-07-10T00:00 (got \(text))")
            }
        }
        let horizon = reader.number(top["horizon"], "horizon", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 3_660 * 1440, duration: true)) ?? 1440
        let warmUp = reader.number(top["warm_up"], "warm_up", NumberRule(minimum: 0, duration: true), default: 0) ?? 0
        if warmUp >= horizon, let node = top["warm_up"] { reader.fail(node, "warm_up", "must be shorter than the horizon") }
        let replications = Int(reader.number(top["replications"], "replications", .count(atLeast: 1, atMost: SeedPlan.maximumReplications - 1),
                                             default: Double(Scenario.defaultReplications)) ?? 1)
        let seedValue = reader.number(top["seed"], "seed", NumberRule(minimum: 0, maximum: 9_007_199_254_740_991, integer: true), default: 20_230_718) ?? 0
        let maxCalls = reader.number(top["max_expected_calls"], "max_expected_calls", .positive, default: Scenario.defaultMaximumExpectedCalls)
            ?? Scenario.defaultMaximumExpectedCalls

        let zones = readZones(top["zones"])
        let demand = readDemand(top["demand"], zones: zones.count)
        let categories = readCategories(top["categories"])
        let travel = readTravel(top["travel"], zones: zones.count)
        let stations = readStations(top["stations"])
        let hospitals = readHospitals(top["hospitals"])
        let choice = readHospitalChoice(top["hospital_choice"], zones: zones.map(\.name), hospitals: hospitals.map(\.name))
        let jobCycle = readJobCycle(top["job_cycle"])
        var releaseNode = top["release_to_respond_minutes"]
        if case .scalar(let text, _, false)? = releaseNode, ["null", "~", "off", ""].contains(text) { releaseNode = nil }
        let release = reader.number(releaseNode, "release_to_respond_minutes", .minutes) { c, v in c.releaseToRespondMinutes = v }
        let modes = readRecordModes(top["record_modes"])
        let initialMode = readMode(top["initial_record_mode"], "initial_record_mode") ?? .electronic
        let (disruption, periods) = readDisruption(top["disruption"], stations: stations, zones: zones)
        let backEntry = readBackEntry(top["back_entry"])
        let expectations = readExpectations(top["expect"])
        let backtest = readBacktest(top["backtest"])
        let (review, abandonment, dispatchPriority) = readStack(top["stack"])
        guard let travel, let jobCycle, let categories else { return nil }
        var configuration = ServiceConfiguration(
            start: start, horizonMinutes: horizon, warmUpMinutes: warmUp, zones: zones, demand: demand, categories: categories,
            travel: travel, stations: stations, hospitals: hospitals, hospitalChoice: choice, jobCycle: jobCycle,
            releaseToRespondMinutes: release, recordModeEffects: modes, initialRecordMode: initialMode, disruption: disruption,
            backEntry: backEntry, uncertainInputs: reader.uncertain)
        if let reachNode = top["dispatch_reach_minutes"] {
            configuration.dispatchReachMinutes = reader.number(reachNode, "dispatch_reach_minutes", NumberRule(minimum: 0, minimumIsStrict: true, duration: true)) {
                c, v in c.dispatchReachMinutes = v } ?? .infinity
            configuration.uncertainInputs = reader.uncertain
        }
        configuration.disruptionPeriods = periods
        configuration.carriesEarlierDisruptions = carriesEarlierDisruptions
        configuration.hospitalAcceptance = readHospitalAcceptance(top["hospital_acceptance"])
        configuration.hospitalPressure = readHospitalPressure(top["hospital_pressure"], scale: top["hospital_pressure_scale"])
        configuration.categoryMix = readCategoryMix(top["category_mix"])
        configuration.retasking = readRetasking(top["retasking"])
        configuration.moveUp = readMoveUp(top["move_up"])
        configuration.resources = readResources(top["resources"], stations: stations, zones: zones, hospitals: hospitals)
        configuration.fleetAvailability = readFleetAvailability(top["fleet_availability"])
        configuration.surge = readSurge(top["surge"])
        configuration.clinicalReview = review
        configuration.abandonment = abandonment
        configuration.dispatchPriority = dispatchPriority
        configuration.uncertainInputs = reader.uncertain
        if let node = top["run_out"] {
            configuration.runOutMinutes = reader.number(node, "run_out", .minutes) ?? 0
        }
        if let node = top["fleet_scale"] {
            configuration.fleetScale = reader.number(node, "fleet_scale", NumberRule(minimum: 0, maximum: 100)) { c, v in c.fleetScale = v } ?? 1
            configuration.uncertainInputs = reader.uncertain
        }
        if let node = top["hospital_capacity_scale"] {
            configuration.hospitalCapacityScale = reader.number(node, "hospital_capacity_scale", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 100)) {
                c, v in c.hospitalCapacityScale = v } ?? 1
            configuration.uncertainInputs = reader.uncertain
        }
        guard reader.issues.isEmpty else { return nil }
        // Rules across keys that the model checks (shares sum to 1, references, ...).
        configuration.uncertainInputs = []
        for problem in configuration.problems() {
            reader.issues.append(ScenarioIssue(locate(problem.path, in: document), problem.path, problem.message))
        }
        configuration.uncertainInputs = reader.uncertain
        // The configuration must stay valid whatever the uncertain inputs draw. Decided from
        // the scenario, not from samples: each input at both ends of its range (a bounded
        // distribution's support; the 0.01% and 99.99% quantiles of an unbounded one) with
        // the others at their means, then every input at its low end and every one at its
        // high end together.
        if reader.issues.isEmpty && !reader.uncertain.isEmpty {
            let inputs = reader.uncertain
            let ends: [(Double, Double)] = inputs.map { input in
                let (lo, hi) = ScenarioReader.support(input.distribution)
                return (lo.isFinite ? lo : input.distribution.quantile(1e-4), hi.isFinite ? hi : input.distribution.quantile(1 - 1e-4))
            }
            var cases: [(label: String, values: [Double?])] = []
            for (i, input) in inputs.enumerated() {
                for (which, x) in [("low", ends[i].0), ("high", ends[i].1)] {
                    var values = [Double?](repeating: nil, count: inputs.count)
                    values[i] = x
                    cases.append(("when \(input.name) is at the \(which) end of its uncertain range (\(NumberRule.show(x)))", values))
                }
            }
            if inputs.count > 1 {
                cases.append(("when every uncertain input is at the low end of its range", ends.map(\.0)))
                cases.append(("when every uncertain input is at the high end of its range", ends.map(\.1)))
            }
            check: for (label, values) in cases {
                var drawn = configuration
                drawn.uncertainInputs = []
                for (input, value) in zip(inputs, values) { if let value { input.apply(&drawn, value) } }
                for problem in drawn.problems() {
                    reader.issues.append(ScenarioIssue(locate(problem.path, in: document), problem.path, "\(problem.message) \(label)"))
                }
                if !reader.issues.isEmpty { break check }
            }
        }
        // A scenario with no demand can only produce nonsense.
        if reader.issues.isEmpty && configuration.expectedCalls() <= 0 {
            reader.fail(top["zones"] ?? document, "zones", "no call would ever arrive (every rate is 0, or the trace is empty): there is nothing to simulate")
        }
        guard reader.issues.isEmpty else { return nil }
        guard let backtest else { return nil }
        var baseline: String? = nil
        if let b = reader.string(top["baseline"], "baseline") { baseline = ScenarioLoader.resolve(b, against: path) }
        return Scenario(name: name, description: reader.string(top["description"], "description") ?? "", path: path,
                        configuration: configuration, replications: replications, seed: UInt64(seedValue),
                        maximumExpectedCalls: maxCalls, expectations: expectations, backtest: backtest, baseline: baseline, document: document)
    }

    /// The location of a model key path (`hospitals[2].offload_capacity`) in the document,
    /// or of its nearest existing parent.
    func locate(_ keyPath: String, in document: ScenarioNode) -> SourceLocation {
        var node = document
        let segments = (try? ScenarioLoader.parsePath(keyPath, location: document.location)) ?? []
        for segment in segments {
            switch (segment, node) {
            case (.key(let k), .mapping(let entries, _)):
                guard let next = entries.last(where: { $0.key == k })?.value else { return node.location }
                node = next
            case (.index(let i), .sequence(let items, _)) where i < items.count:
                node = items[i]
            default:
                return node.location
            }
        }
        return node.location
    }

    mutating func readZones(_ node: ScenarioNode?) -> [Zone] {
        guard let items = reader.list(node, "zones") else { return [] }
        if items.isEmpty, let node { reader.fail(node, "zones", "needs at least one zone") }
        var zones: [Zone] = []
        for (i, item) in items.enumerated() {
            let p = "zones[\(i)]"
            guard let f = reader.fields(item, p, pattern: "zones[]", required: ["name", "residents", "calls_per_resident_per_day"]) else { continue }
            let name = reader.string(f["name"], "\(p).name") ?? "zone \(i)"
            if zoneIndex[name] != nil, let n = f["name"] { reader.fail(n, "\(p).name", "zone \(name) is defined twice") }
            zoneIndex[name] = zones.count
            let index = zones.count
            let residents = reader.number(f["residents"], "\(p).residents", .nonNegative) { c, v in c.zones[index].residents = v } ?? 0
            let rate = reader.number(f["calls_per_resident_per_day"], "\(p).calls_per_resident_per_day", NumberRule(minimum: 0, maximum: 1)) { c, v in
                c.zones[index].callsPerResidentPerDay = v
            } ?? 0
            zones.append(Zone(name: name, residents: residents, callsPerResidentPerDay: rate))
        }
        return zones
    }

    /// A zone named in `node`.
    mutating func zone(_ node: ScenarioNode?, _ path: String) -> Int? {
        guard let node, let name = reader.string(node, path) else { return nil }
        if let z = zoneIndex[name] { return z }
        let hint = ScenarioSchema.suggestion(for: name, among: Array(zoneIndex.keys).sorted()).map { "; did you mean '\($0)'?" } ?? ""
        reader.fail(node, path, "unknown zone '\(name)'\(hint)")
        return nil
    }

    mutating func date(_ node: ScenarioNode?, _ path: String) -> CivilDate? {
        guard let node, let text = reader.string(node, path) else { return nil }
        guard let d = CivilDate(iso: text) else { reader.fail(node, path, "must be a date like 2023-07-18 (got \(text))"); return nil }
        return d
    }

    /// `count` factors (or one value repeated) that must average 1.
    mutating func factors(_ node: ScenarioNode?, _ path: String, count: Int) -> [Double]? {
        guard let node else { return nil }
        if case .scalar = node, let v = reader.plainNumber(node, path, .nonNegative) { return Array(repeating: v, count: count) }
        guard let items = reader.list(node, path) else { return nil }
        guard items.count == count else { reader.fail(node, path, "needs \(count) values (got \(items.count))"); return nil }
        let values = items.enumerated().compactMap { reader.plainNumber($1, "\(path)[\($0)]", .nonNegative) }
        return values.count == count ? values : nil
    }
}
