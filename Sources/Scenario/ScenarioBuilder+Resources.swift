import AmbulanceService

/// `resources:`: crews, offload spaces and clinicians added (or crews withdrawn) for dated
/// periods. Each entry names its kind; keys of another kind are refused, not ignored.
extension ScenarioBuilder {
    static let resourceKindKeys: [ResourceKind: [String]] = [
        .crews: ["stations", "zones", "shift", "vehicles", "type"],
        .spaces: ["hospitals", "spaces"],
        .clinicians: ["clinicians"],
    ]

    mutating func readResources(_ node: ScenarioNode?, stations: [Station], zones: [Zone], hospitals: [Hospital]) -> [ResourcePeriod] {
        var periods: [ResourcePeriod] = []
        let kinds = ResourceKind.allCases.map(\.rawValue)
        for (i, item) in (reader.list(node, "resources") ?? []).enumerated() {
            let p = "resources[\(i)]"
            guard let f = reader.fields(item, p, pattern: "resources[]", required: ["kind", "from"]),
                  let kindText = reader.string(f["kind"], "\(p).kind") else { continue }
            guard let kind = ResourceKind(rawValue: kindText) else {
                let hint = ScenarioSchema.suggestion(for: kindText, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
                reader.fail(f["kind"]!, "\(p).kind", "unknown kind '\(kindText)'\(hint) (kinds: \(kinds.joined(separator: ", ")))")
                continue
            }
            let allowed = ["kind", "from", "for", "until", "label"] + Self.resourceKindKeys[kind]!
            var misplaced = false
            if case .mapping(let entries, _) = item {
                for entry in entries where !allowed.contains(entry.key) && f[entry.key] != nil {
                    reader.issues.append(ScenarioIssue(entry.keyLocation, "\(p).\(entry.key)",
                                                       "does not belong to a \(kindText) resource (its keys: \(allowed.joined(separator: ", ")))"))
                    misplaced = true
                }
            }
            if misplaced { continue }
            let index = periods.count
            guard let (start, duration) = readPeriodTimes(f, item, p, { c, v in c.resources[index].durationMinutes = v }) else { continue }
            var period = ResourcePeriod(kind: kind, startMinutes: start, durationMinutes: duration)
            period.label = f["label"].flatMap { reader.string($0, "\(p).label") }
            switch kind {
            case .crews:
                guard readCrews(f, item, p, index: index, into: &period, stations: stations, zones: zones) else { continue }
            case .spaces:
                period.hospitals = names(f["hospitals"], "\(p).hospitals", among: hospitals.map(\.name), what: "hospital")
                guard let n = reader.number(f["spaces"], "\(p).spaces", .count(atLeast: 1, atMost: 10_000),
                                            uncertain: { c, v in c.resources[index].spaces = Int(v) }) else {
                    if f["spaces"] == nil { reader.fail(item, "\(p).spaces", "is required (the offload spaces each hospital gets)") }
                    continue
                }
                period.spaces = Int(n)
            case .clinicians:
                guard let n = reader.number(f["clinicians"], "\(p).clinicians", .count(atLeast: 1, atMost: 10_000),
                                            uncertain: { c, v in c.resources[index].clinicians = Int(v) }) else {
                    if f["clinicians"] == nil { reader.fail(item, "\(p).clinicians", "is required (the clinicians added to the stack review)") }
                    continue
                }
                period.clinicians = Int(n)
            }
            periods.append(period)
        }
        return periods
    }

    /// A crews entry: where (stations, or the stations in zones, or every station), the
    /// daily shift, how many crews a station (negative: withdrawn) and their type.
    private mutating func readCrews(_ f: [String: ScenarioNode], _ item: ScenarioNode, _ p: String, index: Int, into period: inout ResourcePeriod,
                                    stations: [Station], zones: [Zone]) -> Bool {
        if f["stations"] != nil && f["zones"] != nil {
            reader.fail(item, p, "names stations: or zones:, not both")
            return false
        }
        period.stations = names(f["stations"], "\(p).stations", among: stations.map(\.name), what: "station")
        if f["zones"] != nil {
            let inZones = names(f["zones"], "\(p).zones", among: zones.map(\.name), what: "zone")
            period.stations = stations.indices.filter { inZones.contains(stations[$0].zone) }
            if period.stations.isEmpty, !inZones.isEmpty { reader.fail(f["zones"]!, "\(p).zones", "has no station"); return false }
        }
        guard let shiftNode = f["shift"] else { reader.fail(item, "\(p).shift", "is required ({start_hour, length_hours}: the daily shift the crews work)"); return false }
        guard let g = reader.fields(shiftNode, "\(p).shift", pattern: "resources[].shift", required: ["start_hour", "length_hours"]) else { return false }
        period.shiftStartHour = reader.number(g["start_hour"], "\(p).shift.start_hour", NumberRule(minimum: 0, maximum: 23.99)) ?? 0
        period.shiftLengthHours = reader.number(g["length_hours"], "\(p).shift.length_hours", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 24)) ?? 12
        guard let vehiclesNode = f["vehicles"] else { reader.fail(item, "\(p).vehicles", "is required (crews a station: more, or negative for fewer)"); return false }
        guard let n = reader.number(vehiclesNode, "\(p).vehicles", NumberRule(minimum: -10_000, maximum: 10_000, integer: true),
                                    uncertain: { c, v in c.resources[index].vehicles = Int(v) }) else { return false }
        period.vehicles = Int(n)
        if let t = f["type"], let name = reader.string(t, "\(p).type") {
            switch name {
            case "ambulance": period.vehicleType = .ambulance
            case "car": period.vehicleType = .car
            default: reader.fail(t, "\(p).type", "must be ambulance or car (got \(name))"); return false
            }
        }
        return true
    }

    /// Indices of the names listed at `path` (absent: empty, meaning every one).
    private mutating func names(_ node: ScenarioNode?, _ path: String, among known: [String], what: String) -> [Int] {
        guard let node, let list = reader.list(node, path) else { return [] }
        if list.isEmpty { reader.fail(node, path, "names no \(what): leave it out for every \(what)") }
        var found: [Int] = []
        for (j, item) in list.enumerated() {
            guard let name = reader.string(item, "\(path)[\(j)]") else { continue }
            if let k = known.firstIndex(of: name) { found.append(k); continue }
            let hint = ScenarioSchema.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
            reader.fail(item, "\(path)[\(j)]", "unknown \(what) '\(name)'\(hint)")
        }
        return found
    }
}
