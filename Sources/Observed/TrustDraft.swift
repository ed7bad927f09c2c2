import AmbulanceService
import Foundation
import MonteCarlo
import Reports
import Scenario
import Statistics

/// A complete, commented scenario for one trust, written from its published record
/// (`TrustRecord`) by stated rules: what `ambsim init --org` writes. Every figure is tagged
/// as in the shipped baselines: [D] arithmetic on the AmbSYS rows named at the top, [M] a
/// published study, [E] an assumption.
///
/// Geography: without a hospital list, an aggregate service (one zone, one station, the
/// trust's EDs pooled): the drive to a patient is one lognormal distribution fitted to the
/// published C1 mean and 90th centile after call-to-dispatch and mobilisation, scaled per
/// category by `travel_time_factor`; the arrival-to-handover time is a lognormal fitted to
/// the published A142 mean and A143 90th centile at a pooled offload capacity that does not
/// bind at the record's load (so `hospital_pressure_scale` and `backtest --drive handover`
/// move it both ways). With a hospital list (`TrustHospitals`), one zone per listed zone,
/// drive times from straight-line distance x a road factor, and each hospital's capacity.
public struct TrustDraft: Sendable {
    /// The first line of every file `init` writes: the mark by which it knows a file it may
    /// replace (a file without it is the planner's, and is left alone).
    public static let firstLine = "# Written by ambsim init from NHS England's AmbSYS record; edit freely (init replaces this file only while this line stays first)."

    // Rules, each an assumption [E] unless tagged.
    /// The safety staffing of the square-root rule that sizes the fleet before calibration:
    /// crews on duty = busy crews R + beta x sqrt(R) (Halfin and Whitt 1981, the
    /// quality-and-efficiency-driven regime [M]; beta = 1 [E]). Small services get
    /// proportionally more spare crews than large ones, as queues need.
    static let safetyStaffing = 1.0
    /// C1 call-to-dispatch and mobilisation, minutes (means of the distributions below).
    static let c1DispatchMinutes = 1.0, mobiliseMinutes = 1.0
    /// Mean drive to hospital, minutes (`conveyance_factor` is set to give it).
    static let conveyanceMinutes = 19.0
    /// Share of C4 incidents closed by hear-and-treat (the shipped baselines' value).
    static let c4HearAndTreat = 0.75
    /// Shift pattern: 12-hour shifts from 07:00, 10:00 and 19:00, crews in these shares.
    static let shifts: [(start: Int, share: Double)] = [(7, 0.43), (10, 0.21), (19, 0.36)]
    /// Job-cycle means, minutes, as the shipped baselines (on scene conveyed [M] EMJ 41/10/617).
    static let onSceneConveyed = 37.0, onSceneSeeAndTreat = 55.0, conveyedElsewhere = 50.0, clear = 15.0
    static let secondVehicleProbability = 0.2, secondVehicleMinutes = 30.0

    public let record: TrustRecord
    public let name: String
    public let commandLine: String
    public let hospitals: TrustHospitals?
    /// C1's factor on the fitted drive: 1 as drafted; `fittingC1` solves it by a pilot run.
    public var c1TravelFactor = 1.0
    /// The pilot's C1 mean at `c1TravelFactor` (nil: no pilot was run).
    public var pilotC1Mean: Double?
    /// Each chosen month's hospital pressure and the handover mean the pilot reached at it,
    /// as `fittingPressures` solved them in the model (nil: no pilot; the closed form's
    /// `monthlyPressure` is written; a NaN mean: not solved yet).
    public var pilotPressures: [(factor: Double, achieved: Double)]?

    public init(record: TrustRecord, name: String, commandLine: String, hospitals: TrustHospitals? = nil) {
        self.record = record
        self.name = name
        self.commandLine = commandLine
        self.hospitals = hospitals
    }

    // MARK: - The derived figures

    /// Category shares of incidents and each category's hear-and-treat fraction: responded
    /// shares x (1 - hear-and-treat), and the hear-and-treat incidents in C4 (up to
    /// `c4HearAndTreat` of its calls) and C3 (the rest) [D, E].
    public var categories: (shares: [Double], hearAndTreat: [Double]) {
        Self.mix(responded: record.responded, hearAndTreat: record.hearAndTreat)
    }

    /// Each chosen month's category shares by the same rule at the month's own responded
    /// incidents and hear-and-treat [D]; written as `category_mix`, one step a month, with
    /// the dispositions of the chosen months together (`categories`) [E].
    public var monthlyShares: [[Double]] {
        zip(record.respondedByMonth, record.hearAndTreatByMonth).map { Self.mix(responded: $0.0, hearAndTreat: $0.1).shares }
    }

    /// Category shares of incidents and each category's hear-and-treat fraction from
    /// responded incidents by category and the hear-and-treat share of incidents.
    static func mix(responded: [Double], hearAndTreat h: Double) -> (shares: [Double], hearAndTreat: [Double]) {
        let total = responded.reduce(0, +)
        let r = responded.map { $0 / total }
        var shares = r.map { $0 * (1 - h) }
        var ht = [0.0, 0, 0, 0]
        let c4 = r[3] * (1 - h) / (1 - Self.c4HearAndTreat)
        if Self.c4HearAndTreat * c4 <= h {
            shares[3] = c4
            ht[3] = Self.c4HearAndTreat
            let rest = h - Self.c4HearAndTreat * c4
            shares[2] += rest
            ht[2] = shares[2] > 0 ? rest / shares[2] : 0
        } else {
            shares[3] += h
            ht[3] = shares[3] > 0 ? h / shares[3] : 0
        }
        return (shares, ht)
    }

