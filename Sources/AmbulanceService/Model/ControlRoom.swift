import DES
import Stochastics

/// The control room's work on the stack besides dispatch: clinicians reviewing waiting
/// calls by phone (closing some by hear-and-treat, re-categorising others) and callers who
/// stop waiting. It owns the review desk, the clinicians' roster and its streams; it
/// decides the outcome of a review and when a caller gives up, and the coordinator acts on
/// the call. Both act only on calls with no vehicle yet. Off (nil in the configuration),
/// they schedule nothing and draw nothing.
struct ControlRoom {
    /// What a finished review decided for a call still waiting alone.
    enum Verdict {
        case close
        case recategorise(CallCategory)
        case reviewAgain(afterMinutes: Double)
    }

    private let review: ClinicalReview?
    private let abandonment: Abandonment?
    private var desk: ClinicalReviewDesk?
    private let reviewDurationStream: RandomStream?
    private let reviewOutcomeStream: RandomStream?
    private let patienceStream: RandomStream?
    /// Clinicians added for dated periods (`resources:` of kind clinicians).
    private let addedClinicians: [ResourcePeriod]

    init(configuration c: ServiceConfiguration, stream: (StreamPurpose, Int) -> RandomStream, hourAtStart: Int) {
        review = c.clinicalReview
        abandonment = c.abandonment
        if let review = c.clinicalReview {
            let added = c.resources.filter { $0.kind == .clinicians }.reduce(0) { $0 + $1.clinicians }
            desk = ClinicalReviewDesk(maximumClinicians: (review.cliniciansByHour.max() ?? 0) + (c.surge?.levels.map(\.extraClinicians).max() ?? 0) + added,
                                      capacity: review.cliniciansByHour[hourAtStart])
            reviewDurationStream = stream(.stack, 0)
            reviewOutcomeStream = stream(.stack, 1)
        } else {
            desk = nil
            reviewDurationStream = nil
            reviewOutcomeStream = nil
        }
        patienceStream = c.abandonment == nil ? nil : stream(.stack, 2)
        addedClinicians = c.resources.filter { $0.kind == .clinicians }
    }

    /// Clinicians review the stack (their roster changes by the hour).
    var reviewsCalls: Bool { desk != nil }

    /// A call joins the stack with no vehicle: its first review (when its category is
    /// reviewed) and its caller's giving up (when callers of its category do) are scheduled.
    func callWaits(_ call: Int32, ticket: UInt32, category: CallCategory, calendar: inout EventCalendar<ServiceEvent>) {
        let i = category.rawValue - 1
        if let after = review?.firstReviewAfterMinutes[i] {
            calendar.schedule(.callIsDueForReview(CallID(Int(call)), ticket: ticket), after: after)
        }
        if let patienceStream, let patience = abandonment?.patienceMinutes[i] {
            calendar.schedule(.callIsAbandoned(CallID(Int(call)), ticket: ticket), after: max(0, patience.sample(using: patienceStream)))
        }
    }

    /// A waiting call is due for review: it queues for a clinician, oldest call first.
    mutating func queueForReview(_ call: Int32, ticket: UInt32, arrival: Double) {
        desk!.enqueue(call: call, ticket: ticket, arrival: arrival)
    }

    /// Free clinicians take the oldest calls due for review that are still `live`.
    mutating func startReviews(live: (Int32, UInt32) -> Bool, calendar: inout EventCalendar<ServiceEvent>) {
        guard let review else { return }
        while let (d, _) = desk!.startNext(live: live) {
            let minutes = max(0, review.reviewMinutes.sample(using: reviewDurationStream!))
            calendar.schedule(.reviewEnds(desk: Int32(d)), after: minutes)
        }
    }

    /// The clinician at `desk` finishes: the call and ticket reviewed.
    mutating func finishReview(desk d: Int) -> (call: Int32, ticket: UInt32) { desk!.finish(desk: d) }

    /// The review's verdict on a call of `category` still waiting alone, and whether a
    /// closure was lost because 111's directory is down (`hearAndTreatFactor` below 1: the
    /// same draw that would have closed the call does not).
    mutating func verdict(category: CallCategory, hearAndTreatFactor: Double) -> (verdict: Verdict, lostHearAndTreat: Bool) {
        let review = review!
        let i = category.rawValue - 1
        let draw = reviewOutcomeStream!.uniform()
        let closes = draw < review.closeProbability[i] * hearAndTreatFactor
        let lost = !closes && draw < review.closeProbability[i]
        if closes { return (.close, lost) }
        if let change = review.recategorise[i], reviewOutcomeStream!.uniform() < change.probability, change.to != category {
            return (.recategorise(change.to), lost)
        }
        return (.reviewAgain(afterMinutes: review.reviewAgainAfterMinutes), lost)
    }

    /// The clinicians on duty: the roster's at `hour` plus a surge level's `extra`.
    /// The clinicians reviewing now: the roster's for the hour, the surge level's `extra`,
    /// and those `resources:` periods in force at `now` add.
    mutating func setClinicians(hour: Int, extra: Int, at now: Double) {
        guard let review else { return }
        let added = addedClinicians.reduce(0) { $0 + ($1.isInForce(at: now) ? $1.clinicians : 0) }
        desk!.setCapacity(review.cliniciansByHour[hour] + extra + added)
    }
}
