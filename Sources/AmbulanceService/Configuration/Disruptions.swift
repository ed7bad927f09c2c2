import Stochastics

/// The kinds of disruption that last a period, beside the record-mode changes (`ModeChange`)
/// on the same timeline.
public enum DisruptionKind: String, Sendable, CaseIterable {
    /// The computer-aided dispatch (CAD) system is down: manual allocation.
    case dispatch
    /// NHS 111's patient-management system is down: 111 callers come to 999 instead, and
    /// 999's clinicians lose the 111 directory they close calls with.
    case nhs111 = "111"
    /// One emergency department diverts ambulances, or accepts fewer of them.
    case hospital
    /// Vehicles off the road (snow, fuel shortage, an outbreak among crews, a recall).
    case fleet
}

/// A disruption in force from `startMinutes` for `durationMinutes`. Only the settings of
/// its `kind` are read; the others keep their neutral defaults.
public struct DisruptionPeriod: Sendable {
    public var kind: DisruptionKind
    /// Minutes from the scenario start.
    public var startMinutes: Double
    public var durationMinutes: Double
    /// Its position in the scenario's `disruption` list, for messages (nil: its position
    /// among the periods).
    public var item: Int?
    public var dispatch = DispatchDisruption()
    public var nhs111 = NHS111Disruption()
    public var hospital = HospitalDisruption()
    public var fleet = FleetLoss()
    /// Phased restoration: from each step on (minutes after the start, in order) that share
    /// of the effect is restored, until the period ends (empty: all at once at the end).
    public var restoration: [RestorationStep] = []

    public init(kind: DisruptionKind, startMinutes: Double, durationMinutes: Double, item: Int? = nil) {
        self.kind = kind
        self.startMinutes = startMinutes
        self.durationMinutes = durationMinutes
        self.item = item
    }

    public var endMinutes: Double { startMinutes + durationMinutes }

    /// Whether it is in force at `t` (start included, end excluded).
    @inline(__always)
    public func covers(_ t: Double) -> Bool { t >= startMinutes && t < endMinutes }
}

/// Which kinds of disruption period are in force (the records mode is told apart).
public struct DisruptionsInForce: OptionSet, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let dispatch = DisruptionsInForce(rawValue: 1)
    public static let nhs111 = DisruptionsInForce(rawValue: 2)
    /// A hospital on divert.
    public static let divert = DisruptionsInForce(rawValue: 4)
    /// A hospital's capacity cut.
    public static let capacityCut = DisruptionsInForce(rawValue: 8)
    /// Vehicles off the road.
    public static let fleetLoss = DisruptionsInForce(rawValue: 16)
    /// In the order of the daily KPIs.
    public static let kinds: [DisruptionsInForce] = [.dispatch, .nhs111, .divert, .capacityCut, .fleetLoss]
}

/// A step of a phased restoration.
public struct RestorationStep: Sendable, Equatable {
    /// Minutes after the period's start.
    public var afterMinutes: Double
    /// Share of the effect restored from then on (0: none, 1: all).
    public var restored: Double

    public init(afterMinutes: Double, restored: Double) {
        self.afterMinutes = afterMinutes
        self.restored = restored
    }
}

extension DisruptionPeriod {
    /// The period as consecutive phases without restoration steps, each with what remains of
    /// the effect: dispatch multipliers move toward 1, the 111 share and hear-and-treat loss
    /// and a fleet loss shrink in proportion (vehicles rounded), a capacity cut moves toward
    /// no cut. A delay drawn anew and the choice by station stay until the period ends.
    public var phases: [DisruptionPeriod] {
        guard !restoration.isEmpty else { return [self] }
        var out: [DisruptionPeriod] = []
        var from = 0.0, remaining = 1.0
        for step in restoration + [RestorationStep(afterMinutes: durationMinutes, restored: 1)] {
            if step.afterMinutes > from {
                var phase = scaled(remaining: remaining)
                phase.startMinutes = startMinutes + from
                phase.durationMinutes = step.afterMinutes - from
                phase.restoration = []
                out.append(phase)
            }
            from = max(from, step.afterMinutes)
            remaining = 1 - step.restored
        }
        return out
    }

    /// This period with `r` of its effect left.
    func scaled(remaining r: Double) -> DisruptionPeriod {
        var p = self
        p.dispatch.delayMultiplier = dispatch.delayMultiplier.map { 1 + ($0 - 1) * r }
        p.nhs111.redirectedShare = nhs111.redirectedShare * r
        p.nhs111.hearAndTreatReduction = nhs111.hearAndTreatReduction * r
        p.hospital.capacityFactor = 1 - (1 - hospital.capacityFactor) * r
        p.fleet.vehicles = fleet.vehicles.map { Int((Double($0) * r).rounded()) }
        p.fleet.share = fleet.share.map { $0 * r }
        return p
    }
}

