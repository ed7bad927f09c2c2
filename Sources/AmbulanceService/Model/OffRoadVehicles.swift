/// Vehicles off the road (a fleet disruption): which rostered vehicles a loss takes (in
/// each shift, the crews of highest rank lose theirs), and the spells in which a crew is
/// rostered on without a vehicle, which are the vehicle-hours the loss costs. It owns each
/// vehicle's shift and the open spells; the coordinator takes vehicles out of service and
/// puts them back.
struct OffRoadVehicles {
    /// Each rostered vehicle's shift, flattened over the stations' rosters (empty: no fleet period).
    private let shiftOf: [Int32]
    /// Since when an off-road vehicle's crew has been rostered without it (nil: not so).
    private var since: [Double?]

    init(shifts: [Int32], vehicles: Int, hasFleetPeriods: Bool) {
        shiftOf = hasFleetPeriods ? shifts : []
        since = hasFleetPeriods ? Array(repeating: nil, count: vehicles) : []
    }

    /// Whether the losses in force (`lostInShift`, per shift) take vehicle `v`, of `rank` in a shift of `size`.
    @inline(__always)
    func isOff(_ v: Int, rank: Int32, shiftSize size: Int32, lostInShift: [Int]) -> Bool {
        Int(rank) >= Int(size) - lostInShift[Int(shiftOf[v])]
    }

    /// Vehicle `v`'s crew is rostered on without its vehicle from `now`.
    mutating func spellStarts(_ v: Int, at now: Double) { since[v] = now }

    /// The spell of `v` ends (rostered off, or vehicle back): its counted minutes are measured.
    mutating func spellEnds(_ v: Int, at now: Double, measure: inout Measurement) {
        guard let start = since[v] else { return }
        measure.kpi.offRoadMinutes += measure.countedMinutes(from: start, to: now)
        since[v] = nil
    }

    /// Rostered vehicle-hours lost off the road in the counted period, spells still open counted to `end`.
    func hours(until end: Double, measure: Measurement) -> Double {
        var minutes = measure.kpi.offRoadMinutes
        for start in since { if let start { minutes += measure.countedMinutes(from: start, to: end) } }
        return minutes / 60
    }
}
