/// Re-tasking: a C1 call with no free vehicle in reach takes a vehicle on its way to a
/// lower-category call; the call it leaves goes back to the stack at its original time
/// (NHS England, Ambulance Response Programme: "a C1 response may be diverted from a lower
/// category"; the rule that picks the vehicle is an assumption, see the model).
public struct Retasking: Sendable, Equatable {
    /// The categories (2-4) whose vehicles a C1 may take.
    public var fromCategories: Set<CallCategory>

    public init(fromCategories: Set<CallCategory>) {
        self.fromCategories = fromCategories
    }
}
