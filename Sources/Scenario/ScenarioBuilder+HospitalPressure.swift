import AmbulanceService

extension ScenarioBuilder {
    /// `hospital_pressure: [{from: 2023-10-01, factor: 1.8}, {from: 2023-10-01, factor: 1.2,
    /// hospitals: [Royal Cornwall]}, ...]` and `hospital_pressure_scale: 1.4`. `from` is a
    /// date (its midnight) or a local date-time; a factor may be uncertain.
    mutating func readHospitalPressure(_ node: ScenarioNode?, scale scaleNode: ScenarioNode?) -> HospitalPressure {
        var pressure = HospitalPressure()
        for (i, item) in (reader.list(node, "hospital_pressure") ?? []).enumerated() {
            let p = "hospital_pressure[\(i)]"
            guard let f = reader.fields(item, p, pattern: "hospital_pressure[]", required: ["from", "factor"]),
                  let when = stepStart(f["from"], "\(p).from") else { continue }
            let index = pressure.steps.count
            guard let factor = reader.number(f["factor"], "\(p).factor", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 100),
                                             uncertain: { c, v in c.hospitalPressure.steps[index].factor = v }) else { continue }
            var hospitals: [Int] = []
            for (j, h) in (reader.list(f["hospitals"], "\(p).hospitals") ?? []).enumerated() {
                guard let name = reader.string(h, "\(p).hospitals[\(j)]") else { continue }
                guard let k = hospitalIndex[name] else {
                    let hint = ScenarioSchema.suggestion(for: name, among: hospitalIndex.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                    reader.fail(h, "\(p).hospitals[\(j)]", "unknown hospital '\(name)'\(hint)")
                    continue
                }
                hospitals.append(k)
            }
            pressure.steps.append(HospitalPressure.Step(fromMinutes: when.minutes(since: start), factor: factor, hospitals: hospitals))
        }
        if let scaleNode {
            pressure.scale = reader.number(scaleNode, "hospital_pressure_scale", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 100)) {
                c, v in c.hospitalPressure.scale = v } ?? 1
        }
        return pressure
    }

    /// A dated step's `from`: a date (its midnight) or a local date-time.
    mutating func stepStart(_ node: ScenarioNode?, _ path: String) -> LocalDateTime? {
        guard let node, let text = reader.string(node, path) else { return nil }
        guard let when = CivilDate(iso: text).map({ LocalDateTime(date: $0) }) ?? LocalDateTime(iso: text) else {
            reader.fail(node, path, "must be a date like 2024-01-01 or a local date-time like 2024-01-01T08:00 (got \(text))")
            return nil
        }
        return when
    }
}
