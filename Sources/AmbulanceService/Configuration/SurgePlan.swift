/// Service escalation (surge levels, after the national Resource Escalation Action Plan,
/// REAP, levels 1-4): reviewed every hour on the hour, the level rises while the stack of
/// calls waiting for a vehicle is at or above the next level's threshold and falls while it
/// is below the current level's stand-down threshold. Each level puts a number of extra
/// crews on duty (overtime, managers and other duties) and extra clinicians on the stack
/// review. The numbers are a scenario's, sourced or labelled an assumption there.
public struct SurgePlan: Sendable, Equatable {
    public var levels: [SurgeLevel]

    public init(levels: [SurgeLevel]) { self.levels = levels }

    /// Extra vehicles at the highest level (the surge pool).
    public var poolSize: Int { levels.map(\.extraVehicles).max() ?? 0 }
}

public struct SurgeLevel: Sendable, Equatable {
    /// The level is reached when this many calls wait for a vehicle.
    public var stackAtLeast: Int
    /// The level is left when fewer than this many wait.
    public var standDownBelow: Int
    /// Extra crews on duty at this level (in all, not on top of the level below).
    public var extraVehicles: Int
    /// Extra clinicians reviewing the stack at this level (in all).
    public var extraClinicians: Int

    public init(stackAtLeast: Int, standDownBelow: Int, extraVehicles: Int, extraClinicians: Int = 0) {
        self.stackAtLeast = stackAtLeast
        self.standDownBelow = standDownBelow
        self.extraVehicles = extraVehicles
        self.extraClinicians = extraClinicians
    }
}

extension ServiceConfiguration {
    /// The station of each surge pool vehicle: the pool spread over the stations in
    /// proportion to their rostered vehicles (all shifts), by largest remainder, ties to the
    /// lower station index.
    public func surgePoolStations() -> [Int] {
        let n = surge?.poolSize ?? 0
        guard n > 0, !stations.isEmpty else { return [] }
        let weights = stations.map { Double(max(1, $0.roster.reduce(0) { $0 + $1.vehicles })) }
        let total = weights.reduce(0, +)
        let quotas = weights.map { Double(n) * $0 / total }
        var counts = quotas.map { Int($0.rounded(.down)) }
        let order = quotas.indices.sorted { (quotas[$0] - Double(counts[$0]), -$0) > (quotas[$1] - Double(counts[$1]), -$1) }
        for i in order.prefix(n - counts.reduce(0, +)) { counts[i] += 1 }
        return counts.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }
    }
}
