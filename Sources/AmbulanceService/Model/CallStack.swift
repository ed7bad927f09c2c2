import HeapModule

/// The stack: vehicle requests waiting for a vehicle, one line per call zone, most urgent
/// first (category, then the time the call became ready for dispatch, then arrival order).
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

    /// Per zone, two lines: index 2 z for any vehicle, 2 z + 1 for ambulances only.
    private var lines: [Heap<Entry>]
    /// Per call slot: requests waiting, and the ticket of the call now in the slot.
    private var requests: [Int8] = []
    private var tickets: [UInt32] = []
    private var nextTicket: UInt32 = 1
    private var nextSequence: UInt64 = 0
    /// Calls with at least one request waiting.
    private(set) var callsWaiting = 0

    init(zones: Int) {
        lines = Array(repeating: Heap(), count: 2 * zones)
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
        lines[2 * zone + (ambulanceOnly ? 1 : 0)].insert(Entry(category: Int32(category), readyTime: readyTime, sequence: nextSequence, call: call, ticket: tickets[i]))
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
    /// order, then arrival on the stack) that a car (`forCar`) or an ambulance may take,
    /// removed from the stack.
    mutating func takeMostUrgent(inZones zones: [Int32], forCar: Bool = false) -> Int32? {
        var best: Entry? = nil
        var bestZone = -1
        var bestLine = -1
        for z32 in zones {
            let z = Int(z32)
            for line in (2 * z)...(forCar ? 2 * z : 2 * z + 1) {
                guard let e = head(line) else { continue }
                if let b = best {
                    if e.category > b.category || (e.category == b.category && e.readyTime > b.readyTime)
                        || (e.category == b.category && e.readyTime == b.readyTime && z > bestZone)
                        || (e.category == b.category && e.readyTime == b.readyTime && z == bestZone && e.sequence > b.sequence) { continue }
                }
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
}
