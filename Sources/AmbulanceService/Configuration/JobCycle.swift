import Stochastics

/// Durations of the job cycle under electronic records (record modes add to them).
public struct JobCycle: Sendable, Equatable {
    /// On scene when the patient is conveyed. Calibration: mean ~35-38 (suspected stroke
    /// mean 37:40, EMJ 41/10/617).
    public var onSceneConveyedMinutes: Distribution
    /// On scene when the patient is treated and left at home. Calibration: ~55 [E].
    public var onSceneSeeAndTreatMinutes: Distribution
    /// Expected travel to hospital is from the zone matrix; this is the extra time a
    /// conveyance elsewhere takes (travel and handover at a non-ED destination) in total.
    public var conveyedElsewhereMinutes: Distribution
    /// After handover, before the crew is available (cleaning, paperwork). Calibration:
    /// ~15, implicit in the 30-minute turnaround norm.
    public var clearMinutes: Distribution
    /// Crews on second vehicles (multi-vehicle C1) spend this long on scene and then clear
    /// without conveying (assumption: the first crew conveys).
    public var secondVehicleOnSceneMinutes: Distribution

    public init(onSceneConveyedMinutes: Distribution, onSceneSeeAndTreatMinutes: Distribution,
                conveyedElsewhereMinutes: Distribution, clearMinutes: Distribution,
                secondVehicleOnSceneMinutes: Distribution? = nil) {
        self.onSceneConveyedMinutes = onSceneConveyedMinutes
        self.onSceneSeeAndTreatMinutes = onSceneSeeAndTreatMinutes
        self.conveyedElsewhereMinutes = conveyedElsewhereMinutes
        self.clearMinutes = clearMinutes
        self.secondVehicleOnSceneMinutes = secondVehicleOnSceneMinutes ?? onSceneConveyedMinutes
    }
}