extension ServiceConfiguration {
    /// Every disruption period as its phases (`DisruptionPeriod.phases`), in the order of
    /// `disruptionPeriods`: what the model schedules.
    public var disruptionPhases: [DisruptionPeriod] { disruptionPeriods.flatMap(\.phases) }
}

/// Manual allocation while the CAD is down.
public struct DispatchDisruption: Sendable {
    /// Multiplies each category's call-to-dispatch delay as drawn (index category - 1).
    /// 1: unchanged. No published figure for manual allocation: scenarios label theirs.
    public var delayMultiplier: [Double] = [1, 1, 1, 1]
    /// A category's delay drawn anew from this distribution instead (nil: the multiplied
    /// normal delay). Drawn from the disruption's own stream, after the normal draw, so
    /// that the other calls keep their random numbers.
    public var delayMinutes: [Distribution?] = [nil, nil, nil, nil]
    /// Without vehicle positions (AVL) the dispatcher sends the vehicle whose station is
    /// nearest: a vehicle driving back is taken to be at its station. It still drives
    /// from where it really is.
    public var choosesByStation = false

    public init() {}
}

/// NHS 111 down: a share of its callers ring 999 instead.
public struct NHS111Disruption: Sendable {
    /// 111 calls per resident per day in normal times (NHS England IUC ADC level; each
    /// scenario gives its figure and source).
    public var callsPerResidentPerDay: Double = 0
    /// 111's hour-of-day profile (24 factors averaging 1); nil: the 999 demand's.
    public var hourOfDayFactors: [Double]? = nil
    /// Share of 111 calls that become 999 calls while 111 is down.
    public var redirectedShare: Double = 0
    /// Category mix of the redirected calls (index category - 1; sums to 1). They keep
    /// their category's dispositions.
    public var categoryShares: [Double] = [0, 0, 1, 0]
    /// Share of 999's hear-and-treat closures lost while 111's directory is down: those
    /// calls need a vehicle instead (their face-to-face outcome in the category's proportions).
    public var hearAndTreatReduction: Double = 0
    /// Zones whose 111 service is down (empty: all).
    public var zones: [Int] = []

    public init() {}
}

/// An emergency department on divert, or with its acceptance capacity cut.
public struct HospitalDisruption: Sendable {
    public var hospital = 0
    /// On divert: conveyances that would go there go to the nearest hospital (from the
    /// scene) not on divert. When every hospital is on divert, none is (assumption: a
    /// divert needs a neighbour to take the patients).
    public var divert = false
    /// Multiplies its offload spaces (or ED bays), rounded, at least 1. 1: unchanged.
    public var capacityFactor: Double = 1

    public init() {}
}

/// Vehicles off the road at some stations.
public struct FleetLoss: Sendable {
    /// Stations affected (empty: all).
    public var stations: [Int] = []
    /// Vehicles lost in each shift of each station (`vehicles`), or that share of each
    /// shift's vehicles, rounded (`share`): the highest-ranked crews of a shift lose
    /// theirs, as with `fleet_availability`. Exactly one is set.
    public var vehicles: Int? = nil
    public var share: Double? = nil

    public init() {}

    /// Vehicles this loss takes from a shift of `size`.
    public func lost(ofShift size: Int) -> Int {
        if let vehicles { return min(size, vehicles) }
        return min(size, Int((Double(size) * (share ?? 0)).rounded()))
    }
}

