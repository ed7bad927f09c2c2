/// The Ambulance Response Programme call category (NHS England, 2017). C1 is
/// life-threatening, C4 less urgent. The raw value is the dispatch priority: lower is
/// more urgent.
public enum CallCategory: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case c1 = 1, c2 = 2, c3 = 3, c4 = 4

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "C\(rawValue)" }

    /// The category a scenario file names: `c1` to `c4`.
    public init?(key: String) {
        guard key.count == 2, key.first == "c", let n = Int(key.dropFirst()), let c = CallCategory(rawValue: n) else { return nil }
        self = c
    }

    /// ARP standards in minutes: mean (where set) and 90th centile.
    /// Source: NHS England ARP standards, as summarised by House of Commons Library
    /// CDP-2025-0042 and the Nuffield Trust (see shared calibration sheet).
    public var standardMeanMinutes: Double? {
        switch self {
        case .c1: 7
        case .c2: 18
        case .c3, .c4: nil
        }
    }

    /// ARP 90th-centile standard in minutes.
    public var standard90thCentileMinutes: Double {
        switch self {
        case .c1: 15
        case .c2: 40
        case .c3: 120
        case .c4: 180
        }
    }
}