    /// The drive to a C1 patient: the published C1 mean and 90th centile less
    /// call-to-dispatch and mobilisation (at least a minute) [D].
    public var c1Drive: LognormalFit {
        let lead = Self.c1DispatchMinutes + Self.mobiliseMinutes
        let mean = max(1, record.c1.mean - lead)
        return LognormalFit(mean: mean, p90: max(mean, record.c1.p90 - lead))
    }


    /// Incidents a day at the chosen months' level (deseasonalised).
    public var level: Double { record.incidentsPerDayByCalendarMonth.reduce(0, +) / 12 }

    /// `month_of_year`: each calendar month's incidents a day over `level`.
    public var monthFactors: [Double] { record.incidentsPerDayByCalendarMonth.map { $0 / level } }

    /// Mean minutes a face-to-face incident holds a vehicle, by the job cycle below [D, E].
    public var jobMinutes: Double {
        let f = record.faceToFace
        let c1Share = categories.shares[0] / record.faceToFaceShare
        // C2-C4's drive is C1's times `laterDriveFactor`.
        return Self.mobiliseMinutes + c1Drive.mean * (c1Share + (1 - c1Share) * Self.laterDriveFactor)
            + f.ed * (Self.onSceneConveyed + Self.conveyanceMinutes + record.handover.mean + Self.clear)
            + f.elsewhere * (Self.onSceneConveyed + Self.conveyedElsewhere)
            + f.seeAndTreat * Self.onSceneSeeAndTreat
            + c1Share * Self.secondVehicleProbability * (Self.mobiliseMinutes + c1Drive.mean + Self.secondVehicleMinutes)
    }

    /// Crews busy on average at `incidentsPerDay`: face-to-face incidents x minutes a job [D, E].
    public func busyCrews(incidentsPerDay: Double) -> Double { incidentsPerDay * record.faceToFaceShare * jobMinutes / 1440 }

    /// Crews on duty at `incidentsPerDay`, by the square-root rule (`safetyStaffing`) [D, E].
    public func crewsOnDuty(incidentsPerDay: Double) -> Double {
        let busy = busyCrews(incidentsPerDay: incidentsPerDay)
        return busy + Self.safetyStaffing * busy.squareRoot()
    }

    /// Incidents a day in the busiest chosen month, the month the roster is sized for [D].
    public var busiestMonthIncidents: Double { record.incidentsPerDay.max()! }

    /// Crews on duty in the busiest chosen month: the roster's size [D, E].
    public var crewsOnDuty: Double { crewsOnDuty(incidentsPerDay: busiestMonthIncidents) }

    /// Each chosen month's share of the roster on duty: the rule's crews at the month's
    /// incidents over those at the busiest month's. A trust plans its rota hours to forecast
    /// demand [E], so its crews follow the months' demand rather than stay level; with a
    /// level fleet the months' waits would swing with demand as the record's do not.
    public var monthlyCrewShares: [Double] {
        record.incidentsPerDay.map { crewsOnDuty(incidentsPerDay: $0) / crewsOnDuty }
    }

    /// Crews starting a 12-hour shift each day, by shift (two shifts a day cover one vehicle).
    public var crewsPerShift: [Int] {
        let perDay = 2 * crewsOnDuty
        return Self.shifts.map { max(1, Int(($0.share * perDay).rounded())) }
    }

    /// The crew's own handover once in an offload space [E]: the national 15-minute standard,
    /// or three quarters of the published mean when that is shorter; sd half the mean [E].
    /// The rest of the published arrival-to-handover time is the wait for a space.
    public var spaceHandover: (mean: Double, sd: Double) {
        let b = min(15, 0.75 * record.handover.mean)
        return (b, 0.5 * b)
    }

    /// Conveyances to ED a minute at `incidentsPerDay`.
    func edArrivalsPerMinute(_ incidentsPerDay: Double) -> Double {
        incidentsPerDay * record.faceToFaceShare * record.faceToFace.ed / 1440
    }

    /// Demand by hour of day, averaging 1: the shipped baselines' shape [E].
    static let hourOfDay = [0.72, 0.62, 0.55, 0.50, 0.47, 0.48, 0.58, 0.80, 1.05, 1.25, 1.36, 1.40,
                            1.38, 1.34, 1.31, 1.30, 1.29, 1.28, 1.25, 1.20, 1.12, 1.02, 0.92, 0.81]

    /// Mean wait for an offload space over the day: the pointwise stationary approximation
    /// (Green, Kolesar and Svoronos 1991 [M]), each hour's `spaceWait` at its arrival rate
    /// (`hourOfDay`), weighted by its arrivals; infinite when any hour saturates.
    static func dailySpaceWait(arrivalsPerMinute lambda: Double, holdMinutes: Double, holdCV: Double, spaces c: Int) -> Double {
        hourOfDay.reduce(0) { $0 + $1 * spaceWait(arrivalsPerMinute: lambda * $1, holdMinutes: holdMinutes, holdCV: holdCV, spaces: c) } / 24
    }

    /// Mean wait for an offload space by the Allen-Cunneen approximation to the G/G/c queue
    /// [M] (Erlang C's wait x (arrival cv^2 + hold cv^2) / 2, arrivals Poisson), infinite at
    /// or beyond saturation.
    static func spaceWait(arrivalsPerMinute lambda: Double, holdMinutes: Double, holdCV: Double, spaces c: Int) -> Double {
        let a = lambda * holdMinutes
        guard a < Double(c) else { return .infinity }
        return QueueingFormulas.mmcMeanWait(arrivalRate: lambda, serviceRate: 1 / holdMinutes, servers: c) * (1 + holdCV * holdCV) / 2
    }

