import Stochastics

extension ServiceConfiguration {
    /// Every rule the configuration breaks, in a stable order; empty when it is valid.
    /// The model assumes a valid configuration.
    public func problems() -> [ConfigurationProblem] {
        var out: [ConfigurationProblem] = []
        func check(_ ok: Bool, _ path: String, _ message: @autoclosure () -> String) {
            if !ok { out.append(ConfigurationProblem(path: path, message: message())) }
        }
        func checkDistribution(_ d: Distribution, _ path: String, nonNegative: Bool = true) {
            do { try d.validated() } catch { out.append(ConfigurationProblem(path: path, message: error.message)); return }
            if nonNegative {
                switch d {
                case .fixed(let v): check(v >= 0, path, "must be >= 0 (got \(v))")
                case .uniform(let a, _): check(a >= 0, path, "must not go below 0 (min \(a))")
                case .triangular(let a, _, _): check(a >= 0, path, "must not go below 0 (min \(a))")
                case .empirical(let e): check(e.values.allSatisfy { $0 >= 0 }, path, "values must be >= 0")
                default: break
                }
            }
        }
        func checkFactors(_ f: [Double], count: Int, _ path: String) {
            check(f.count == count, path, "needs \(count) values (got \(f.count))")
            check(f.allSatisfy { $0.isFinite && $0 >= 0 }, path, "values must be finite and >= 0")
            if f.count == count, f.allSatisfy(\.isFinite) {
                let mean = f.reduce(0, +) / Double(count)
                check(abs(mean - 1) <= 0.005, path, "values must average 1 (got \(mean)); they shape demand, the rates set its level")
            }
        }
        check(horizonMinutes.isFinite && horizonMinutes > 0, "horizon", "must be > 0 (got \(horizonMinutes))")
        check(warmUpMinutes.isFinite && warmUpMinutes >= 0 && warmUpMinutes < horizonMinutes, "warm_up",
              "must be >= 0 and shorter than the horizon (got \(warmUpMinutes) of \(horizonMinutes) minutes)")
        check(runOutMinutes.isFinite && runOutMinutes >= 0 && warmUpMinutes + runOutMinutes < horizonMinutes, "run_out",
              "must be >= 0 and leave a counted period between warm-up and run-out (got \(runOutMinutes) of \(horizonMinutes) minutes, warm-up \(warmUpMinutes))")
        check(fleetScale.isFinite && fleetScale >= 0 && fleetScale <= 100, "fleet_scale", "must be between 0 and 100 (got \(fleetScale))")
        check(hospitalCapacityScale.isFinite && hospitalCapacityScale > 0 && hospitalCapacityScale <= 100, "hospital_capacity_scale",
              "must be > 0 and <= 100 (got \(hospitalCapacityScale))")
        let rosteredVehicles = stations.reduce(0) { $0 + $1.roster.reduce(0) { $0 + $1.vehicles } }
        check(Double(rosteredVehicles) * fleetScale <= 100_000, "fleet_scale",
              "scales the \(rosteredVehicles) rostered vehicles past 100000 (got \(fleetScale))")
        if let review = clinicalReview {
            let p = "stack.clinical_review"
            check(review.cliniciansByHour.count == 24 && review.cliniciansByHour.allSatisfy { (0...10_000).contains($0) }, "\(p).clinicians",
                  "needs 24 hourly values in 0...10000")
            check(review.cliniciansByHour.contains { $0 > 0 }, "\(p).clinicians", "no clinician is ever on duty: the review would never run")
            check(review.reviewAgainAfterMinutes.isFinite && review.reviewAgainAfterMinutes > 0, "\(p).review_again_after_minutes",
                  "must be > 0 (got \(review.reviewAgainAfterMinutes))")
            checkDistribution(review.reviewMinutes, "\(p).review_minutes")
            check(review.firstReviewAfterMinutes.count == 4 && review.closeProbability.count == 4, p, "needs one entry per category")
            for (i, after) in review.firstReviewAfterMinutes.enumerated() {
                if let after { check(after.isFinite && after >= 0, "\(p).c\(i + 1).first_review_after_minutes", "must be >= 0 (got \(after))") }
            }
            for (i, q) in review.closeProbability.enumerated() {
                check(q.isFinite && q >= 0 && q <= 1, "\(p).c\(i + 1).close_probability", "must be in 0...1 (got \(q))")
            }
            for (i, change) in review.recategorise.enumerated() {
                guard let change else { continue }
                check(change.probability.isFinite && change.probability >= 0 && change.probability <= 1, "\(p).c\(i + 1).recategorise.probability",
                      "must be in 0...1 (got \(change.probability))")
                check(change.to.rawValue != i + 1, "\(p).c\(i + 1).recategorise.to", "must be another category")
            }
        }
        if let surge {
            for (i, level) in surge.levels.enumerated() {
                let p = "surge.levels[\(i)]"
                check(level.standDownBelow <= level.stackAtLeast, "\(p).stand_down_below",
                      "must be <= stack_at_least (got \(level.standDownBelow) > \(level.stackAtLeast))")
                check(level.extraVehicles >= 0 && level.extraClinicians >= 0, p, "extra crews and clinicians must be >= 0")
                if i > 0 {
                    let below = surge.levels[i - 1]
                    check(level.stackAtLeast > below.stackAtLeast, "\(p).stack_at_least", "levels must have rising thresholds (got \(level.stackAtLeast) after \(below.stackAtLeast))")
                    check(level.extraVehicles >= below.extraVehicles && level.extraClinicians >= below.extraClinicians, p,
                          "a higher level has at least the extra crews and clinicians of the level below (they are totals, not increments)")
                }
            }
            check(!stations.isEmpty || surge.poolSize == 0, "surge", "needs a station for its crews")
        }
        // Each shift of n crews keeps round(n x fleet_scale) vehicles, and of those
        // round(that x share) work on a date with availability below 1.
        let shifts = stations.flatMap { $0.roster.map { Int((Double($0.vehicles) * fleetScale).rounded()) } }
        let scaledVehicles = shifts.reduce(0, +)
        check(!(rosteredVehicles > 0 && fleetScale > 0 && scaledVehicles == 0), "fleet_scale",
              "rounds every shift to no vehicle (each of the \(rosteredVehicles) rostered vehicles' shifts x \(fleetScale) rounds to 0): no call could be answered; a scale of at least \((0.5 / Double(stations.flatMap(\.roster).map(\.vehicles).max() ?? 1) * 1000).rounded(.up) / 1000) keeps the largest shift")
        for (i, period) in fleetAvailability.enumerated() {
            check(period.share.isFinite && period.share >= 0 && period.share <= 1, "fleet_availability[\(i)].share",
                  "must be between 0 and 1 (got \(period.share)): it is the share of rostered crews that work; extra crews for a period are added with resources: (kind: crews), or for the whole run by the rosters or fleet_scale")
            let working = shifts.reduce(0) { $0 + Int((Double($1) * period.share).rounded()) }
            check(!(scaledVehicles > 0 && period.share.isFinite && period.share <= 1 && working == 0), "fleet_availability[\(i)].share",
                  "leaves no crew on any shift from \(period.from) (each shift of n keeps round(n x \(period.share)) = 0): no call could be answered then")
            if i > 0 { check(fleetAvailability[i - 1].from < period.from, "fleet_availability[\(i)].from", "entries must be in date order") }
        }
        for (i, r) in resources.enumerated() {
            let p = "resources[\(i)]"
            check(r.startMinutes.isFinite && r.durationMinutes.isFinite && r.durationMinutes > 0, "\(p).for", "must be a duration > 0 (got \(r.durationMinutes) min)")
            switch r.kind {
            case .crews:
                // 0 is allowed: a period that adds nothing (the bottom of a `target` lever's range).
                check(abs(r.vehicles) <= 10_000, "\(p).vehicles", "must be a whole number of crews a station (negative: fewer) from -10000 to 10000 (got \(r.vehicles))")
                check(r.shiftStartHour >= 0 && r.shiftStartHour < 24, "\(p).shift.start_hour", "must be in [0, 24) (got \(r.shiftStartHour))")
                check(r.shiftLengthHours > 0 && r.shiftLengthHours <= 24, "\(p).shift.length_hours", "must be in (0, 24] (got \(r.shiftLengthHours))")
                check(r.stations.allSatisfy { stations.indices.contains($0) }, "\(p).stations", "names a station the scenario does not have")
                if r.vehicles < 0 {
                    // Fewer crews come out of a rostered shift of the same hours and type, and
                    // there must be as many crews on it as are withdrawn (after fleet_scale).
                    for s in r.stations(of: stations.count) where stations.indices.contains(s) {
                        let rostered = stations[s].roster.filter { r.withdraws(from: $0, atStation: s) }
                            .map { Int((Double($0.vehicles) * fleetScale).rounded()) }.max() ?? 0
                        check(rostered >= -r.vehicles, "\(p).vehicles",
                              "withdraws \(-r.vehicles) crews a station, but station \(stations[s].name) rosters \(rostered) on a \(r.shiftLengthHours) h shift from \(r.shiftStartHour):00 of that type: fewer crews come out of a rostered shift of the same hours (name the stations that have it)")
                    }
                }
            case .spaces:
                check(r.spaces >= 1 && r.spaces <= 10_000, "\(p).spaces", "must be 1 to 10000 spaces (got \(r.spaces))")
                check(r.hospitals.allSatisfy { hospitals.indices.contains($0) }, "\(p).hospitals", "names a hospital the scenario does not have")
            case .clinicians:
                check(r.clinicians >= 1 && r.clinicians <= 10_000, "\(p).clinicians", "must be 1 to 10000 clinicians (got \(r.clinicians))")
                check(clinicalReview != nil, "\(p).clinicians", "adds clinicians to the stack's clinical review, which is off: add stack.clinical_review")
            }
        }
        if let moveUp {
            check(moveUp.coverMinutes.isFinite && moveUp.coverMinutes > 0, "move_up.cover_minutes", "must be > 0 minutes (got \(moveUp.coverMinutes))")
            check(moveUp.maxMoveMinutes.isFinite && moveUp.maxMoveMinutes > 0, "move_up.max_move_minutes", "must be > 0 minutes (got \(moveUp.maxMoveMinutes))")
        }
        if let retasking {
            check(!retasking.fromCategories.contains(.c1), "retasking.from", "a C1 takes vehicles from lower categories only")
        }
        if let cohort = hospitalAcceptance.cohort {
            check((1...10_000).contains(cohort.openAtQueue), "hospital_acceptance.cohort.open_at_queue", "must be in 1...10000 (got \(cohort.openAtQueue))")
            check((1...10_000).contains(cohort.spaces), "hospital_acceptance.cohort.spaces", "must be in 1...10000 (got \(cohort.spaces))")
        }
        if let abandonment {
            check(abandonment.patienceMinutes.count == 4, "stack.abandonment", "needs one entry per category")
            for (i, d) in abandonment.patienceMinutes.enumerated() {
                if let d { checkDistribution(d, "stack.abandonment.c\(i + 1).patience_minutes") }
            }
        }
        if let dispatchPriority {
            for c in 2...4 {
                let w = dispatchPriority.weights[c - 1]
                check(w.isFinite && w > 0 && w <= 1_000, "stack.dispatch_priority.c\(c)", "must be a weight in (0, 1000] (got \(w))")
            }
        }
        check(horizonMinutes - warmUpMinutes - runOutMinutes >= 60 || !(horizonMinutes.isFinite && warmUpMinutes.isFinite && runOutMinutes.isFinite),
              "horizon", "leaves less than an hour to count between warm-up and run-out (got \(horizonMinutes) minutes): nothing meaningful would be measured")
        check(rosteredVehicles > 0 && fleetScale > 0 || (surge?.poolSize ?? 0) > 0, "stations",
              "no vehicle is ever on duty (every roster is empty or fleet_scale is 0): no call could be answered")
        // Names are written into CSV files that spreadsheets open: a cell beginning = + - @
        // (or a tab or carriage return) is run as a formula there (OWASP: CSV injection).
        for (section, names) in [("zones", zones.map(\.name)), ("stations", stations.map(\.name)), ("hospitals", hospitals.map(\.name))] {
            for (i, name) in names.enumerated() {
                check(!name.isEmpty && !"=+-@".contains(name.first!), "\(section)[\(i)].name",
                      "must not be empty or begin with = + - or @ (got \(name.debugDescription)): a spreadsheet opening the results would run it as a formula")
                check(!name.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(section)[\(i)].name",
                      "must not hold a control character such as a tab or line break (got \(name.debugDescription))")
            }
        }
        check(!zones.isEmpty, "zones", "needs at least one zone")
        check(zones.count <= 120, "zones", "at most 120 zones (got \(zones.count))")
        for (i, z) in zones.enumerated() {
            check(z.residents.isFinite && z.residents >= 0, "zones[\(i)].residents", "must be >= 0 (got \(z.residents))")
            check(z.callsPerResidentPerDay.isFinite && z.callsPerResidentPerDay >= 0, "zones[\(i)].calls_per_resident_per_day",
                  "must be >= 0 (got \(z.callsPerResidentPerDay))")
        }
        let zoneRange = 0..<zones.count
        checkFactors(demand.hourOfDayFactors, count: 24, "demand.hour_of_day")
        checkFactors(demand.dayOfWeekFactors, count: 7, "demand.day_of_week")
        checkFactors(demand.monthOfYearFactors, count: 12, "demand.month_of_year")
        checkFactors(demand.visitorHourOfDayFactors, count: 24, "demand.visitors.hour_of_day")
        check(demand.callsPerVisitorDay.isFinite && demand.callsPerVisitorDay >= 0, "demand.visitors.calls_per_visitor_day",
              "must be >= 0 (got \(demand.callsPerVisitorDay))")
        for (i, f) in demand.dateFactors.enumerated() {
            check(f.factor.isFinite && f.factor >= 0, "demand.date_factors[\(i)].factor", "must be >= 0 (got \(f.factor))")
        }
        for (i, v) in demand.visitorCalendar.enumerated() {
            check(zoneRange.contains(v.zone), "demand.visitors.calendar[\(i)].zone", "refers to an unknown zone")
            check(v.visitors.isFinite && v.visitors >= 0, "demand.visitors.calendar[\(i)].visitors", "must be >= 0 (got \(v.visitors))")
        }
        if case .trace(let incidents) = demand.source {
            var last = -Double.infinity
            let before = out.count
            var more = 0
            for (i, incident) in incidents.enumerated() {
                // At most 50 trace problems are listed; the rest are counted.
                if out.count - before >= 50 {
                    if !zoneRange.contains(incident.zone) || !(incident.timeMinutes >= 0 && incident.timeMinutes < horizonMinutes)
                        || incident.timeMinutes < last { more += 1 }
                    last = incident.timeMinutes
                    continue
                }
                check(zoneRange.contains(incident.zone), "demand.trace[\(i)].zone", "refers to an unknown zone")
                check(incident.timeMinutes.isFinite && incident.timeMinutes >= 0 && incident.timeMinutes < horizonMinutes,
                      "demand.trace[\(i)].time", "must lie within the horizon (got \(incident.timeMinutes) minutes)")
                check(incident.timeMinutes >= last, "demand.trace[\(i)].time", "incidents must be in time order")
                last = incident.timeMinutes
            }
            check(more == 0, "demand.trace", "\(more) more incidents break the rules above (only the first 50 problems are listed)")
        }
        check(categories.count == 4, "categories", "needs C1, C2, C3 and C4 (got \(categories.count))")
        if categories.count == 4 {
            let total = categories.reduce(0) { $0 + $1.share }
            check(abs(total - 1) < 1e-6, "categories", "shares must sum to 1 (got \(total))")
            for (i, c) in categories.enumerated() {
                let p = "categories.c\(i + 1)"
                check(c.share >= 0 && c.share <= 1, "\(p).share", "must be in [0, 1] (got \(c.share))")
                let d = c.dispositions
                for (name, v) in [("hear_and_treat", d.hearAndTreat), ("see_and_treat", d.seeAndTreat),
                                  ("conveyed_ed", d.conveyedToED), ("conveyed_elsewhere", d.conveyedElsewhere)] {
                    check(v >= 0 && v <= 1, "\(p).dispositions.\(name)", "must be in [0, 1] (got \(v))")
                }
                check(abs(d.total - 1) < 1e-6, "\(p).dispositions", "shares must sum to 1 (got \(d.total))")
                checkDistribution(c.dispatchDelayMinutes, "\(p).dispatch_delay_minutes")
                check(c.travelTimeFactor.isFinite && c.travelTimeFactor > 0, "\(p).travel_time_factor",
                      "must be > 0 (got \(c.travelTimeFactor))")
                check(c.secondVehicleProbability >= 0 && c.secondVehicleProbability <= 1, "\(p).second_vehicle_probability",
                      "must be in [0, 1] (got \(c.secondVehicleProbability))")
            }
        }
        let n = zones.count
        check(travel.expectedMinutes.count == n && travel.expectedMinutes.allSatisfy { $0.count == n }, "travel.minutes",
              "must be a square matrix of \(n) x \(n) zones")
        check(travel.expectedMinutes.allSatisfy { $0.allSatisfy { $0.isFinite && $0 >= 0 } }, "travel.minutes",
              "values must be finite and >= 0")
        checkDistribution(travel.variation, "travel.variation")
        if (try? travel.variation.validated()) != nil {
            check(abs(travel.variation.mean - 1) < 0.01, "travel.variation", "must have mean 1 (got \(travel.variation.mean))")
        }
        checkDistribution(travel.mobiliseMinutes, "travel.mobilise_minutes")
        check(travel.conveyanceFactor.isFinite && travel.conveyanceFactor > 0, "travel.conveyance_factor",
              "must be > 0 (got \(travel.conveyanceFactor))")
        check(dispatchReachMinutes > 0, "dispatch_reach_minutes", "must be > 0 (got \(dispatchReachMinutes))")
        if travel.expectedMinutes.count == n && travel.expectedMinutes.allSatisfy({ $0.count == n }) {
            for z in zones.indices where !stations.contains(where: { zoneRange.contains($0.zone) && travel.expectedMinutes[$0.zone][z] <= dispatchReachMinutes }) {
                check(false, "dispatch_reach_minutes", "zone \(zones[z].name) has no station within \(dispatchReachMinutes) minutes: its calls would never be served")
            }
        }
        check(!stations.isEmpty, "stations", "needs at least one station")
        for (i, s) in stations.enumerated() {
            check(zoneRange.contains(s.zone), "stations[\(i)].zone", "refers to an unknown zone")
            for (j, shift) in s.roster.enumerated() {
                let p = "stations[\(i)].roster[\(j)]"
                check(shift.startHour >= 0 && shift.startHour < 24, "\(p).start_hour", "must be in [0, 24) (got \(shift.startHour))")
                check(shift.lengthHours > 0 && shift.lengthHours <= 24, "\(p).length_hours", "must be in (0, 24] (got \(shift.lengthHours))")
                check(shift.vehicles >= 0 && shift.vehicles <= 10_000, "\(p).vehicles", "must be in 0...10000 (got \(shift.vehicles))")
            }
        }
        check(!hospitals.isEmpty, "hospitals", "needs at least one hospital")
        for (i, h) in hospitals.enumerated() {
            let p = "hospitals[\(i)]"
            check(zoneRange.contains(h.zone), "\(p).zone", "refers to an unknown zone")
            check(h.offloadCapacityByHour.count == 24, "\(p).offload_capacity", "needs 24 hourly values or one value")
            if let low = h.offloadCapacityByHour.first(where: { $0 < 1 }) {
                check(false, "\(p).offload_capacity", "must be >= 1 (got \(low))")
            } else if let high = h.offloadCapacityByHour.first(where: { $0 > 10_000 }) {
                check(false, "\(p).offload_capacity", "must be <= 10000 (got \(high))")
            }
            checkDistribution(h.handoverMinutes, "\(p).handover_minutes")
            if let ed = h.emergencyDepartment {
                check(ed.bays >= 1, "\(p).ed.bays", "must be >= 1 (got \(ed.bays))")
                check(ed.walkInsPerHour.count == 24 && ed.walkInsPerHour.allSatisfy { $0.isFinite && $0 >= 0 },
                      "\(p).ed.walk_ins_per_hour", "needs 24 values >= 0")
                checkDistribution(ed.stayMinutes, "\(p).ed.stay_minutes")
            }
        }
        if case .shares(let rows) = hospitalChoice {
            check(rows.count == n, "hospital_choice", "needs one row of shares per zone (got \(rows.count) rows for \(n) zones)")
            for (z, row) in rows.enumerated() {
                check(row.count == hospitals.count, "hospital_choice[\(z)]", "needs one share per hospital (got \(row.count))")
                check(row.allSatisfy { $0 >= 0 && $0 <= 1 }, "hospital_choice[\(z)]", "shares must be in [0, 1]")
                let total = row.reduce(0, +)
                check(abs(total - 1) < 1e-6, "hospital_choice[\(z)]", "shares must sum to 1 (got \(total))")
            }
        }
        checkDistribution(jobCycle.onSceneConveyedMinutes, "job_cycle.on_scene_conveyed_minutes")
        checkDistribution(jobCycle.onSceneSeeAndTreatMinutes, "job_cycle.on_scene_see_and_treat_minutes")
        checkDistribution(jobCycle.conveyedElsewhereMinutes, "job_cycle.conveyed_elsewhere_minutes")
        checkDistribution(jobCycle.clearMinutes, "job_cycle.clear_minutes")
        checkDistribution(jobCycle.secondVehicleOnSceneMinutes, "job_cycle.second_vehicle_on_scene_minutes")
        if let r = releaseToRespondMinutes {
            check(r.isFinite && r >= 0, "release_to_respond_minutes", "must be >= 0 (got \(r))")
        }
        check(recordModeEffects.count == RecordMode.allCases.count, "record_modes", "needs electronic, offline and paper")
        for (i, e) in recordModeEffects.enumerated() {
            let p = "record_modes.\(RecordMode(rawValue: i)?.description ?? String(i))"
            for (name, v) in [("on_scene_extra_minutes", e.onSceneExtraMinutes), ("handover_extra_minutes", e.handoverExtraMinutes),
                              ("clear_extra_minutes", e.clearExtraMinutes)] {
                check(v.isFinite && abs(v) <= 1440, "\(p).\(name)", "must be finite and within +-1440 (got \(v))")
            }
            check(e.conveyanceShiftToED >= -1 && e.conveyanceShiftToED <= 1, "\(p).conveyance_shift_to_ed",
                  "must be in [-1, 1] (got \(e.conveyanceShiftToED))")
            check(e.recordDefectRate >= 0 && e.recordDefectRate <= 1, "\(p).record_defect_rate",
                  "must be in [0, 1] (got \(e.recordDefectRate))")
        }
        var last = -Double.infinity
        let times = disruption.absoluteMinutes
        for (i, change) in disruption.enumerated() {
            let p = "disruption[\(change.item ?? i)]"
            if let after = change.afterPreviousMinutes {
                check(i > 0, "\(p).after", "the first record-mode change needs an absolute time (at:)")
                check(after.isFinite && after >= 0, "\(p).after", "must be >= 0 (got \(after))")
            } else {
                check(change.atMinutes.isFinite && (change.atMinutes >= 0 || carriesEarlierDisruptions), "\(p).at", "must be at or after the start")
                check(times[i] >= last, "\(p).at", "mode changes must be in time order")
            }
            last = times[i]
        }
        // The first change must happen during the run; later ones may fall after its end
        // (an outage still going on when the run ends).
        if let first = times.first, first.isFinite, !carriesEarlierDisruptions {
            check(first < horizonMinutes, "disruption[\(disruption[0].item ?? 0)].at",
                  "falls after the end of the run (\(first) minutes from the start, horizon \(horizonMinutes)): the disruption would never happen; move it or lengthen the horizon")
        }
        out += disruptionPeriodProblems()
        out += hospitalPressureProblems()
        out += categoryMixProblems()
        check(backEntry.minutesPerRecord.isFinite && backEntry.minutesPerRecord >= 0, "back_entry.minutes_per_record",
              "must be >= 0 (got \(backEntry.minutesPerRecord))")
        switch backEntry.workforce {
        case .crews(let k):
            check(k >= 1, "back_entry.records_per_job", "must be >= 1 (got \(k))")
        case .backOffice(let staff, let a, let b):
            check(staff >= 1, "back_entry.staff", "must be >= 1 (got \(staff))")
            check(a >= 0 && a < b && b <= 24, "back_entry.hours", "needs 0 <= start < end <= 24 (got \(a)-\(b))")
        }
        for (i, u) in uncertainInputs.enumerated() {
            checkDistribution(u.distribution, "uncertain[\(i)] \(u.name)", nonNegative: false)
        }
        return out
    }
}