extension ServiceConfiguration {
    /// The rules the disruption periods break (part of `problems()`).
    func disruptionPeriodProblems() -> [ConfigurationProblem] {
        var out: [ConfigurationProblem] = []
        func check(_ ok: Bool, _ path: String, _ message: @autoclosure () -> String) {
            if !ok { out.append(ConfigurationProblem(path: path, message: message())) }
        }
        for (i, d) in disruptionPeriods.enumerated() {
            let p = "disruption[\(d.item ?? i)]"
            // A period that began before the run is in force from its start; one over by then is a mistake.
            check(d.startMinutes.isFinite && (d.endMinutes > 0 || carriesEarlierDisruptions), "\(p).from",
                  "the period is over before the run starts (it ends \(-d.endMinutes) minutes before the start): it would never happen")
            check(d.startMinutes < horizonMinutes || carriesEarlierDisruptions, "\(p).from",
                  "falls after the end of the run (\(d.startMinutes) minutes from the start, horizon \(horizonMinutes)): the disruption would never happen; move it or lengthen the horizon")
            check(d.durationMinutes.isFinite && d.durationMinutes > 0, "\(p).for", "must be a duration > 0 (got \(d.durationMinutes) minutes)")
            var previous = 0.0
            for (j, step) in d.restoration.enumerated() {
                let q = "\(p).restoration[\(j)]"
                check(step.afterMinutes.isFinite && step.afterMinutes > previous && step.afterMinutes < d.durationMinutes, "\(q).after",
                      "must fall inside the period, after the step before (got \(step.afterMinutes) minutes of \(d.durationMinutes))")
                check(step.restored >= 0 && step.restored <= 1, "\(q).restored", "must be in [0, 1] (got \(step.restored))")
                previous = max(previous, step.afterMinutes)
            }
            check(d.restoration.isEmpty || !(d.kind == .hospital && d.hospital.divert), "\(p).restoration",
                  "a divert is on or off: end it with for: or until:, or give a capacity_factor to restore in phases")
            switch d.kind {
            case .dispatch:
                for (c, m) in d.dispatch.delayMultiplier.enumerated() {
                    check(m.isFinite && m >= 0 && m <= 100, "\(p).delay_multiplier", "must be between 0 and 100 (got \(m) for c\(c + 1))")
                }
                for (c, dist) in d.dispatch.delayMinutes.enumerated() {
                    guard let dist else { continue }
                    do { try dist.validated() } catch { out.append(ConfigurationProblem(path: "\(p).delay_minutes.c\(c + 1)", message: error.message)) }
                }
            case .nhs111:
                let n = d.nhs111
                check(n.callsPerResidentPerDay.isFinite && n.callsPerResidentPerDay >= 0 && n.callsPerResidentPerDay <= 1,
                      "\(p).calls_per_resident_per_day", "must be between 0 and 1 (got \(n.callsPerResidentPerDay))")
                check(n.redirectedShare >= 0 && n.redirectedShare <= 1, "\(p).redirected_share", "must be in [0, 1] (got \(n.redirectedShare))")
                check(n.hearAndTreatReduction >= 0 && n.hearAndTreatReduction <= 1, "\(p).hear_and_treat_reduction",
                      "must be in [0, 1] (got \(n.hearAndTreatReduction))")
                check(n.categoryShares.count == 4 && n.categoryShares.allSatisfy { $0 >= 0 } && abs(n.categoryShares.reduce(0, +) - 1) <= 1e-6,
                      "\(p).categories", "shares c1-c4 must be >= 0 and sum to 1 (got \(n.categoryShares.reduce(0, +)))")
                if let f = n.hourOfDayFactors {
                    let mean = f.reduce(0, +) / Double(max(1, f.count))
                    check(f.count == 24 && f.allSatisfy { $0.isFinite && $0 >= 0 } && abs(mean - 1) <= 0.005, "\(p).hour_of_day",
                          "needs 24 factors >= 0 averaging 1 (got \(f.count), mean \(mean))")
                }
                check(n.zones.allSatisfy { zones.indices.contains($0) }, "\(p).zones", "names a zone that does not exist")
            case .hospital:
                let h = d.hospital
                check(hospitals.indices.contains(h.hospital), "\(p).hospital", "names a hospital that does not exist")
                check(h.capacityFactor.isFinite && h.capacityFactor > 0 && h.capacityFactor <= 10, "\(p).capacity_factor",
                      "must be > 0 and <= 10 (got \(h.capacityFactor)); to close the department to ambulances, use divert: true")
                check(h.divert || h.capacityFactor != 1, p, "changes nothing: set divert: true or a capacity_factor other than 1")
                check(!h.divert || hospitals.count > 1, "\(p).divert", "needs another hospital to take the conveyances (the service has one)")
            case .fleet:
                let f = d.fleet
                check(f.stations.allSatisfy { stations.indices.contains($0) }, "\(p).stations", "names a station that does not exist")
                check((f.vehicles == nil) != (f.share == nil), p, "needs exactly one of vehicles: (per shift of each station) or share:")
                if let k = f.vehicles { check(k >= 0, "\(p).vehicles", "must be >= 0 (got \(k))") }
                if let s = f.share { check(s >= 0 && s <= 1, "\(p).share", "must be in [0, 1] (got \(s))") }
            }
        }
        // Every hospital on divert at once would send the conveyances nowhere (the model
        // then lets all of them take patients, so the divert would silently do nothing).
        let diverts = disruptionPeriods.enumerated().filter { $0.element.kind == .hospital && $0.element.hospital.divert }
        if hospitals.count > 1 {
            for (i, d) in diverts {
                let t = max(0, d.startMinutes)
                let inForce = diverts.filter { max(0, $0.element.startMinutes) <= t && t < $0.element.endMinutes }
                guard Set(inForce.map(\.element.hospital.hospital)).count == hospitals.count else { continue }
                let items = inForce.map { "disruption[\($0.element.item ?? $0.offset)]" }
                out.append(ConfigurationProblem(path: "disruption[\(d.item ?? i)].divert",
                    message: "with \(items.joined(separator: ", ")), every hospital (\(hospitals.count)) is on divert at once from minute \(Int(t)): no department would take the conveyances; a divert needs a neighbour open"))
                break
            }
        }
        return out
    }
}
