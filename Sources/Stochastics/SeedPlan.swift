/// What a random stream is used for. Each purpose of each replication has its own stream,
/// so changing how one part of the model draws numbers leaves the others' draws alone
/// (common random numbers across scenarios).
public enum StreamPurpose: UInt8, CaseIterable, Sendable {
    case arrivals = 0
    case categories = 1
    case dispositions = 2
    case dispatch = 3
    case travel = 4
    case onScene = 5
    case handover = 6
    case clearing = 7
    case uncertainInputs = 8
    case walkIns = 9
    case backEntry = 10
    case service = 11
    case recordDefects = 12
    case trace = 13
    /// The stack of waiting calls: clinical review (substreams 0 and 1), abandonment (2).
    case stack = 14
    /// Disruption periods: manual dispatch delays drawn anew (substream 0), 111 calls
    /// redirected to 999: candidate times (1), thinning and zone (2), their own draws (3).
    case disruptions = 15
}

/// Derives a seed for every (replication, purpose, substream) from one master seed.
///
/// Derivation: `base = low32(splitmix64(master))`, then
/// `seed = (base + (replication << 12 | purpose << 8 | substream)) mod 2^32`.
/// Within one master seed the map is injective while replication < 2^20, purpose < 16
/// and substream < 256, so no two streams of an experiment share a seed (MT19937 takes
/// 32-bit seeds, so a hashed 64-bit seed would risk birthday collisions: about 1% at
/// 10^4 streams). Neighbouring seeds are safe with MT19937's 2002 initialiser. The same
/// master seed gives the same streams in any scenario, which is what makes a baseline and
/// an outage run see the same calls.
public struct SeedPlan: Sendable, Equatable {
    public let masterSeed: UInt64
    /// Limits of the injective part of the derivation.
    public static let maximumReplications = 1 << 20
    public static let maximumSubstreams = 256

    public init(masterSeed: UInt64) { self.masterSeed = masterSeed }

    /// SplitMix64 finaliser (Steele, Lea & Flood 2014): scrambles the master seed so that
    /// master seeds 1, 2, 3... start far apart.
    @inlinable
    static func splitMix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of one stream.
    public func seed(replication: Int, purpose: StreamPurpose, substream: Int = 0) -> UInt64 {
        precondition(replication >= 0 && replication < Self.maximumReplications,
                     "replication index must be in 0..<\(Self.maximumReplications) (got \(replication))")
        precondition(substream >= 0 && substream < Self.maximumSubstreams,
                     "substream must be in 0..<\(Self.maximumSubstreams) (got \(substream))")
        let base = UInt32(truncatingIfNeeded: Self.splitMix64(masterSeed))
        let index = UInt32(replication) << 12 | UInt32(purpose.rawValue) << 8 | UInt32(substream)
        return UInt64(base &+ index)
    }

    /// A fresh stream for one (replication, purpose, substream).
    public func stream(replication: Int, purpose: StreamPurpose, substream: Int = 0) -> RandomStream {
        RandomStream(seed: seed(replication: replication, purpose: purpose, substream: substream))
    }
}
