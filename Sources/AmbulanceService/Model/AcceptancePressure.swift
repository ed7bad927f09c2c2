/// Hospital pressure in the model (`HospitalPressure`): per hospital, the factor on the
/// time an offload space (or an ED bay) is held, changing at dated steps. Time only moves
/// forward in a run, so each hospital keeps a cursor into its steps: a look-up is O(1)
/// amortised. Neutral (every factor 1) when the scenario has no pressure: the model then
/// takes exactly its usual paths.
struct AcceptancePressure {
    /// Per hospital, (from, factor) in time order, the first from -infinity; empty when neutral.
    private let profiles: [[(from: Double, factor: Double)]]
    private var cursors: [Int]
    let isNeutral: Bool

    init(configuration c: ServiceConfiguration) {
        isNeutral = c.hospitalPressure.isNeutral
        profiles = isNeutral ? [] : c.hospitals.indices.map { c.hospitalPressure.profile(hospital: $0) }
        cursors = Array(repeating: 0, count: profiles.count)
    }

    /// The factor in force at hospital `h` at `now` (1 when neutral).
    @inline(__always)
    mutating func factor(hospital h: Int, at now: Double) -> Double {
        guard !isNeutral else { return 1 }
        var i = cursors[h]
        let steps = profiles[h]
        while i + 1 < steps.count && steps[i + 1].from <= now { i += 1 }
        cursors[h] = i
        return steps[i].factor
    }
}