    /// Offload spaces of the pooled ED: the fewest whose wait (`dailySpaceWait`) at the chosen
    /// months' mean load, with the crew's handover, is no longer than the published mean
    /// arrival-to-handover time [D, M]. The wait comes from a space that binds, so hospital
    /// pressure (`hospital_pressure`, what `backtest --drive handover` solves) moves it.
    public var pooledOffloadSpaces: Int {
        let lambda = edArrivalsPerMinute(level), b = spaceHandover
        var c = max(1, Int((lambda * b.mean).rounded(.up)))
        while Self.dailySpaceWait(arrivalsPerMinute: lambda, holdMinutes: b.mean, holdCV: b.sd / b.mean, spaces: c) + b.mean > record.handover.mean && c < 10_000 { c += 1 }
        return c
    }

    /// Each chosen month's hospital pressure: the factor on the time a space is held whose
    /// wait (`dailySpaceWait`, at the month's conveyances) with the crew's handover gives the
    /// month's published mean (GSL's Brent solver); nil where no factor in 0.05 to just
    /// below saturation reaches it.
    public var monthlyPressure: [Double?] {
        let b = spaceHandover, c = pooledOffloadSpaces
        return zip(record.incidentsPerDay, record.handoverByMonth).map { perDay, target in
            let lambda = edArrivalsPerMinute(perDay)
            let top = 0.999 * Double(c) / (lambda * Self.hourOfDay.max()! * b.mean)
            guard top > 0.05 else { return nil }
            return brentRoot(in: 0.05, top, tolerance: 1e-4) { p in
                b.mean + Self.dailySpaceWait(arrivalsPerMinute: lambda, holdMinutes: p * b.mean, holdCV: b.sd / b.mean, spaces: c) - target
            }
        }
    }

    /// Call-to-dispatch means of C2, C3, C4 (the delays below), minutes [E].
    static let laterDispatchMinutes = [3.0, 10.0, 15.0]

    /// Weights of the delay-dependent priority (Kleinrock 1964) for C2, C3, C4: under load a
    /// category's wait goes as the inverse of its weight, so each weight is C2's published
    /// wait over the category's (mean response less call-to-dispatch, mobilisation and
    /// drive), C2's being 1; within 0.02..1 [D].
    public var priorityWeights: [Double] {
        let waits = zip(record.laterMeans, Self.laterDispatchMinutes).map { max(1, $0 - $1 - Self.mobiliseMinutes - c1Drive.mean) }
        return waits.map { min(1, max(0.02, waits[0] / $0)) }
    }

    /// This draft with C1's travel factor solved by a pilot run: two replications of the
    /// first month at twice the crews (so that no C1 call waits for one: the factor is the
    /// drive's, not the fleet's), common random numbers, so that the model's C1 mean meets
    /// the published one (GSL's Brent solver over 0.3 to 3, to 1%). Unchanged when the bracket holds no
    /// root (the note in the file then says 1.0).
    public func fittingC1(jobs: Int) throws(ObservedError) -> TrustDraft {
        var probe = self
        var failure: ObservedError?
        func c1Mean(_ factor: Double) -> Double {
            probe.c1TravelFactor = factor
            probe.pilotC1Mean = 0
            do {
                let scenario = try probe.scenario()
                // Twice the crews: C1 then waits for none, and the factor is the drive's alone.
                var c = scenario.configuration
                c.fleetScale *= 2
                let result = try Experiment(configuration: c, masterSeed: scenario.seed, replications: 0..<2).run(jobs: jobs)
                let values = result.outcomes.map { $0[kpi: "c1_response_mean_min"] }.filter(\.isFinite)
                return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
            } catch let e as ObservedError {
                failure = failure ?? e
                return .nan
            } catch {
                failure = failure ?? Self.doesNotRun(error)
                return .nan
            }
        }
        let target = record.c1.mean
        let root = brentRoot(in: 0.3, 3, tolerance: 0.01) { c1Mean($0) - target }
        if let failure { throw failure }
        guard let root else { return self }
        var fitted = self
        fitted.c1TravelFactor = (root * 1000).rounded() / 1000
        fitted.pilotC1Mean = c1Mean(fitted.c1TravelFactor)
        return fitted
    }

    /// This draft with each chosen month's hospital pressure solved in the model itself: the
    /// month run alone (two days' warm-up) on two replications at twice the
    /// crews, as the C1 pilot, so that the EDs' arrivals are the demand's and not a short
    /// fleet's, and the factor on the closed form's pressure (`monthlyPressure`) found at which the model's
    /// handover mean meets the month's published one (`Backtest.solvePressure`: GSL's Brent
    /// solver, common random numbers, to 1%). The closed form sees each hour on its own; the
    /// model carries a queue from hour to hour, so near saturation, where the published waits
    /// put the EDs, the closed form's months differ by a percent or two of pressure and the
    /// model's handover hardly moves between them (North West, January to June 2024: 38.6
    /// to 30.6 min published, 32.7 to 33.1 in a model at the closed form's pressures).
    /// Unchanged for one month or listed hospitals (those take no monthly profile).
    public func fittingPressures(jobs: Int) throws(ObservedError) -> TrustDraft {
        guard hospitals == nil, record.months.count > 1 else { return self }
        // Months in date order, each solved with the earlier ones at their solved factors:
        // a month's warm-up runs at the month before it, as it will in the file, and near
        // saturation the queue it leaves carries into the month.
        var probe = self
        probe.pilotPressures = monthlyPressure.map { (($0 ?? 1), Double.nan) }
        let asWritten = try scenario()
        for i in monthOrder {
            let month = record.months[i], closedForm = probe.pilotPressures![i].factor
            // The month as the backtest sets it up (two days' warm-up, the file's run-out), at
            // twice the crews.
            let settings = Backtest.settings(for: month, warmUpMinutes: 2 * 1440, runOutMinutes: asWritten.backtest.runOutMinutes)
                + ["fleet_scale=\(2 * asWritten.configuration.fleetScale)"]
            let solved = try Backtest.solvePressure(target: record.handoverByMonth[i], replications: 2, seed: asWritten.seed, jobs: jobs,
                                                    near: 1) { f throws(ObservedError) in
                var at = probe
                at.pilotPressures![i].factor = Self.rounded(closedForm * f)
                return try at.scenario(overrides: settings)
            }
            probe.pilotPressures![i] = (Self.rounded(closedForm * solved.factor), solved.achieved)
        }
        return probe
    }

