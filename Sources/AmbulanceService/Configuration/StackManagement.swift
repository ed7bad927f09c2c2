import Stochastics

/// Clinical review of the stack (control-room clinicians): waiting lower-acuity calls are
/// reviewed by phone, oldest first, and part of them closed by hear-and-treat or referral,
/// so that hear-and-treat rises with load, as it does in the published months (NHS
/// England, AmbSYS A17; the Clinical Validation and "C2 segmentation" programmes of
/// 2022-23). Parameters are per scenario, each sourced or labelled an assumption there.
public struct ClinicalReview: Sendable, Equatable {
    /// Clinicians reviewing, by hour of day (24 values >= 0).
    public var cliniciansByHour: [Int]
    /// Per category (index 0-3): minutes a call waits for a vehicle before its first review;
    /// nil: the category is not reviewed.
    public var firstReviewAfterMinutes: [Double?]
    /// A call a review kept is due again this many minutes later, while it still waits.
    public var reviewAgainAfterMinutes: Double
    /// Clinician minutes one review takes.
    public var reviewMinutes: Distribution
    /// Per category: probability that a review closes the call (hear-and-treat or referral).
    public var closeProbability: [Double]
    /// Per category: a kept call is re-categorised to `to` with `probability` (an upgrade
    /// when the patient has worsened, a downgrade when the call was over-triaged); nil: never.
    public var recategorise: [Recategorisation?]

    public init(cliniciansByHour: [Int], firstReviewAfterMinutes: [Double?], reviewAgainAfterMinutes: Double,
                reviewMinutes: Distribution, closeProbability: [Double], recategorise: [Recategorisation?] = [nil, nil, nil, nil]) {
        self.cliniciansByHour = cliniciansByHour
        self.firstReviewAfterMinutes = firstReviewAfterMinutes
        self.reviewAgainAfterMinutes = reviewAgainAfterMinutes
        self.reviewMinutes = reviewMinutes
        self.closeProbability = closeProbability
        self.recategorise = recategorise
    }
}

/// A review's change of category for a call it keeps.
public struct Recategorisation: Sendable, Equatable {
    public var to: CallCategory
    public var probability: Double

    public init(to: CallCategory, probability: Double) {
        self.to = to
        self.probability = probability
    }
}

/// Callers who stop waiting: a call still without a vehicle after its caller's patience
/// ends without a response (the patient makes their own way, or no longer needs one). It is
/// counted (`calls_abandoned_count`) and has no response time, as AmbSYS response times
/// count only incidents with a vehicle on scene.
public struct Abandonment: Sendable, Equatable {
    /// Per category (index 0-3): patience in minutes from the call being ready for
    /// dispatch; nil: callers of that category never abandon.
    public var patienceMinutes: [Distribution?]

    public init(patienceMinutes: [Distribution?]) {
        self.patienceMinutes = patienceMinutes
    }
}

/// The order in which waiting calls get a vehicle when C2, C3 and C4 compete for it:
/// delay-dependent priority (Kleinrock 1964, "A delay-dependent queue discipline", Naval
/// Research Logistics Quarterly 11). A waiting call's urgency is its category's weight times
/// the minutes it has waited since it became ready for dispatch; a free vehicle takes the
/// most urgent call it can reach. C1 always goes first. Off (nil), the stack is strictly by
/// category, then oldest first (a C3 waits while any C2 waits).
///
/// A control room works the stack this way, not strictly: a C3 that has waited hours is sent
/// before a C2 that came in a minute ago. Under load, a category's waits scale with the
/// inverse of its weight, so the published C3 mean stays a near-constant multiple of the C2
/// mean from month to month (AmbSYS A31, A34), where strict priority makes the multiple
/// grow steeply with load.
public struct DispatchPriority: Sendable, Equatable {
    /// Per category (index 0-3): weight > 0; index 0 (C1) is not used.
    public var weights: [Double]

    public init(c2: Double, c3: Double, c4: Double) {
        weights = [1, c2, c3, c4]
    }
}

