/// Service escalation: surge levels reviewed hourly against the stack. Each level puts a
/// number of extra crews on duty (a pool of vehicles spread over the stations in proportion
/// to their rosters) and extra review clinicians; when the level falls they stand down
/// (after their job). It owns the level and the pool's state and decides the level; the
/// coordinator puts the pool's vehicles on and off the roster.
struct SurgeEscalation {
    private let levels: [SurgeLevel]
    /// The level now (0: none).
    private(set) var level = 0
    /// The pool's first vehicle index, and how many of the pool are on duty (the first ones).
    let firstVehicle: Int
    private(set) var onDuty = 0
    /// Since when each pool vehicle on duty has been.
    private var since: [Double]

    init(plan: SurgePlan?, firstVehicle: Int, poolSize: Int) {
        levels = plan?.levels ?? []
        self.firstVehicle = firstVehicle
        since = Array(repeating: 0, count: poolSize)
    }

    /// The level the stack calls for, from the level now: up while the next level's
    /// threshold is met, down while below the current level's stand-down.
    func levelFor(callsWaiting: Int) -> Int {
        var l = level
        while l < levels.count && callsWaiting >= levels[l].stackAtLeast { l += 1 }
        while l > 0 && callsWaiting < levels[l - 1].standDownBelow { l -= 1 }
        return l
    }

    /// Extra crews and clinicians at `level`.
    func extraVehicles(at level: Int) -> Int { level == 0 ? 0 : levels[level - 1].extraVehicles }
    func extraClinicians(at level: Int) -> Int { level == 0 ? 0 : levels[level - 1].extraClinicians }

    /// Extra clinicians of the level now.
    var clinicians: Int { extraClinicians(at: level) }

    mutating func setLevel(_ l: Int) { level = l }

    /// The next pool vehicle comes on duty at `now`: its index.
    mutating func vehicleComesOn(at now: Double) -> Int {
        since[onDuty] = now
        onDuty += 1
        return firstVehicle + onDuty - 1
    }

    /// The last pool vehicle on duty stands down: its index and since when it was on.
    mutating func vehicleStandsDown() -> (vehicle: Int, since: Double) {
        onDuty -= 1
        return (firstVehicle + onDuty, since[onDuty])
    }

    /// Hours surge vehicles were on duty in the counted period, those still on counted to `end`.
    func vehicleHours(until end: Double, measure: Measurement) -> Double {
        var minutes = measure.kpi.surgeVehicleMinutes
        for i in 0..<onDuty { minutes += measure.countedMinutes(from: since[i], to: end) }
        return minutes / 60
    }
}
