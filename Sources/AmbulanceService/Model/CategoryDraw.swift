import Stochastics

/// Which category a generated call falls into: a draw from the mix in force at the call's
/// time (the categories' own shares, or the dated `category_mix` step at or before it).
/// Generated calls arrive in time order, so the mix in force is found by a cursor that
/// only moves forward; a call takes one draw from `stream` whichever mix is in force, so
/// common random numbers hold across scenarios that differ only in the mix.
struct CategoryDraw {
    /// The mix in force from `changes[i]` on is `tables[i]` (`changes[0]` is -infinity).
    private let tables: [EmpiricalDistribution]
    private let changes: [Double]
    private var current = 0

    init(configuration c: ServiceConfiguration) {
        let profile = c.categoryMix.profile(base: c.categories.map(\.share))
        tables = profile.map { try! EmpiricalDistribution(values: [1, 2, 3, 4], weights: $0.shares) }
        changes = profile.map(\.from)
    }

    /// The category of a call arriving at minute `t`.
    @inline(__always)
    mutating func category(at t: Double, using stream: RandomStream) -> CallCategory {
        while current + 1 < changes.count && changes[current + 1] <= t { current += 1 }
        return CallCategory(rawValue: tables[current].sampleIndex(using: stream) + 1)!
    }
}
