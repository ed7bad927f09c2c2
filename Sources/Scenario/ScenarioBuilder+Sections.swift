import AmbulanceService
import Stochastics

extension ScenarioBuilder {
    mutating func readDemand(_ node: ScenarioNode?, zones: Int) -> Demand {
        var demand = Demand()
        guard let node, let f = reader.fields(node, "demand", pattern: "demand") else { return demand }
        if let v = factors(f["hour_of_day"], "demand.hour_of_day", count: 24) { demand.hourOfDayFactors = v }
        if let v = factors(f["day_of_week"], "demand.day_of_week", count: 7) { demand.dayOfWeekFactors = v }
        if let v = factors(f["month_of_year"], "demand.month_of_year", count: 12) { demand.monthOfYearFactors = v }
        for (i, item) in (reader.list(f["date_factors"], "demand.date_factors") ?? []).enumerated() {
            let p = "demand.date_factors[\(i)]"
            guard let g = reader.fields(item, p, pattern: "demand.date_factors[]", required: ["date", "factor"]) else { continue }
            let index = demand.dateFactors.count
            guard let d = date(g["date"], "\(p).date"),
                  let x = reader.number(g["factor"], "\(p).factor", NumberRule(minimum: 0, maximum: 100), uncertain: { c, v in c.demand.dateFactors[index].factor = v })
            else { continue }
            demand.dateFactors.append(DateFactor(date: d, factor: x, label: reader.string(g["label"], "\(p).label") ?? ""))
        }
        if let visitorsNode = f["visitors"], let v = reader.fields(visitorsNode, "demand.visitors", pattern: "demand.visitors") {
            demand.callsPerVisitorDay = reader.number(v["calls_per_visitor_day"], "demand.visitors.calls_per_visitor_day",
                                                      NumberRule(minimum: 0, maximum: 1)) { c, x in c.demand.callsPerVisitorDay = x } ?? 0
            if let h = factors(v["hour_of_day"], "demand.visitors.hour_of_day", count: 24) { demand.visitorHourOfDayFactors = h }
            for (i, item) in (reader.list(v["calendar"], "demand.visitors.calendar") ?? []).enumerated() {
                let p = "demand.visitors.calendar[\(i)]"
                guard let g = reader.fields(item, p, pattern: "demand.visitors.calendar[]", required: ["zone", "from", "visitors"]) else { continue }
                let index = demand.visitorCalendar.count
                guard let z = zone(g["zone"], "\(p).zone"), let d = date(g["from"], "\(p).from"),
                      let n = reader.number(g["visitors"], "\(p).visitors", .nonNegative, uncertain: { c, x in c.demand.visitorCalendar[index].visitors = x })
                else { continue }
                demand.visitorCalendar.append(VisitorCalendarEntry(zone: z, from: d, visitors: n))
            }
            let base = demand.visitorCalendar.map(\.visitors)
            let scale = reader.number(v["scale"], "demand.visitors.scale", NumberRule(minimum: 0, maximum: 1000), default: 1) { c, x in
                for i in base.indices where i < c.demand.visitorCalendar.count { c.demand.visitorCalendar[i].visitors = base[i] * x }
            } ?? 1
            for i in demand.visitorCalendar.indices { demand.visitorCalendar[i].visitors *= scale }
        }
        if let node = f["scale"] {
            demand.scale = reader.number(node, "demand.scale", NumberRule(minimum: 0, maximum: 100), uncertain: { c, x in c.demand.scale = x }) ?? 1
        }
        if let traceNode = f["trace"], let relative = reader.string(traceNode, "demand.trace") {
            let file = ScenarioLoader.resolve(relative, against: path)
            do throws(ScenarioErrors) {
                demand.source = .trace(try TraceFile.read(path: file, zones: zoneIndex, start: start))
            } catch {
                reader.issues.append(contentsOf: error.issues)
            }
        }
        return demand
    }

