import Stochastics

/// A numeric input whose value is unknown: sampled once per replication from its own
/// stream (purpose `uncertainInputs`, substream = its index), then written into the
/// configuration before the replication runs. The uncertainty of, say, the paper handover
/// effect thus flows into the confidence intervals.
public struct UncertainInput: Sendable {
    /// The input's key path as a planner reads it (`record_modes.paper.handover_extra_minutes`).
    public var name: String
    public var distribution: Distribution
    /// Writes a sampled value into a configuration.
    public var apply: @Sendable (inout ServiceConfiguration, Double) -> Void

    public init(name: String, distribution: Distribution, apply: @escaping @Sendable (inout ServiceConfiguration, Double) -> Void) {
        self.name = name
        self.distribution = distribution
        self.apply = apply
    }

    /// An uncertain input stored at a key path of the configuration.
    public init(name: String, distribution: Distribution, keyPath: WritableKeyPath<ServiceConfiguration, Double> & Sendable) {
        self.init(name: name, distribution: distribution) { configuration, value in configuration[keyPath: keyPath] = value }
    }
}
