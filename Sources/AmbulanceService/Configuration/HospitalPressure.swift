/// The state of the emergency departments as a dated input: how long an ED takes to accept
/// an ambulance patient into one of its offload spaces (or, in ED-bay mode, how long its
/// patients occupy a bay), relative to the scenario's own hospital regime. The wait to hand
/// over emerges from the acceptance queue (issue 10's mechanism); pressure lengthens or
/// shortens the time a space is held, so that a month whose EDs ran worse or better than
/// the calibration months can be represented, and driven by the month's published
/// arrival-to-handover (AmbSYS A142; `backtest --drive handover`).
///
/// A factor of 1 is the scenario as written; 2 means spaces are held twice as long (exit
/// block); the crew's own handover minutes are unchanged. The factor for hospital h at time
/// t is `scale` x the latest service-wide step at or before t x the latest step naming h at
/// or before t (a step before the run is in force from its start).
public struct HospitalPressure: Sendable, Equatable {
    /// A step of the profile: from `fromMinutes` (minutes from the scenario start) on,
    /// `factor`, for `hospitals` (empty: every hospital).
    public struct Step: Sendable, Equatable {
        public var fromMinutes: Double
        public var factor: Double
        public var hospitals: [Int]
        public init(fromMinutes: Double, factor: Double, hospitals: [Int] = []) {
            self.fromMinutes = fromMinutes
            self.factor = factor
            self.hospitals = hospitals
        }
    }

    public var steps: [Step]
    /// A service-wide multiplier on the whole profile (`hospital_pressure_scale`): what
    /// `backtest --drive handover` solves for.
    public var scale: Double

    public init(steps: [Step] = [], scale: Double = 1) {
        self.steps = steps
        self.scale = scale
    }

    /// Whether it changes nothing (every factor 1): the model then takes its usual paths.
    public var isNeutral: Bool { scale == 1 && steps.allSatisfy { $0.factor == 1 } }

    /// For hospital `h`, the times at which its factor changes and the factor from each on,
    /// in time order; the first entry is at -infinity.
    public func profile(hospital h: Int) -> [(from: Double, factor: Double)] {
        let mine = steps.filter { $0.hospitals.isEmpty || $0.hospitals.contains(h) }
        let times = Array(Set(mine.map(\.fromMinutes))).sorted()
        var out: [(from: Double, factor: Double)] = [(-.infinity, scale)]
        for t in times {
            let wide = steps.last { $0.hospitals.isEmpty && $0.fromMinutes <= t }?.factor ?? 1
            let own = steps.last { !$0.hospitals.isEmpty && $0.hospitals.contains(h) && $0.fromMinutes <= t }?.factor ?? 1
            out.append((t, scale * wide * own))
        }
        return out
    }

    /// The factor for hospital `h` at minute `t` (not for the event loop: see `profile`).
    public func factor(hospital h: Int, at t: Double) -> Double {
        profile(hospital: h).last { $0.from <= t }!.factor
    }
}

extension ServiceConfiguration {
    /// The rules the hospital pressure profile breaks (part of `problems()`).
    func hospitalPressureProblems() -> [ConfigurationProblem] {
        var out: [ConfigurationProblem] = []
        let p = hospitalPressure
        if !(p.scale.isFinite && p.scale > 0 && p.scale <= 100) {
            out.append(ConfigurationProblem(path: "hospital_pressure_scale", message: "must be > 0 and <= 100 (got \(p.scale))"))
        }
        for (i, step) in p.steps.enumerated() {
            let path = "hospital_pressure[\(i)]"
            if !(step.factor.isFinite && step.factor > 0 && step.factor <= 100) {
                out.append(ConfigurationProblem(path: "\(path).factor", message: "must be > 0 and <= 100 (got \(step.factor)): 1 is the scenario's own hospitals, 2 spaces held twice as long"))
            }
            if !step.hospitals.allSatisfy({ hospitals.indices.contains($0) }) {
                out.append(ConfigurationProblem(path: "\(path).hospitals", message: "names a hospital that does not exist"))
            }
            if i > 0, p.steps[i - 1].fromMinutes > step.fromMinutes {
                out.append(ConfigurationProblem(path: "\(path).from", message: "steps must be in date order"))
            }
            if let j = p.steps[..<i].lastIndex(where: { $0.fromMinutes == step.fromMinutes && Set($0.hospitals) == Set(step.hospitals) }) {
                out.append(ConfigurationProblem(path: "\(path).from", message: "repeats hospital_pressure[\(j)] (same date, same hospitals): give one factor"))
            }
        }
        return out
    }
}