    /// A factor as the file writes it (four decimals), so that the pilot runs what is written.
    static func rounded(_ factor: Double) -> Double { (factor * 10_000).rounded() / 10_000 }

    /// The draft's text as a scenario, with `overrides` (`--set` settings) applied.
    func scenario(overrides: [String] = []) throws(ObservedError) -> Scenario {
        do { return try Scenario.build(document: try ScenarioLoader().parse(text: yaml, file: name, overrides: overrides), path: name) } catch {
            throw Self.doesNotRun(error)
        }
    }

    /// A draft that does not load or run is a bug in init, never the planner's.
    static func doesNotRun(_ error: any Error) -> ObservedError {
        ObservedError("the drafted scenario does not run (please report it): \(error)")
    }

    /// The chosen months' indices in date order (the order dated steps are written in).
    var monthOrder: [Int] { record.months.indices.sorted { record.months[$0] < record.months[$1] } }

    /// The calibration that fits the draft on its months: the fleet, C1's travel factor
    /// (within 15% of the pilot's: the pilot measured the drive, and a wider range lets the
    /// fit trade a longer drive against a larger fleet, as it did for Yorkshire at 1.4 times
    /// the pilot's, C1 then 26-30% long) and the service-wide hospital pressure (within 15%
    /// of the months' piloted pressures when `fittingPressures` ran: they put the EDs near
    /// saturation, where the handover mean rises steeply with pressure, and a wide range let
    /// the simplex step off that edge into a London without handover waits, 15 min against
    /// 24 published, its fleet cut to compensate) and C2's drive (`laterDriveRange`; for a
    /// small service, C2's call-to-dispatch mean instead), to the C1 and C2 and handover
    /// figures, and C3's call-to-dispatch mean (`c3HoldRange`) to the C3 mean, in one
    /// command. C3's wait is mostly the stack's (clinical validation, callbacks) and moves
    /// little with the fleet: fitted through the fleet, it pulled the fit back to saturation
    /// (South Central's January C2 +19%, C3 still -13 to -32% from March); fitted through
    /// the time a C3 call is held before it can be dispatched, it leaves the fleet to C1
    /// and C2.
    public func calibrateCommand(file: String, ambsys: String) -> String {
        let months = record.months
        let monthsText = isRange(months) && months.count > 1 ? "\(months.first!)..\(months.last!)" : months.map(\.description).joined(separator: ",")
        let f = c1TravelFactor
        // A small service's fleet moves in steps of a crew (a fleet factor rounds each shift
        // to whole crews), too coarse to set C1 and C2 at once: its C2 call-to-dispatch
        // mean is fitted too [E, fitted].
        let small = crewsOnDuty < Self.smallServiceCrews
            ? "--fit categories.c2.dispatch_delay_minutes.lognormal.mean=2..15 "
            : "--fit categories.c2.travel_time_factor=\(f1(Self.laterDriveRange.lowerBound))..\(f1(Self.laterDriveRange.upperBound)) "
        return "ambsim calibrate \(file) --ambsys \(ambsys) --org \(record.org) --month \(monthsText) --fit fleet_scale=0.6..1.5 "
            + "--fit categories.c1.travel_time_factor=\(f3(0.85 * f))..\(f3(1.15 * f)) --fit hospital_pressure_scale=\(pilotPressures == nil ? "0.5..2" : "0.85..1.15") " + small
            + "--fit categories.c3.dispatch_delay_minutes.lognormal.mean=\(f0(Self.c3HoldRange.lowerBound))..\(f0(Self.c3HoldRange.upperBound)) "
            + "--target c1_response_mean_min,c2_response_mean_min,c2_response_p90_min,handover_mean_min,c3_response_mean_min"
    }

    /// Crews on duty below which `calibrateCommand` fits C2's call-to-dispatch mean in place
    /// of its drive.
    static let smallServiceCrews = 20.0
    /// The factor on C1's drive that a C2-C4 call's drive starts at [E], and the range
    /// `calibrateCommand` fits C2's in. With C2's drive as C1's (the nearest crew), the only
    /// way the fit could make C2 wait as published was a fleet near saturation, where C2 moves
    /// with load far more than the record does: South Central's C2 mean went 45 to 23-26 min
    /// from January to June 2024 against 42 to 28-34 published. A longer drive (a crew coming
    /// free elsewhere) and a fleet further from saturation hold every month.
    static let laterDriveFactor = 1.5
    static let laterDriveRange = 1.0...3.0
    /// The range `calibrateCommand` fits C3's call-to-dispatch mean in, minutes [E]: from the
    /// shipped baselines' 10 to two hours (a call validated by a clinician, called back).
    static let c3HoldRange = 5.0...120.0