    mutating func readCategories(_ node: ScenarioNode?) -> [CategoryProfile]? {
        guard let node, let f = reader.fields(node, "categories", pattern: "categories", required: ["c1", "c2", "c3", "c4"]) else { return nil }
        var profiles: [CategoryProfile] = []
        for c in 1...4 {
            let p = "categories.c\(c)"
            guard let item = f["c\(c)"], let g = reader.fields(item, p, pattern: p, required: ["share", "dispositions"]) else { continue }
            let index = c - 1
            let share = reader.number(g["share"], "\(p).share", .probability) ?? 0
            var shares = DispositionShares(hearAndTreat: 0, seeAndTreat: 0, conveyedToED: 0, conveyedElsewhere: 0)
            if let dNode = g["dispositions"], let d = reader.fields(dNode, "\(p).dispositions", pattern: "\(p).dispositions") {
                shares.hearAndTreat = reader.number(d["hear_and_treat"], "\(p).dispositions.hear_and_treat", .probability, default: 0) ?? 0
                shares.seeAndTreat = reader.number(d["see_and_treat"], "\(p).dispositions.see_and_treat", .probability, default: 0) ?? 0
                shares.conveyedToED = reader.number(d["conveyed_ed"], "\(p).dispositions.conveyed_ed", .probability, default: 0) ?? 0
                shares.conveyedElsewhere = reader.number(d["conveyed_elsewhere"], "\(p).dispositions.conveyed_elsewhere", .probability, default: 0) ?? 0
            }
            let slot = DistributionSlot(get: { $0.categories[index].dispatchDelayMinutes }, set: { $0.categories[index].dispatchDelayMinutes = $1 })
            let delay = reader.distribution(g["dispatch_delay_minutes"], "\(p).dispatch_delay_minutes", slot: slot) ?? .fixed(0)
            let factor = reader.number(g["travel_time_factor"], "\(p).travel_time_factor", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 10),
                                       default: 1) { c, v in c.categories[index].travelTimeFactor = v } ?? 1
            let second = reader.number(g["second_vehicle_probability"], "\(p).second_vehicle_probability", .probability, default: 0) { c, v in
                c.categories[index].secondVehicleProbability = v
            } ?? 0
            var profile = CategoryProfile(share: share, dispositions: shares, dispatchDelayMinutes: delay, travelTimeFactor: factor,
                                          secondVehicleProbability: second)
            profile.carsMayRespond = reader.bool(g["cars_respond"], "\(p).cars_respond") ?? true
            profile.ambulanceWithCar = reader.bool(g["ambulance_with_car"], "\(p).ambulance_with_car") ?? false
            profiles.append(profile)
        }
        return profiles.count == 4 ? profiles : nil
    }

    mutating func readTravel(_ node: ScenarioNode?, zones: Int) -> Travel? {
        guard let node, let f = reader.fields(node, "travel", pattern: "travel", required: ["minutes"]) else { return nil }
        var matrix: [[Double]] = []
        if let rows = reader.list(f["minutes"], "travel.minutes") {
            if rows.count != zones, let m = f["minutes"] {
                reader.fail(m, "travel.minutes", "must be a square matrix with one row per zone (\(zones) zones, got \(rows.count) rows)")
            }
            for (i, row) in rows.enumerated() {
                guard let cells = reader.list(row, "travel.minutes[\(i)]") else { continue }
                if cells.count != zones { reader.fail(row, "travel.minutes[\(i)]", "must have one value per zone (\(zones), got \(cells.count))") }
                matrix.append(cells.enumerated().map { j, cell in
                    reader.number(cell, "travel.minutes[\(i)][\(j)]", .minutes) { c, v in c.travel.expectedMinutes[i][j] = v } ?? 0
                })
            }
        }
        let variation = reader.distribution(f["variation"], "travel.variation", durations: false,
                                            slot: DistributionSlot(get: { $0.travel.variation }, set: { $0.travel.variation = $1 })) ?? .fixed(1)
        let mobilise = reader.distribution(f["mobilise_minutes"], "travel.mobilise_minutes",
                                           slot: DistributionSlot(get: { $0.travel.mobiliseMinutes }, set: { $0.travel.mobiliseMinutes = $1 })) ?? .fixed(1)
        let conveyance = reader.number(f["conveyance_factor"], "travel.conveyance_factor", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 10),
                                       default: 1) { c, v in c.travel.conveyanceFactor = v } ?? 1
        return Travel(expectedMinutes: matrix, variation: variation, mobiliseMinutes: mobilise, conveyanceFactor: conveyance)
    }

    mutating func readStations(_ node: ScenarioNode?) -> [Station] {
        var stations: [Station] = []
        for (i, item) in (reader.list(node, "stations") ?? []).enumerated() {
            let p = "stations[\(i)]"
            guard let f = reader.fields(item, p, pattern: "stations[]", required: ["zone", "roster"]) else { continue }
            let z = zone(f["zone"], "\(p).zone") ?? 0
            var roster: [Shift] = []
            for (j, shiftNode) in (reader.list(f["roster"], "\(p).roster") ?? []).enumerated() {
                let q = "\(p).roster[\(j)]"
                guard let g = reader.fields(shiftNode, q, pattern: "stations[].roster[]", required: ["start_hour", "length_hours", "vehicles"]) else { continue }
                let startHour = reader.number(g["start_hour"], "\(q).start_hour", NumberRule(minimum: 0, maximum: 23.99)) ?? 0
                let length = reader.number(g["length_hours"], "\(q).length_hours", NumberRule(minimum: 0, minimumIsStrict: true, maximum: 24)) ?? 12
                let vehicles = reader.number(g["vehicles"], "\(q).vehicles", .count(atLeast: 0, atMost: 10_000)) ?? 0
                var type = VehicleType.ambulance
                if let t = g["type"], let name = reader.string(t, "\(q).type") {
                    switch name {
                    case "ambulance": type = .ambulance
                    case "car": type = .car
                    default: reader.fail(t, "\(q).type", "must be ambulance or car (got \(name))")
                    }
                }
                roster.append(Shift(startHour: startHour, lengthHours: length, vehicles: Int(vehicles), vehicleType: type))
            }
            stations.append(Station(name: reader.string(f["name"], "\(p).name") ?? "station \(i)", zone: z, roster: roster))
        }
        return stations
    }

    mutating func readHospitals(_ node: ScenarioNode?) -> [Hospital] {
        var hospitals: [Hospital] = []
        for (i, item) in (reader.list(node, "hospitals") ?? []).enumerated() {
            let p = "hospitals[\(i)]"
            guard let f = reader.fields(item, p, pattern: "hospitals[]", required: ["name", "zone", "offload_capacity", "handover_minutes"]) else { continue }
            let name = reader.string(f["name"], "\(p).name") ?? "hospital \(i)"
            if hospitalIndex[name] != nil, let n = f["name"] { reader.fail(n, "\(p).name", "hospital \(name) is defined twice") }
            hospitalIndex[name] = i
            let z = zone(f["zone"], "\(p).zone") ?? 0
            var capacity = Array(repeating: 1, count: 24)
            if let c = f["offload_capacity"] {
                if case .scalar = c {
                    capacity = Array(repeating: Int(reader.plainNumber(c, "\(p).offload_capacity", .count(atLeast: 1, atMost: 10_000)) ?? 1), count: 24)
                } else if let items = reader.list(c, "\(p).offload_capacity") {
                    if items.count != 24 { reader.fail(c, "\(p).offload_capacity", "needs one value or 24 hourly values (got \(items.count))") }
                    capacity = items.enumerated().map { Int(reader.plainNumber($1, "\(p).offload_capacity[\($0)]", .count(atLeast: 1, atMost: 10_000)) ?? 1) }
                }
            }
            let handover = reader.distribution(f["handover_minutes"], "\(p).handover_minutes",
                                               slot: DistributionSlot(get: { $0.hospitals[i].handoverMinutes }, set: { $0.hospitals[i].handoverMinutes = $1 }))
                ?? .fixed(0)
            var ed: EmergencyDepartment? = nil
            if let edNode = f["ed"], let g = reader.fields(edNode, "\(p).ed", pattern: "hospitals[].ed", required: ["bays", "walk_ins_per_hour", "stay_minutes"]) {
                let bays = Int(reader.number(g["bays"], "\(p).ed.bays", .count(atLeast: 1)) ?? 1)
                var walkIns = Array(repeating: 0.0, count: 24)
                if let w = g["walk_ins_per_hour"] {
                    if case .scalar = w { walkIns = Array(repeating: reader.plainNumber(w, "\(p).ed.walk_ins_per_hour", .nonNegative) ?? 0, count: 24) }
                    else if let items = reader.list(w, "\(p).ed.walk_ins_per_hour") {
                        if items.count != 24 { reader.fail(w, "\(p).ed.walk_ins_per_hour", "needs one value or 24 hourly values (got \(items.count))") }
                        walkIns = items.enumerated().map { reader.plainNumber($1, "\(p).ed.walk_ins_per_hour[\($0)]", .nonNegative) ?? 0 }
                    }
                }
                let stay = reader.distribution(g["stay_minutes"], "\(p).ed.stay_minutes",
                                               slot: DistributionSlot(get: { $0.hospitals[i].emergencyDepartment!.stayMinutes },
                                                                      set: { $0.hospitals[i].emergencyDepartment!.stayMinutes = $1 })) ?? .fixed(240)
                ed = EmergencyDepartment(bays: bays, walkInsPerHour: walkIns, stayMinutes: stay)
            }
            hospitals.append(Hospital(name: name, zone: z, offloadCapacityByHour: capacity, handoverMinutes: handover, emergencyDepartment: ed))
        }
        return hospitals
    }

    mutating func readHospitalChoice(_ node: ScenarioNode?, zones: [String], hospitals: [String]) -> HospitalChoice {
        guard let node else { return .nearest }
        if case .scalar(let s, _, _) = node {
            if s == "nearest" { return .nearest }
            reader.fail(node, "hospital_choice", "must be 'nearest' or {shares: {zone: {hospital: share}}} (got \(s))")
            return .nearest
        }
        guard let f = reader.fields(node, "hospital_choice", pattern: "hospital_choice", required: ["shares"]),
              case .mapping(let rows, _)? = f["shares"] else {
            if let f = reader.fields(node, "hospital_choice", pattern: "hospital_choice"), let s = f["shares"] {
                reader.fail(s, "hospital_choice.shares", "must map each zone to {hospital: share}")
            }
            return .nearest
        }
        var matrix = Array(repeating: Array(repeating: 0.0, count: hospitals.count), count: zones.count)
        var seen = Set<String>()
        for row in rows {
            let p = "hospital_choice.shares.\(row.key)"
            guard let z = zoneIndex[row.key] else {
                reader.issues.append(ScenarioIssue(row.keyLocation, p, "unknown zone '\(row.key)'"))
                continue
            }
            seen.insert(row.key)
            guard case .mapping(let cells, _) = row.value else { reader.fail(row.value, p, "must map hospital names to shares"); continue }
            for cell in cells {
                guard let h = hospitalIndex[cell.key] else {
                    let hint = ScenarioSchema.suggestion(for: cell.key, among: hospitals).map { "; did you mean '\($0)'?" } ?? ""
                    reader.issues.append(ScenarioIssue(cell.keyLocation, "\(p).\(cell.key)", "unknown hospital\(hint)"))
                    continue
                }
                matrix[z][h] = reader.plainNumber(cell.value, "\(p).\(cell.key)", .probability) ?? 0
            }
        }
        for zone in zones where !seen.contains(zone) { reader.fail(node, "hospital_choice.shares", "has no shares for zone '\(zone)'") }
        return .shares(matrix)
    }

    mutating func readJobCycle(_ node: ScenarioNode?) -> JobCycle? {
        guard let node, let f = reader.fields(node, "job_cycle", pattern: "job_cycle",
                                              required: ["on_scene_conveyed_minutes", "on_scene_see_and_treat_minutes", "clear_minutes"]) else { return nil }
        func slot(_ k: WritableKeyPath<JobCycle, Distribution> & Sendable) -> DistributionSlot {
            DistributionSlot(get: { $0.jobCycle[keyPath: k] }, set: { $0.jobCycle[keyPath: k] = $1 })
        }
        let conveyed = reader.distribution(f["on_scene_conveyed_minutes"], "job_cycle.on_scene_conveyed_minutes", slot: slot(\.onSceneConveyedMinutes)) ?? .fixed(0)
        let seeTreat = reader.distribution(f["on_scene_see_and_treat_minutes"], "job_cycle.on_scene_see_and_treat_minutes",
                                           slot: slot(\.onSceneSeeAndTreatMinutes)) ?? .fixed(0)
        let elsewhere = reader.distribution(f["conveyed_elsewhere_minutes"], "job_cycle.conveyed_elsewhere_minutes",
                                            slot: slot(\.conveyedElsewhereMinutes)) ?? conveyed
        let clear = reader.distribution(f["clear_minutes"], "job_cycle.clear_minutes", slot: slot(\.clearMinutes)) ?? .fixed(0)
        let second = reader.distribution(f["second_vehicle_on_scene_minutes"], "job_cycle.second_vehicle_on_scene_minutes",
                                         slot: slot(\.secondVehicleOnSceneMinutes))
        return JobCycle(onSceneConveyedMinutes: conveyed, onSceneSeeAndTreatMinutes: seeTreat, conveyedElsewhereMinutes: elsewhere,
                        clearMinutes: clear, secondVehicleOnSceneMinutes: second)
    }

    mutating func readMode(_ node: ScenarioNode?, _ path: String) -> RecordMode? {
        guard let node, let s = reader.string(node, path) else { return nil }
        if let m = RecordMode.allCases.first(where: { $0.description == s }) { return m }
        reader.fail(node, path, "must be electronic, offline or paper (got \(s))")
        return nil
    }

    mutating func readRecordModes(_ node: ScenarioNode?) -> [RecordModeEffects] {
        var effects = Array(repeating: RecordModeEffects(), count: 3)
        guard let node, let f = reader.fields(node, "record_modes", pattern: "record_modes") else { return effects }
        for mode in RecordMode.allCases {
            let p = "record_modes.\(mode)"
            guard let item = f[mode.description], let g = reader.fields(item, p, pattern: p) else { continue }
            let m = mode.rawValue
            let extra = NumberRule(minimum: -1440, maximum: 1440, duration: true)
            var e = RecordModeEffects()
            e.onSceneExtraMinutes = reader.number(g["on_scene_extra_minutes"], "\(p).on_scene_extra_minutes", extra, default: 0) { c, v in
                c.recordModeEffects[m].onSceneExtraMinutes = v } ?? 0
            e.handoverExtraMinutes = reader.number(g["handover_extra_minutes"], "\(p).handover_extra_minutes", extra, default: 0) { c, v in
                c.recordModeEffects[m].handoverExtraMinutes = v } ?? 0
            e.clearExtraMinutes = reader.number(g["clear_extra_minutes"], "\(p).clear_extra_minutes", extra, default: 0) { c, v in
                c.recordModeEffects[m].clearExtraMinutes = v } ?? 0
            e.conveyanceShiftToED = reader.number(g["conveyance_shift_to_ed"], "\(p).conveyance_shift_to_ed", NumberRule(minimum: -1, maximum: 1),
                                                  default: 0) { c, v in c.recordModeEffects[m].conveyanceShiftToED = v } ?? 0
            e.recordDefectRate = reader.number(g["record_defect_rate"], "\(p).record_defect_rate", .probability, default: 0) { c, v in
                c.recordModeEffects[m].recordDefectRate = v } ?? 0
            e.needsBackEntry = reader.bool(g["needs_back_entry"], "\(p).needs_back_entry") ?? false
            effects[m] = e
        }
        return effects
    }

    mutating func readBackEntry(_ node: ScenarioNode?) -> BackEntry {
        var entry = BackEntry()
        guard let node, let f = reader.fields(node, "back_entry", pattern: "back_entry") else { return entry }
        entry.minutesPerRecord = reader.number(f["minutes_per_record"], "back_entry.minutes_per_record", .minutes, default: 5) { c, v in
            c.backEntry.minutesPerRecord = v } ?? 5
        let kind = reader.string(f["workforce"], "back_entry.workforce") ?? "back_office"
        switch kind {
        case "crews":
            let k = reader.number(f["records_per_job"], "back_entry.records_per_job", .count(atLeast: 1, atMost: 100), default: 1) ?? 1
            entry.workforce = .crews(recordsPerJob: Int(k))
        case "back_office":
            let staff = reader.number(f["staff"], "back_entry.staff", .count(atLeast: 1, atMost: 10_000), default: 4) ?? 4
            var hours = (9.0, 17.0)
            if let h = f["hours"], let items = reader.list(h, "back_entry.hours") {
                if items.count == 2, let a = reader.plainNumber(items[0], "back_entry.hours[0]", NumberRule(minimum: 0, maximum: 24)),
                   let b = reader.plainNumber(items[1], "back_entry.hours[1]", NumberRule(minimum: 0, maximum: 24)) {
                    hours = (a, b)
                    if a >= b { reader.fail(h, "back_entry.hours", "start must be before end (got \(NumberRule.show(a))-\(NumberRule.show(b)))") }
                } else if items.count != 2 {
                    reader.fail(h, "back_entry.hours", "must be [start_hour, end_hour]")
                }
            }
            entry.workforce = .backOffice(staff: Int(staff), startHour: hours.0, endHour: hours.1)
        default:
            if let w = f["workforce"] { reader.fail(w, "back_entry.workforce", "must be crews or back_office (got \(kind))") }
        }
        return entry
    }

    mutating func readExpectations(_ node: ScenarioNode?) -> [Expectation] {
        guard let node else { return [] }
        guard case .mapping(let entries, _) = node else { reader.fail(node, "expect", "must map KPI names to [min, max]"); return [] }
        var out: [Expectation] = []
        for entry in entries {
            let p = "expect.\(entry.key)"
            guard ReplicationOutcome.kpiNames.contains(entry.key) else {
                let hint = ScenarioSchema.suggestion(for: entry.key, among: ReplicationOutcome.kpiNames).map { "; did you mean '\($0)'?" } ?? ""
                reader.issues.append(ScenarioIssue(entry.keyLocation, p, "unknown KPI\(hint)"))
                continue
            }
            guard let items = reader.list(entry.value, p), items.count == 2,
                  let lo = reader.plainNumber(items[0], "\(p)[0]", .any), let hi = reader.plainNumber(items[1], "\(p)[1]", .any) else {
                if case .sequence(let items, _) = entry.value, items.count != 2 { reader.fail(entry.value, p, "must be [min, max]") }
                continue
            }
            if lo > hi { reader.fail(entry.value, p, "min must be <= max (got [\(NumberRule.show(lo)), \(NumberRule.show(hi))])"); continue }
            out.append(Expectation(kpi: entry.key, minimum: lo, maximum: hi, location: entry.keyLocation))
        }
        return out
    }

    mutating func readBacktest(_ node: ScenarioNode?) -> BacktestSettings? {
        var settings = BacktestSettings()
        guard let node else { return settings }
        guard let f = reader.fields(node, "backtest", pattern: "backtest") else { return nil }
        if let r = f["run_out"] {
            settings.runOutMinutes = reader.number(r, "backtest.run_out", NumberRule(minimum: 0, maximum: 60 * 1440, duration: true)) ?? 0
        }
        if let t = f["tolerance"] {
            guard case .mapping(let entries, _) = t else { reader.fail(t, "backtest.tolerance", "must map KPI names to tolerances"); return nil }
            let known = ReplicationOutcome.allKPINames
            for entry in entries {
                let p = "backtest.tolerance.\(entry.key)"
                guard known.contains(entry.key) else {
                    let hint = ScenarioSchema.suggestion(for: entry.key, among: known).map { "; did you mean '\($0)'?" } ?? ""
                    reader.issues.append(ScenarioIssue(entry.keyLocation, p, "unknown KPI\(hint)"))
                    continue
                }
                if let v = reader.plainNumber(entry.value, p, NumberRule(minimum: 0, minimumIsStrict: true, maximum: 10)) { settings.tolerances[entry.key] = v }
            }
        }
        return settings
    }
}
