/// Move-up (also called relocation or dynamic deployment): when a dispatch leaves a zone
/// with no available vehicle expected within `coverMinutes`, an idle vehicle at a post
/// elsewhere drives to stand by in that zone. A common control-room practice (standby
/// points, "system status management"); the rule below is an assumption of the model, not a
/// published policy: a planner switches it on to ask what covering empty zones buys.
///
/// The rule, checked after every dispatch:
/// - A zone is covered when an available vehicle is expected within `coverMinutes` of it.
///   An available vehicle counts at its post (where it is idle, or where it is driving to).
/// - Zones with resident demand are kept covered, in zone order.
/// - For an uncovered zone, the vehicle moved is the idle one nearest to it (ties to the
///   lower index) that is no more than `maxMoveMinutes` away and whose leaving uncovers
///   no zone (every zone it covers is covered by another vehicle too).
/// - It is available while it drives; after its next job it returns to its own station.
public struct MoveUpPolicy: Sendable, Equatable {
    public var coverMinutes: Double
    public var maxMoveMinutes: Double

    public init(coverMinutes: Double, maxMoveMinutes: Double) {
        self.coverMinutes = coverMinutes
        self.maxMoveMinutes = maxMoveMinutes
    }
}