    // MARK: - The text

    public var yaml: String {
        var t = Text()
        let r = record
        let first = r.months.first!, last = r.months.last!
        let monthsText = r.months.count == 1 ? "\(first)" : (isRange(r.months) ? "\(first)..\(last)" : r.months.map(\.description).joined(separator: ","))
        let src = "[D] AmbSYS \(r.org) \(monthsText)"
        t.line(Self.firstLine)
        t.line("# \(r.orgName) (\(r.org)): a baseline from the trust's published monthly record.")
        t.line("#   \(commandLine)")
        t.line("# Tags: \(src) = arithmetic on NHS England's AmbSYS rows of \(r.org) for those months;")
        t.line("# [M] a published study; [E] an assumption, to be replaced by the trust's own figure.")
        t.line("# Next: fit the fleet, the C1 drive and the EDs' pressure on the same months, then test it month by month:")
        t.line("#   \(calibrateCommand(file: "THIS_FILE", ambsys: "FILE"))")
        t.line("#   ambsim backtest THIS_FILE --ambsys FILE --org \(r.org) --month \(monthsText)")
        for n in r.notes { t.line("# Note: \(n).") }
        t.line("name: \(name)")
        t.line("description: \(quoted("\(r.orgName), \(first), generated from AmbSYS \(monthsText), electronic records throughout."))")
        let start = LocalDateTime(date: first.firstDay).adding(minutes: -2 * 1440)
        t.line("start: \(start)        # the first month, after two days' warm-up")
        t.line("horizon: \(first.days + 2)d")
        t.line("warm_up: 2d")
        t.line("replications: 10")
        t.line("seed: \(first.year)\(first.month < 10 ? "0" : "")\(first.month)01")
        t.line("dispatch_reach_minutes: 60   # [E] as the shipped baselines")
        t.blank()
        zonesAndDemand(&t, src: src)
        categoriesSection(&t, src: src)
        travelAndFleet(&t, src: src)
        hospitalsSection(&t, src: src)
        t.line("job_cycle:")
        t.line("  on_scene_conveyed_minutes: {lognormal: {mean: 37, sd: 12}}      # [M] EMJ 41/10/617 (stroke, trust range 29-43); spread [E]")
        t.line("  on_scene_see_and_treat_minutes: {lognormal: {mean: 55, sd: 20}} # [E]")
        t.line("  conveyed_elsewhere_minutes: {lognormal: {mean: 50, sd: 20}}     # [E]")
        t.line("  clear_minutes: {lognormal: {mean: 15, sd: 6}}                   # [E] the 30-minute turnaround norm")
        t.line("  second_vehicle_on_scene_minutes: {lognormal: {mean: 30, sd: 12}} # [E]")
        t.blank()
        let w = priorityWeights
        t.line("# A crew on its way to a C2-C4 call is sent to a C1 call instead when it is nearer (as the shipped")
        t.line("# baselines [E]); a record mode's extra handover minutes are the crew's work, the space is held for the")
        t.line("# hospital's own handover time (as the shipped baselines [E]).")
        t.line("retasking: {from: [c2, c3, c4]}")
        t.line("hospital_acceptance:")
        t.line("  record_minutes_hold_space: false")
        t.blank()
        t.line("stack:")
        t.line("  # Which waiting call a free crew takes: a delay-dependent priority (Kleinrock 1964; C1 always first).")
        t.line("  # Under load a category's wait goes as the inverse of its weight, so the weights are C2's published")
        t.line("  # wait over each category's: mean response (A31, A34, A37: \(record.laterMeans.map { f1($0) }.joined(separator: ", ")) min) less call-to-dispatch,")
        t.line("  # mobilisation and drive [D].")
        t.line("  dispatch_priority: {c2: 1, c3: \(f3(w[1])), c4: \(f3(w[2]))}")
        t.blank()
        t.line("record_modes:")
        t.line("  electronic:")
        t.line("    record_defect_rate: 0.02   # [E]")
        t.blank()
        expectations(&t, src: src)
        return t.text
    }

    private func zonesAndDemand(_ t: inout Text, src: String) {
        let r = record
        t.line("# Incidents a day (A7 / days) \(src): " + zip(r.months, r.incidentsPerDay).map { "\($0.0) \(f0($0.1))" }.joined(separator: ", ") + ".")
        t.line("# Level and season (month_of_year) [D]: each chosen calendar month at its own incidents a day; the")
        if r.seasonalFactors != nil {
            t.line("# others on the season's shape (each month over its year's mean, averaged over the years the file")
            t.line("# holds for \(r.org)) at the level that fits the chosen months. Mean of the twelve: \(f1(level)) a day.")
        } else {
            t.line("# others at the chosen months' mean (the file lacks a calendar month: no seasonal shape). Mean: \(f1(level)) a day.")
        }
        if let h = hospitals {
            t.line("# Residents are not in the record: demand is split over the zones by their hospitals' offload")
            t.line("# capacity [E]; only residents x rate matters.")
            t.line("zones:")
            let weights = h.zoneWeights
            for (z, name) in h.zones.enumerated() {
                let residents = (1_000_000 * weights[z]).rounded()
                t.line("  - {name: \(quoted(name)), residents: \(Int(residents)), calls_per_resident_per_day: \(f6(level / 1_000_000))}")
            }
        } else {
            t.line("# One zone, the whole trust (aggregate geography); residents are a nominal million [E]:")
            t.line("# only residents x rate matters.")
            t.line("zones:")
            t.line("  - {name: service, residents: 1000000, calls_per_resident_per_day: \(f6(level / 1_000_000))}")
        }
        t.blank()
        t.line("demand:")
        t.line("  # No UK hour-of-day curve is published: the shipped baselines' shape (emj.bmj.com 30/11/883 [M];")
        t.line("  # values [E]), and Monday ~4% above the other days [E].")
        t.line("  hour_of_day: [\(Self.hourOfDay[..<12].map { f2($0) }.joined(separator: ", ")),")
        t.line("                \(Self.hourOfDay[12...].map { f2($0) }.joined(separator: ", "))]")
        t.line("  day_of_week: [1.04, 0.9933, 0.9933, 0.9933, 0.9933, 0.9934, 0.9934]")
        t.line("  month_of_year: [\(balanced(monthFactors, places: 4, sum: 12).map { f4($0) }.joined(separator: ", "))]   # [D], January first")
        t.blank()
    }

