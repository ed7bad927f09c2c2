import HeapModule

/// The control-room clinicians who review the stack: calls due for review wait here,
/// oldest call first; each clinician (desk) reviews one call at a time. Owns only its own
/// state; the model decides what a review finds (`ServiceModel+Stack`).
struct ClinicalReviewDesk {
    struct Due: Comparable {
        let arrival: Double
        let sequence: UInt64
        let call: Int32
        let ticket: UInt32
        static func < (a: Due, b: Due) -> Bool { a.arrival != b.arrival ? a.arrival < b.arrival : a.sequence < b.sequence }
        static func == (a: Due, b: Due) -> Bool { a.sequence == b.sequence }
    }

    private var due = Heap<Due>()
    private var nextSequence: UInt64 = 0
    /// The call each desk is reviewing (call -1: free).
    private(set) var desks: [(call: Int32, ticket: UInt32)]
    /// Clinicians on duty now; desks beyond it finish their review and stay empty.
    private(set) var capacity: Int
    private(set) var busy = 0

    init(maximumClinicians: Int, capacity: Int) {
        desks = Array(repeating: (-1, 0), count: maximumClinicians)
        self.capacity = capacity
    }

    mutating func setCapacity(_ n: Int) { capacity = n }

    /// A call becomes due for review.
    mutating func enqueue(call: Int32, ticket: UInt32, arrival: Double) {
        due.insert(Due(arrival: arrival, sequence: nextSequence, call: call, ticket: ticket))
        nextSequence &+= 1
    }

    /// Starts the next review if a clinician is free: the oldest due call still `live`,
    /// at the free desk with the lowest index. Returns the desk and call, or nil.
    mutating func startNext(live: (Int32, UInt32) -> Bool) -> (desk: Int, call: Int32)? {
        guard busy < capacity else { return nil }
        while let d = due.popMin() {
            guard live(d.call, d.ticket) else { continue }
            let desk = desks.firstIndex { $0.call < 0 }!
            desks[desk] = (d.call, d.ticket)
            busy += 1
            return (desk, d.call)
        }
        return nil
    }

    /// A review ends: the desk is free; returns the call and ticket it reviewed.
    mutating func finish(desk: Int) -> (call: Int32, ticket: UInt32) {
        let done = desks[desk]
        desks[desk] = (-1, 0)
        busy -= 1
        return done
    }
}
