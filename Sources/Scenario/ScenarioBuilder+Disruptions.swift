import AmbulanceService
import Stochastics

/// The `disruption:` timeline: record-mode changes (`{at|after, mode}`, the kind `records`)
/// and periods of the other kinds (`{kind, from, for|until, ...}`), in one list.
extension ScenarioBuilder {
    mutating func readDisruption(_ node: ScenarioNode?, stations: [Station], zones: [Zone]) -> ([ModeChange], [DisruptionPeriod]) {
        var changes: [ModeChange] = []
        var periods: [DisruptionPeriod] = []
        let kinds = ["records"] + DisruptionKind.allCases.map(\.rawValue)
        for (i, item) in (reader.list(node, "disruption") ?? []).enumerated() {
            let p = "disruption[\(i)]"
            guard let f = reader.fields(item, p, pattern: "disruption[]") else { continue }
            let kindText = f["kind"].flatMap { reader.string($0, "\(p).kind") } ?? (f["mode"] != nil ? "records" : nil)
            guard let kindText else {
                reader.fail(item, p, "needs kind: (one of \(kinds.joined(separator: ", "))), or mode: for a record-mode change")
                continue
            }
            guard kinds.contains(kindText) else {
                let hint = ScenarioSchema.suggestion(for: kindText, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
                reader.fail(f["kind"] ?? item, "\(p).kind", "unknown kind '\(kindText)'\(hint) (kinds: \(kinds.joined(separator: ", ")))")
                continue
            }
            // Keys of another kind are mistakes, not settings to ignore.
            let allowed = kindText == "records" ? ["kind", "at", "after", "mode"]
                : ScenarioSchema.periodKeys + ScenarioSchema.disruptionKindKeys[kindText]!
            var misplaced = false
            if case .mapping(let entries, _) = item {
                for entry in entries where !allowed.contains(entry.key) && f[entry.key] != nil {
                    reader.issues.append(ScenarioIssue(entry.keyLocation, "\(p).\(entry.key)",
                                                       "does not belong to a \(kindText) disruption (its keys: \(allowed.joined(separator: ", ")))"))
                    misplaced = true
                }
            }
            if misplaced { continue }
            if kindText == "records" {
                if var change = readModeChange(f, item, p, index: changes.count) {
                    change.item = i
                    changes.append(change)
                }
                continue
            }
            let kind = DisruptionKind(rawValue: kindText)!
            let index = periods.count
            guard let (start, duration) = readPeriodTimes(f, item, p, { c, v in c.disruptionPeriods[index].durationMinutes = v }) else { continue }
            var period = DisruptionPeriod(kind: kind, startMinutes: start, durationMinutes: duration, item: i)
            period.restoration = readRestoration(f["restoration"], p, index: index, duration: reader.range(of: "\(p).for") ?? (duration, duration))
            switch kind {
            case .dispatch: period.dispatch = readDispatch(f, p, index: index)
            case .nhs111: period.nhs111 = readNHS111(f, item, p, index: index, zones: zones)
            case .hospital: guard let h = readHospitalDisruption(f, item, p, index: index) else { continue }; period.hospital = h
            case .fleet: period.fleet = readFleetLoss(f, p, index: index, stations: stations)
            }
            periods.append(period)
        }
        return (changes, periods)
    }

    private mutating func readModeChange(_ f: [String: ScenarioNode], _ item: ScenarioNode, _ p: String, index: Int) -> ModeChange? {
        guard let modeNode = f["mode"] else { reader.fail(item, "\(p).mode", "is required"); return nil }
        guard let mode = readMode(modeNode, "\(p).mode") else { return nil }
        switch (f["at"], f["after"]) {
        case (let at?, nil):
            guard let t = dateTime(at, "\(p).at") else { return nil }
            return ModeChange(atMinutes: t, mode: mode)
        case (nil, let after?):
            guard let minutes = reader.number(after, "\(p).after", .minutes, uncertain: { c, v in c.disruption[index].afterPreviousMinutes = v })
            else { return nil }
            return ModeChange(afterPreviousMinutes: minutes, mode: mode)
        default:
            reader.fail(item, p, "needs exactly one of at: (a date-time) or after: (a duration after the previous record-mode change)")
            return nil
        }
    }

    /// Minutes from the scenario start of a local date-time.
    mutating func dateTime(_ node: ScenarioNode, _ path: String) -> Double? {
        guard let text = reader.string(node, path) else { return nil }
        guard let t = LocalDateTime(iso: text) else {
            reader.fail(node, path, "must be a local date-time like 2023-07-18T19:00 (got \(text))")
            return nil
        }
        return t.minutes(since: start)
    }

    /// `from:` and one of `for:` (a duration, may be uncertain) or `until:` (a date-time).
    mutating func readPeriodTimes(_ f: [String: ScenarioNode], _ item: ScenarioNode, _ p: String, _ setDuration: @escaping Setter) -> (Double, Double)? {
        guard let fromNode = f["from"] else { reader.fail(item, "\(p).from", "is required (the date-time the period starts)"); return nil }
        guard let from = dateTime(fromNode, "\(p).from") else { return nil }
        switch (f["for"], f["until"]) {
        case (let length?, nil):
            guard let minutes = reader.number(length, "\(p).for", NumberRule(minimum: 0, minimumIsStrict: true, duration: true),
                                              uncertain: setDuration) else { return nil }
            return (from, minutes)
        case (nil, let until?):
            guard let end = dateTime(until, "\(p).until") else { return nil }
            guard end > from else { reader.fail(until, "\(p).until", "must be after from:"); return nil }
            return (from, end - from)
        default:
            reader.fail(item, p, "needs exactly one of for: (a duration such as 5h or 14d) or until: (a date-time)")
            return nil
        }
    }

    /// `restoration: [{after: 18d, restored: 0.1}, ...]`: phased restoration steps.
    /// Steps stay in order, and inside the period, whatever the uncertain values draw: a
    /// step's range of `after` must lie wholly after the step before's and wholly before the
    /// shortest the period can be (`duration`: its range of `for`).
    private mutating func readRestoration(_ node: ScenarioNode?, _ p: String, index: Int, duration: (Double, Double)) -> [RestorationStep] {
        var steps: [RestorationStep] = []
        var previous: (range: (Double, Double), path: String)? = nil
        for (j, item) in (reader.list(node, "\(p).restoration") ?? []).enumerated() {
            let q = "\(p).restoration[\(j)]"
            guard let g = reader.fields(item, q, pattern: "disruption[].restoration[]", required: ["after", "restored"]) else { continue }
            let k = steps.count
            guard let after = reader.number(g["after"], "\(q).after", NumberRule(minimum: 0, minimumIsStrict: true, duration: true),
                                            uncertain: { c, v in c.disruptionPeriods[index].restoration[k].afterMinutes = v }),
                  let restored = reader.number(g["restored"], "\(q).restored", .probability,
                                               uncertain: { c, v in c.disruptionPeriods[index].restoration[k].restored = v })
            else { continue }
            let range = reader.range(of: "\(q).after") ?? (after, after)
            if let previous, range.0 <= previous.range.1, range != (after, after) || previous.range.0 != previous.range.1 {
                reader.fail(g["after"]!, "\(q).after", "its range (\(DurationText.show(range.0)) to \(DurationText.show(range.1))) reaches back to \(previous.path)'s (\(DurationText.show(previous.range.0)) to \(DurationText.show(previous.range.1))): steps must be in order whatever the uncertain values draw; make the ranges apart")
            } else if range.1 >= duration.0, range != (after, after) || duration.0 != duration.1 {
                reader.fail(g["after"]!, "\(q).after", "its range reaches \(DurationText.show(range.1)), but the period can be as short as \(DurationText.show(duration.0)): every step must fall inside the period whatever is drawn")
            }
            previous = (range, "\(q).after")
            steps.append(RestorationStep(afterMinutes: after, restored: restored))
        }
        return steps
    }

    /// `{c1: x, ...}` or one value for every category, each read by `read` (nil: not given).
    private mutating func perCategory<T>(_ node: ScenarioNode?, _ path: String, scalarAllowed: Bool,
                                         _ read: (inout ScenarioBuilder, ScenarioNode, String, [Int]) -> T?) -> [T?] {
        var out = [T?](repeating: nil, count: 4)
        guard let node else { return out }
        if scalarAllowed, case .scalar = node {
            let v = read(&self, node, path, [0, 1, 2, 3])
            return out.map { _ in v }
        }
        if scalarAllowed, case .mapping(let entries, _) = node, entries.count == 1, entries[0].key == "uncertain" {
            let v = read(&self, node, path, [0, 1, 2, 3])
            return out.map { _ in v }
        }
        guard let g = reader.fields(node, path, pattern: "disruption[].\(path.split(separator: ".").last!)") else { return out }
        for c in 1...4 { if let n = g["c\(c)"] { out[c - 1] = read(&self, n, "\(path).c\(c)", [c - 1]) } }
        return out
    }

    private mutating func readDispatch(_ f: [String: ScenarioNode], _ p: String, index: Int) -> DispatchDisruption {
        var d = DispatchDisruption()
        let multipliers = perCategory(f["delay_multiplier"], "\(p).delay_multiplier", scalarAllowed: true) { b, node, path, ks in
            b.reader.number(node, path, NumberRule(minimum: 0, maximum: 100)) { c, v in
                for k in ks { c.disruptionPeriods[index].dispatch.delayMultiplier[k] = v }
            }
        }
        d.delayMultiplier = multipliers.map { $0 ?? 1 }
        d.delayMinutes = perCategory(f["delay_minutes"], "\(p).delay_minutes", scalarAllowed: false) { b, node, path, ks in
            let k = ks[0]
            let slot = DistributionSlot(get: { $0.disruptionPeriods[index].dispatch.delayMinutes[k] ?? .fixed(0) },
                                        set: { $0.disruptionPeriods[index].dispatch.delayMinutes[k] = $1 })
            return b.reader.distribution(node, path, slot: slot)
        }
        if let choice = f["vehicle_choice"], let text = reader.string(choice, "\(p).vehicle_choice") {
            switch text {
            case "position": d.choosesByStation = false
            case "station": d.choosesByStation = true
            default: reader.fail(choice, "\(p).vehicle_choice", "must be position (the nearest by where vehicles are) or station (by their stations, no positions) (got \(text))")
            }
        }
        return d
    }

    private mutating func readNHS111(_ f: [String: ScenarioNode], _ item: ScenarioNode, _ p: String, index: Int, zones: [Zone]) -> NHS111Disruption {
        var n = NHS111Disruption()
        for key in ["calls_per_resident_per_day", "redirected_share"] where f[key] == nil { reader.fail(item, "\(p).\(key)", "is required") }
        n.callsPerResidentPerDay = reader.number(f["calls_per_resident_per_day"], "\(p).calls_per_resident_per_day", NumberRule(minimum: 0, maximum: 1)) {
            c, v in c.disruptionPeriods[index].nhs111.callsPerResidentPerDay = v } ?? 0
        n.redirectedShare = reader.number(f["redirected_share"], "\(p).redirected_share", .probability) {
            c, v in c.disruptionPeriods[index].nhs111.redirectedShare = v } ?? 0
        n.hearAndTreatReduction = reader.number(f["hear_and_treat_reduction"], "\(p).hear_and_treat_reduction", .probability, default: 0) {
            c, v in c.disruptionPeriods[index].nhs111.hearAndTreatReduction = v } ?? 0
        n.hourOfDayFactors = factors(f["hour_of_day"], "\(p).hour_of_day", count: 24)
        if let categories = f["categories"] {
            let shares = perCategory(categories, "\(p).categories", scalarAllowed: false) { b, node, path, _ in b.reader.plainNumber(node, path, .probability) }
            n.categoryShares = shares.map { $0 ?? 0 }
        }
        if let list = reader.list(f["zones"], "\(p).zones") {
            n.zones = list.enumerated().compactMap { zone($1, "\(p).zones[\($0)]") }
            if list.isEmpty, let node = f["zones"] { reader.fail(node, "\(p).zones", "names no zone: leave it out for every zone") }
        }
        return n
    }

    private mutating func readHospitalDisruption(_ f: [String: ScenarioNode], _ item: ScenarioNode, _ p: String, index: Int) -> HospitalDisruption? {
        var h = HospitalDisruption()
        guard let node = f["hospital"], let name = reader.string(node, "\(p).hospital") else {
            reader.fail(item, "\(p).hospital", "is required (the hospital's name)")
            return nil
        }
        guard let i = hospitalIndex[name] else {
            let hint = ScenarioSchema.suggestion(for: name, among: hospitalIndex.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            reader.fail(node, "\(p).hospital", "unknown hospital '\(name)'\(hint)")
            return nil
        }
        h.hospital = i
        h.divert = reader.bool(f["divert"], "\(p).divert") ?? false
        h.capacityFactor = reader.number(f["capacity_factor"], "\(p).capacity_factor", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 10), default: 1) {
            c, v in c.disruptionPeriods[index].hospital.capacityFactor = v } ?? 1
        return h
    }

    private mutating func readFleetLoss(_ f: [String: ScenarioNode], _ p: String, index: Int, stations: [Station]) -> FleetLoss {
        var loss = FleetLoss()
        if let list = reader.list(f["stations"], "\(p).stations") {
            if list.isEmpty, let node = f["stations"] { reader.fail(node, "\(p).stations", "names no station: leave it out for every station") }
            for (j, node) in list.enumerated() {
                guard let name = reader.string(node, "\(p).stations[\(j)]") else { continue }
                if let s = stations.firstIndex(where: { $0.name == name }) { loss.stations.append(s); continue }
                let hint = ScenarioSchema.suggestion(for: name, among: stations.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                reader.fail(node, "\(p).stations[\(j)]", "unknown station '\(name)'\(hint)")
            }
        }
        if let node = f["vehicles"] {
            loss.vehicles = reader.number(node, "\(p).vehicles", .count(atLeast: 0, atMost: 10_000)) {
                c, v in c.disruptionPeriods[index].fleet.vehicles = Int(v) }.map { Int($0) }
        }
        if let node = f["share"] {
            loss.share = reader.number(node, "\(p).share", .probability) { c, v in c.disruptionPeriods[index].fleet.share = v }
        }
        return loss
    }
}