    private func categoriesSection(_ t: inout Text, src: String) {
        let r = record
        let total = r.responded.reduce(0, +)
        let (shares, ht) = categories
        let f = r.faceToFace
        t.line("categories:")
        t.line("  # \(src): responded incidents C1 \(pct(r.responded[0] / total)), C2 \(pct(r.responded[1] / total)), C3 \(pct(r.responded[2] / total)), C4 \(pct(r.responded[3] / total))")
        t.line("  # (A8, A10-A12); hear-and-treat \(pct(r.hearAndTreat)) of incidents (A17); of face-to-face incidents (A56),")
        t.line("  # conveyed to ED \(pct(f.ed)) (A53), elsewhere \(pct(f.elsewhere)) (A54), see-and-treat \(pct(f.seeAndTreat)) (A55).")
        t.line("  # Shares of incidents: responded shares x (1 - hear-and-treat), and the hear-and-treat incidents")
        t.line("  # in C4 (\(pct(Self.c4HearAndTreat)) of its calls, as the shipped baselines [E]) and C3 (the rest) [D].")
        t.line("  # Dispositions are not published by category: every category conveys as the trust does [E].")
        t.line("  # Call-to-dispatch delays as the shipped baselines [E]; calibrate fits C3's, the time a C3 call is held")
        t.line("  # (clinical validation, a callback) before a crew can be sent [E, fitted].")
        let delays = ["{lognormal: {mean: 1, sd: 0.6}}", "{lognormal: {mean: 3, sd: 2}}", "{lognormal: {mean: 10, sd: 8}}", "{lognormal: {mean: 15, sd: 10}}"]
        let roundedShares = balanced(shares, places: 4, sum: 1)
        for c in 0..<4 {
            let h = ht[c]
            let d = balanced([h, (1 - h) * f.seeAndTreat, (1 - h) * f.ed, (1 - h) * f.elsewhere], places: 4, sum: 1)
            t.line("  c\(c + 1):")
            t.line("    share: \(f4(roundedShares[c]))")
            t.line("    dispositions: {hear_and_treat: \(f4(d[0])), see_and_treat: \(f4(d[1])), conveyed_ed: \(f4(d[2])), conveyed_elsewhere: \(f4(d[3]))}")
            t.line("    dispatch_delay_minutes: \(delays[c])")
            if c == 0 {
                if let m = pilotC1Mean {
                    t.line("    # Solved by a pilot run (two replications of the first month at twice the crews, so that no C1 call")
                    t.line("    # waits; common random numbers; GSL's Brent solver) so that the model's C1 mean, \(f2(m)) min, meets")
                    t.line("    # the record's: the nearest crew, re-tasking and a second vehicle make the first arrival quicker")
                    t.line("    # than one drive [D]. calibrate refines it with the fleet.")
                    t.line("    travel_time_factor: \(f3(c1TravelFactor))")
                } else {
                    t.line("    travel_time_factor: 1.0   # the C1 drive below is fitted to C1; calibrate may refine it")
                }
                t.line("    second_vehicle_probability: \(Self.secondVehicleProbability)   # [E]")
            } else if c == 1 {
                t.line("    # A C2-C4 call is answered by a crew as it comes free, often at a hospital, not by the nearest crew")
                t.line("    # as C1 is: its drive is longer than C1's. The factor on the drive below starts at \(Self.laterDriveFactor) [E];")
                t.line("    # calibrate fits C2's (\(f1(Self.laterDriveRange.lowerBound))-\(f1(Self.laterDriveRange.upperBound))) with the fleet: the months' C2 waits tell a long drive from a short fleet.")
                t.line("    travel_time_factor: \(Self.laterDriveFactor)")
            } else {
                t.line("    travel_time_factor: \(Self.laterDriveFactor)   # [E] as C2 before calibration")
            }
        }
        let monthly = monthlyShares
        if monthly.count > 1 {
            t.blank()
            t.line("# The mix drifts month by month: each chosen month's shares by the rule above at its own responded")
            t.line("# incidents and hear-and-treat (\(src)); the dispositions stay the months' together [E].")
            t.line("# Before the first step, the shares above; after the last, the last step's.")
            t.line("category_mix:")
            for i in monthOrder {
                let m = balanced(monthly[i], places: 4, sum: 1)
                t.line("  - {from: \(r.months[i].firstDay), c1: \(f4(m[0])), c2: \(f4(m[1])), c3: \(f4(m[2])), c4: \(f4(m[3]))}")
            }
        }
        t.blank()
    }

