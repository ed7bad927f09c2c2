/// KPIs derived from a replication's counts: the shares that NHS England's AmbSYS
/// publishes as counts over incidents (dispositions) or over responded incidents (category
/// mix). They are not columns of `replications.csv` (the counts they come from are); a
/// backtest and its tolerances name them like any KPI.
extension ReplicationOutcome {
    /// A share: the sum of `numerator` KPIs over the sum of `denominator` KPIs.
    public struct DerivedShare: Sendable {
        public let name: String
        public let numerator: [String]
        public let denominator: [String]
    }

    /// Disposition shares of all incidents (AmbSYS A17, A55, A53, A54 over A7) and the
    /// category mix of responded incidents (A8, A10-A12 over their sum). AmbSYS counts every
    /// incident as face to face (A56) or hear-and-treat (A17): A7 = A56 + A17 on every row.
    /// A call that ended without a vehicle because its caller stopped waiting was closed by
    /// phone, so it counts with hear-and-treat here.
    public static let derivedShares: [DerivedShare] = {
        var out = [
            DerivedShare(name: "hear_and_treat_share", numerator: ["hear_and_treat_count", "calls_abandoned_count"], denominator: ["calls_count"]),
            DerivedShare(name: "see_and_treat_share", numerator: ["see_and_treat_count"], denominator: ["calls_count"]),
            DerivedShare(name: "conveyed_ed_share", numerator: ["conveyed_ed_count"], denominator: ["calls_count"]),
            DerivedShare(name: "conveyed_elsewhere_share", numerator: ["conveyed_elsewhere_count"], denominator: ["calls_count"]),
        ]
        let responded = CallCategory.allCases.map { "c\($0.rawValue)_responded_count" }
        for c in CallCategory.allCases {
            out.append(DerivedShare(name: "c\(c.rawValue)_responded_share", numerator: ["c\(c.rawValue)_responded_count"], denominator: responded))
        }
        return out
    }()

    /// Every KPI a backtest or a tolerance may name: the outcome's own, then the derived shares.
    public static var allKPINames: [String] { kpiNames + derivedShares.map(\.name) }

    /// How to read a KPI (own or derived) from an outcome's values, or nil for an unknown name.
    public static func reader(for name: String) -> (@Sendable ([Double]) -> Double)? {
        if let i = kpiNames.firstIndex(of: name) { return { $0[i] } }
        guard let share = derivedShares.first(where: { $0.name == name }) else { return nil }
        let top = share.numerator.map { kpiNames.firstIndex(of: $0)! }
        let bottom = share.denominator.map { kpiNames.firstIndex(of: $0)! }
        return { values in
            let d = bottom.reduce(0.0) { $0 + values[$1] }
            return d > 0 ? top.reduce(0.0) { $0 + values[$1] } / d : .nan
        }
    }
}
