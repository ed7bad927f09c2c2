import HeapModule

/// The stack: vehicle requests waiting for a vehicle, one line per call zone, most urgent
/// first (category, then the time the call became ready for dispatch, then arrival order).
///
/// With dispatch weights (`stack.dispatch_priority`), C2-C4 are ordered by delay-dependent
/// priority instead (Kleinrock 1964): a waiting call's urgency is its category's weight
/// times the time it has waited, and the most urgent goes first; C1 still goes before all.
/// Each category then has a line of its own in each zone, since the order between
/// categories changes as calls wait, while within a category it stays the oldest first.
///
/// A call may leave the stack without a vehicle (closed by clinical review, abandoned by
/// the caller), and a re-tasked call comes back at its original time. Lines are heaps with
/// lazy removal: each call instance has a ticket, and an entry counts only while its call
/// still has that ticket and requests waiting. Call slots are reused (`SlotArray`), so a
/// new call in an old slot gets a new ticket and the old entries die.
///
/// Requests that need an ambulance (a category cars may not answer, a conveyance a car is
/// waiting with) are kept on lines of their own, which cars do not see.
///
/// Complexity: `add` O(log n); `takeMostUrgent` O(z log n) over the z reachable zones,
/// amortised over stale entries.
struct CallStack {
    struct Entry: Comparable {
        let category: Int32
        let readyTime: Double
        let sequence: UInt64
        let call: Int32
        let ticket: UInt32

        static func < (a: Entry, b: Entry) -> Bool {
            if a.category != b.category { return a.category < b.category }
            if a.readyTime != b.readyTime { return a.readyTime < b.readyTime }
            return a.sequence < b.sequence
        }

        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    /// Per zone and class, two lines: index 2 (z classes + k) for any vehicle, one more
    /// for ambulances only. One class (all categories) under strict priority, one per
    /// category under delay-dependent priority.
    private var lines: [Heap<Entry>]
    private let classes: Int
    /// Per category (index 0-3), the delay-dependent weight; nil: strict priority.
    private let weights: [Double]?
    /// Per call slot: requests waiting, and the ticket of the call now in the slot.
    private var requests: [Int8] = []
    private var tickets: [UInt32] = []
    private var nextTicket: UInt32 = 1
    private var nextSequence: UInt64 = 0
    /// Calls with at least one request waiting.
    private(set) var callsWaiting = 0

    init(zones: Int, dispatchWeights: [Double]? = nil) {
        weights = dispatchWeights
        classes = dispatchWeights == nil ? 1 : 4
        lines = Array(repeating: Heap(), count: 2 * zones * classes)
    }

    @inline(__always)
    private func line(zone: Int, category: Int, ambulanceOnly: Bool) -> Int {
        2 * (zone * classes + (classes == 1 ? 0 : category - 1)) + (ambulanceOnly ? 1 : 0)
    }

    /// A new call occupies `call`'s slot: it gets a fresh ticket.
    mutating func open(_ call: Int32) -> UInt32 {
        let i = Int(call)
        if i >= tickets.count {
            tickets += Array(repeating: 0, count: i + 1 - tickets.count)
            requests += Array(repeating: 0, count: i + 1 - requests.count)
        }
        tickets[i] = nextTicket
        requests[i] = 0
        nextTicket &+= 1
        return tickets[i]
    }

    func ticket(_ call: Int32) -> UInt32 { tickets[Int(call)] }

    /// Requests of `call` waiting now.
    func waitingRequests(_ call: Int32) -> Int { Int(requests[Int(call)]) }

    /// Puts one request of `call` on its zone's line (the ambulance-only line if it needs one).
    mutating func add(_ call: Int32, zone: Int, category: Int, readyTime: Double, ambulanceOnly: Bool = false) {
        let i = Int(call)
        if requests[i] == 0 { callsWaiting += 1 }
        requests[i] += 1
        lines[line(zone: zone, category: category, ambulanceOnly: ambulanceOnly)].insert(Entry(category: Int32(category), readyTime: readyTime, sequence: nextSequence, call: call, ticket: tickets[i]))
        nextSequence &+= 1
    }

    /// Takes every waiting request of `call` off the stack (the call left without a vehicle).
    mutating func withdraw(_ call: Int32) {
        let i = Int(call)
        if requests[i] > 0 { callsWaiting -= 1 }
        requests[i] = 0
    }

    /// The first live entry of a line, dropping dead ones on the way.
    private mutating func head(_ line: Int) -> Entry? {
        while let e = lines[line].min {
            if tickets[Int(e.call)] == e.ticket && requests[Int(e.call)] > 0 { return e }
            _ = lines[line].popMin()
        }
        return nil
    }

    /// The most urgent waiting request in `zones` (category, then time ready, then zone
    /// order, then arrival on the stack; under delay-dependent priority, C1 first, then
    /// weight times wait at `now`) that a car (`forCar`) or an ambulance may take, removed
    /// from the stack.
    mutating func takeMostUrgent(inZones zones: [Int32], forCar: Bool = false, now: Double = 0) -> Int32? {
        // Nobody waiting: no line has a live head (stale entries stay until a look that
        // can find someone clears them; they change no choice).
        guard callsWaiting > 0 else { return nil }
        var best: Entry? = nil
        var bestZone = -1
        var bestLine = -1
        for z32 in zones {
            let z = Int(z32)
            let first = 2 * z * classes
            for line in first..<(first + 2 * classes) where !forCar || line & 1 == 0 {
                guard let e = head(line) else { continue }
                if let b = best, !precedes(e, zone: z, b, zone: bestZone, now: now) { continue }
                best = e
                bestZone = z
                bestLine = line
            }
        }
        guard let e = best else { return nil }
        _ = lines[bestLine].popMin()
        let i = Int(e.call)
        requests[i] -= 1
        if requests[i] == 0 { callsWaiting -= 1 }
        return e.call
    }

    /// Whether `e` (in zone `ez`) goes before `b` (in zone `bz`).
    @inline(__always)
    private func precedes(_ e: Entry, zone ez: Int, _ b: Entry, zone bz: Int, now: Double) -> Bool {
        if let weights, e.category != b.category, e.category != 1, b.category != 1 {
            let ue = weights[Int(e.category) - 1] * (now - e.readyTime)
            let ub = weights[Int(b.category) - 1] * (now - b.readyTime)
            if ue != ub { return ue > ub }
        }
        if e.category != b.category { return e.category < b.category }
        if e.readyTime != b.readyTime { return e.readyTime < b.readyTime }
        if ez != bz { return ez < bz }
        return e.sequence < b.sequence
    }
}