    private func travelAndFleet(_ t: inout Text, src: String) {
        let r = record
        let drive = c1Drive
        let conveyance = Self.conveyanceMinutes / drive.mean
        t.line("travel:")
        t.line("  # The drive to a patient: a lognormal fitted to the published C1 mean \(f1(r.c1.mean)) and 90th centile")
        t.line("  # \(f1(r.c1.p90)) min (A25, A26; \(src)) less \(f0(Self.c1DispatchMinutes + Self.mobiliseMinutes)) min of call-to-dispatch and mobilisation: mean")
        t.line("  # \(f2(drive.mean)) min, 90th centile \(f2(drive.p90)) (log-scale sigma \(f3(drive.sigma))) [D]. A C1 call waits for no vehicle")
        t.line("  # here (an assumption that calibrate corrects through the C1 travel factor).")
        if !drive.reachesP90 { t.line("  # (The 90th centile is beyond a lognormal's reach at this mean: the widest form is taken.)") }
        if let c1t = r.c1t {
            t.line("  # C1T (first conveying vehicle; A28, A29) was \(f1(c1t.mean)) / \(f1(c1t.p90)) min: with every vehicle an ambulance")
            t.line("  # the model's C1T equals its C1; add cars (stations[].roster[].type: car) to separate them.")
        }
        if let h = hospitals {
            t.line("  # Between zones: straight-line distance between the zones' hospitals x \(f2(TrustHospitals.roadFactor)) (road factor [E])")
            t.line("  # at \(f0(TrustHospitals.blueLightKmPerHour)) km/h [E]; within a zone, the fitted C1 drive [D].")
            t.line("  minutes:")
            let m = h.travelMinutes(within: drive.mean)
            for (z, row) in m.enumerated() {
                t.line("    - [\(row.map { f1($0) }.joined(separator: ", "))]   # \(h.zones[z])")
            }
        } else {
            t.line("  minutes: [[\(f2(drive.mean))]]")
        }
        t.line("  variation: {lognormal: {mean: 1, sd: \(f3((exp(drive.sigma * drive.sigma) - 1).squareRoot()))}}")
        t.line("  mobilise_minutes: {lognormal: {mean: 1, sd: 0.5}}   # [E]")
        t.line("  conveyance_factor: \(f2(conveyance))   # a \(f0(Self.conveyanceMinutes))-minute mean drive to hospital [E]")
        t.blank()
        let peak = busiestMonthIncidents
        t.line("# Fleet by rule [D, E], sized for the busiest chosen month: \(f0(peak * r.faceToFaceShare)) face-to-face incidents a day x")
        t.line("# \(f1(jobMinutes)) min a job (mobilise, drive, on scene, and for conveyances the drive, handover and clear-up as below)")
        t.line("# = \(f1(busyCrews(incidentsPerDay: peak))) crews busy on average; by the square-root staffing rule (busy + \(f1(Self.safetyStaffing)) x its square root;")
        t.line("# Halfin and Whitt 1981 [M], the factor [E]), \(f1(crewsOnDuty)) on duty: \(f0(2 * crewsOnDuty)) twelve-hour shifts a day, started at")
        t.line("# 07:00, 10:00 and 19:00 in the shares \(Self.shifts.map { pct($0.share) }.joined(separator: ", ")) [E]. calibrate then fits fleet_scale.")
        t.line("fleet_scale: 1.0")
        let shares = monthlyCrewShares
        if shares.count > 1 {
            t.line("# Crews follow demand [E: a trust plans its rota hours to its demand forecast]: each month the share of the")
            t.line("# roster on duty is the rule's crews at that month's incidents a day over the busiest month's (\(src)).")
            t.line("# After the last step the last share holds; before the first, the whole roster.")
            t.line("fleet_availability:")
            for i in monthOrder {
                t.line("  - {from: \(r.months[i].firstDay), share: \(f3(shares[i]))}   # \(f0(r.incidentsPerDay[i])) incidents a day")
            }
        }
        t.line("stations:")
        let perShift = crewsPerShift
        if let h = hospitals {
            let w = h.zoneWeights
            for (z, name) in h.zones.enumerated() {
                let crews = perShift.map { max(1, Int((Double($0) * w[z]).rounded())) }
                t.line("  - name: \(quoted(name))")
                t.line("    zone: \(quoted(name))")
                t.line("    roster: [\(zip(Self.shifts, crews).map { "{start_hour: \($0.0.start), length_hours: 12, vehicles: \($0.1)}" }.joined(separator: ", "))]")
            }
        } else {
            t.line("  - name: service")
            t.line("    zone: service")
            t.line("    roster: [\(zip(Self.shifts, perShift).map { "{start_hour: \($0.0.start), length_hours: 12, vehicles: \($0.1)}" }.joined(separator: ", "))]")
        }
        t.blank()
    }

    private func hospitalsSection(_ t: inout Text, src: String) {
        let r = record
        let b = spaceHandover
        t.line("# Arrival to handover at ED, published: mean \(f1(r.handover.mean)), 90th centile \(f1(r.handover.p90)) min (A142 weighted by A140,")
        t.line("# A143; \(r.handoverSources.joined(separator: ", "))) [D]. In the model it is the wait for an offload space and the")
        t.line("# crew's own handover in it: \(f1(b.mean)) min (the national 15-minute standard, or three quarters of the")
        t.line("# published mean when shorter), sd \(f1(b.sd)) [E].")
        if let list = hospitals {
            t.line("# Offload spaces as listed (\(list.source)); calibrate fits hospital_pressure_scale to the months' handover,")
            t.line("# and backtest --drive handover solves it month by month.")
            t.line("hospitals:")
            for site in list.hospitals {
                t.line("  - {name: \(quoted(site.name)), zone: \(quoted(site.zone)), offload_capacity: \(site.capacity), handover_minutes: {lognormal: {mean: \(f1(b.mean)), sd: \(f1(b.sd))}}}")
            }
            t.line("hospital_choice:")
            t.line("  shares:   # each zone's own hospitals, by offload capacity [E]")
            for z in list.zones {
                let own = list.hospitals.filter { $0.zone == z }
                let total = Double(own.reduce(0) { $0 + $1.capacity })
                let shares = balanced(own.map { Double($0.capacity) / total }, places: 4, sum: 1)
                t.line("    \(quoted(z)): {\(zip(own, shares).map { "\(quoted($0.0.name)): \(f4($0.1))" }.joined(separator: ", "))}")
            }
            t.blank()
            return
        }
        let c = pooledOffloadSpaces
        let lambda = edArrivalsPerMinute(level)
        t.line("# The trust's EDs pooled: \(c) offload spaces, the fewest whose mean wait at the months' \(f0(lambda * 1440)) conveyances")
        t.line("# to ED a day is at most the published mean less the crew's handover: each hour's wait by the Allen-Cunneen")
        t.line("# approximation to the G/G/c queue [M] (Erlang C x (1 + hold cv^2) / 2) at the hour's arrivals, weighted by")
        t.line("# them (the pointwise stationary approximation, Green, Kolesar and Svoronos 1991 [M]) [D]. It does not see")
        t.line("# a queue carried from hour to hour: calibrate fits hospital_pressure_scale to the months.")
        t.line("hospitals:")
        t.line("  - {name: EDs, zone: service, offload_capacity: \(c), handover_minutes: {lognormal: {mean: \(f1(b.mean)), sd: \(f1(b.sd))}}}")
        let pressures = monthlyPressure
        if r.months.count > 1 {
            t.line("# Each month's hospital pressure (the factor on the time a space is held) that gives its published mean")
            if let pilot = pilotPressures {
                t.line("# in the model itself: the month run alone, two replications at twice the crews, the factor solved by")
                t.line("# GSL's Brent solver to 1% of the mean (ambsim init's pilot) [D]. The closed form above, at each month's")
                t.line("# own conveyances, put them at \(r.months.indices.map { f3(pressures[$0] ?? 1) }.joined(separator: ", ")): near saturation it")
                t.line("# does not see the queue carried from hour to hour.")
                t.line("hospital_pressure:")
                for i in monthOrder {
                    let a = pilot[i].achieved, target = r.handoverByMonth[i]
                    let reached = a.isFinite ? ", the pilot \(f1(a))" + (abs(a / target - 1) > 0.01 ? " (its nearest: not within 1%)" : "") : ""
                    t.line("  - {from: \(r.months[i].firstDay), factor: \(f4(pilot[i].factor))}   # \(f1(r.handoverByMonth[i])) min published\(reached)")
                }
            } else {
                t.line("# by the same approximation, at its own conveyances (GSL's Brent solver) [D]:")
                t.line("hospital_pressure:")
                for i in monthOrder {
                    let p = pressures[i], m = r.months[i]
                    t.line("  - {from: \(m.firstDay), factor: \(f3(p ?? 1))}   # \(f1(r.handoverByMonth[i])) min\(p == nil ? " (beyond reach: 1 taken)" : "")")
                }
            }
        }
        t.blank()
    }

    private func expectations(_ t: inout Text, src: String) {
        let r = record
        let first = r.months.first!
        let days = Double(first.days)
        let calls = r.incidentsPerDayByCalendarMonth[first.month - 1] * days
        t.line("expect:")
        t.line("  # What the model holds by construction, +-15% (the backtest tolerance) [D]: the first month's")
        t.line("  # incidents at the fitted level and season. Response and handover depend on the fleet and the EDs,")
        t.line("  # sized here by rule: add their ranges from the record once calibrate has fitted them.")
        t.line("  calls_count: [\(f0(calls * 0.85)), \(f0(calls * 1.15))]")
    }
}

// MARK: - Formatting

private struct Text {
    var text = ""
    mutating func line(_ s: String) { text += s + "\n" }
    mutating func blank() { text += "\n" }
}

private func isRange(_ months: [YearMonth]) -> Bool {
    zip(months, months.dropFirst()).allSatisfy { $0.0.next == $0.1 }
}

private func f0(_ x: Double) -> String { Number.fixed(x, places: 0) }
private func f1(_ x: Double) -> String { Number.fixed(x, places: 1) }
private func f2(_ x: Double) -> String { Number.fixed(x, places: 2) }
private func f3(_ x: Double) -> String { Number.fixed(x, places: 3) }
private func f4(_ x: Double) -> String { Number.fixed(x, places: 4) }
private func f6(_ x: Double) -> String { Number.fixed(x, places: 6) }
private func pct(_ x: Double) -> String { Number.fixed(100 * x, places: 1) + "%" }

/// A YAML scalar for a name: plain when safe, else double-quoted with escapes.
func quoted(_ s: String) -> String {
    let plain = s.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" || $0 == "." || $0 == "'" }
        && s.first.map { $0.isLetter } == true && s.last != " "
    if plain { return s }
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// `values` rounded to `places` so that they sum (or average) exactly as before: the
/// rounding error goes to the largest value. Without `sum`, the values keep their mean.
func balanced(_ values: [Double], places: Int, sum target: Double? = nil) -> [Double] {
    let scale = Foundation.pow(10, Double(places))
    var rounded = values.map { ($0 * scale).rounded() / scale }
    let want = target ?? values.reduce(0, +)
    let error = want - rounded.reduce(0, +)
    if let i = rounded.indices.max(by: { rounded[$0] < rounded[$1] }) {
        rounded[i] = ((rounded[i] + error) * scale).rounded() / scale
    }
    return rounded
}
