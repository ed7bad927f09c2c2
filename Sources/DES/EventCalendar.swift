/// A handle on a scheduled event, used to cancel it before it fires.
public struct EventToken: Hashable, Sendable {
    /// The insertion sequence number the calendar gave the event.
    public let sequence: UInt64

    @inlinable
    public init(sequence: UInt64) { self.sequence = sequence }
}

/// One calendar entry. Entries order by `(time, priority, sequence)`: earlier time first,
/// then lower priority value, then earlier insertion. Because `sequence` is unique, the
/// order is total and ties resolve the same way on every run. The three are packed into one
/// 128-bit `key`, so that an entry compares in one comparison: the time's bits made
/// order-preserving (sign flipped for positive times, all bits for negative) in the high 64,
/// the priority (offset to unsigned) in the next 24 and the sequence in the low 40.
@usableFromInline
struct CalendarEntry<Event> {
    @usableFromInline let key: UInt128
    @usableFromInline let event: Event

    @usableFromInline static var sequenceBits: UInt64 { 40 }
    /// Priorities the packing can hold: -2^23 ..< 2^23.
    @usableFromInline static var priorityRange: Range<Int32> { -(1 << 23) ..< (1 << 23) }

    @inlinable
    init(time: Double, priority: Int32, sequence: UInt64, event: Event) {
        let bits = time.bitPattern
        let ordered = bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
        let order = UInt64(UInt32(bitPattern: priority &+ (1 << 23))) << Self.sequenceBits | sequence
        self.key = UInt128(ordered) << 64 | UInt128(order)
        self.event = event
    }

    @inlinable
    var time: Double {
        let ordered = UInt64(truncatingIfNeeded: key >> 64)
        return Double(bitPattern: ordered & (1 << 63) != 0 ? ordered & ~(1 << 63) : ~ordered)
    }

    @inlinable
    var sequence: UInt64 { UInt64(truncatingIfNeeded: key) & ((1 << Self.sequenceBits) - 1) }

    @inlinable @inline(__always)
    func precedes(_ other: Self) -> Bool { key < other.key }
}

/// The simulation clock and the future-event list of a discrete-event simulation.
///
/// Time is a `Double` in the model's unit (ambsim uses minutes). Events are values of the
/// model's own `Event` type, typically a small enum with typed IDs; nothing is allocated
/// per event beyond the heap's storage, which grows geometrically and is reused.
///
/// Ordering: the next event is the one with the least `(time, priority, sequence)`, where
/// `sequence` is the insertion count. Two events at the same time therefore fire in
/// priority order (lower value first), and among equal priorities in the order they were
/// scheduled. Nothing depends on hashing or memory addresses, so a run is reproducible.
///
/// Complexity: `schedule` and `next` are O(log n) in the number of pending events (an
/// implicit 4-ary heap, `FutureEventHeap`, sifted with a hole rather than swaps); `cancel`
/// is O(1) expected (lazy deletion: a cancelled entry stays in the heap and is skipped when
/// it reaches the front).
///
/// Not promised: cancelling an event that has already fired is a programmer error that
/// is not detected (its token lingers in the cancelled set until the run ends).
public struct EventCalendar<Event> {
    /// The current simulated time: the time of the event most recently taken.
    public var now: Double { _now }
    @usableFromInline var _now: Double
    /// Events due within `farWindow` of the clock when they were scheduled.
    @usableFromInline var heap: FutureEventHeap<Event>
    /// Events scheduled further ahead (rosters a day ahead, say): kept apart so that the
    /// heap the next event usually comes from stays small. The next event is the lesser
    /// of the two heaps' least, so the order is the same whatever the window.
    @usableFromInline var far: FutureEventHeap<Event>
    @usableFromInline let farWindow: Double
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    /// Events taken from the calendar so far (cancelled events are not counted).
    public var eventsFired: Int { _eventsFired }
    @usableFromInline var _eventsFired: Int = 0

    /// A calendar whose clock starts at `startTime`. Events scheduled more than `farWindow`
    /// ahead of the clock are held in a second heap (a speed setting only: the order in
    /// which events fire does not depend on it).
    @inlinable
    public init(startTime: Double = 0, reservingCapacity capacity: Int = 0, farWindow: Double = .infinity) {
        precondition(startTime.isFinite, "EventCalendar start time must be finite (got \(startTime))")
        precondition(farWindow >= 0, "EventCalendar far window must not be negative (got \(farWindow))")
        _now = startTime
        heap = FutureEventHeap(reservingCapacity: capacity)
        far = FutureEventHeap(reservingCapacity: 0)
        self.farWindow = farWindow
    }

    /// Events scheduled and neither fired nor cancelled.
    @inlinable
    public var pendingCount: Int { heap.count + far.count - cancelled.count }

    /// Time of the next event that will fire, or nil when none is pending.
    @inlinable
    public mutating func nextEventTime() -> Double? {
        dropCancelledFront()
        return front?.time
    }

    /// True when the least pending entry (cancelled ones included) is in the far heap.
    @inlinable @inline(__always)
    var frontIsFar: Bool { far.count > 0 && (heap.count == 0 || far.entries[0].precedes(heap.entries[0])) }

    /// The least pending entry of the two heaps (cancelled ones included).
    @inlinable
    var front: CalendarEntry<Event>? { frontIsFar ? far.min : heap.min }

    /// Removes the least pending entry (the one `front` gives).
    @inlinable
    mutating func removeFront() {
        if frontIsFar { far.removeMin() } else { heap.removeMin() }
    }

    /// Schedules `event` at absolute time `time`. Lower `priority` fires first among
    /// events at the same time. Scheduling before `now` is a programmer error.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int32 = 0) -> EventToken {
        precondition(time >= now && time.isFinite,
                     "cannot schedule an event at t=\(time): the clock is at \(now) and time must be finite and not in the past")
        precondition(CalendarEntry<Event>.priorityRange.contains(priority) && nextSequence < 1 << CalendarEntry<Event>.sequenceBits,
                     "event priority \(priority) outside \(CalendarEntry<Event>.priorityRange), or more than 2^40 events scheduled")
        let sequence = nextSequence
        nextSequence &+= 1
        let entry = CalendarEntry(time: time, priority: priority, sequence: sequence, event: event)
        if time - _now > farWindow { far.insert(entry) } else { heap.insert(entry) }
        return EventToken(sequence: sequence)
    }

    /// Schedules `event` `delay` time units from now.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: Double, priority: Int32 = 0) -> EventToken {
        precondition(delay >= 0, "cannot schedule an event after a negative delay (\(delay)) at t=\(now)")
        return schedule(event, at: now + delay, priority: priority)
    }

    /// Cancels a pending event: it will never fire.
    @inlinable
    public mutating func cancel(_ token: EventToken) {
        precondition(token.sequence < nextSequence, "token \(token.sequence) was never issued by this calendar")
        cancelled.insert(token.sequence)
    }

    @inlinable
    mutating func dropCancelledFront() {
        guard !cancelled.isEmpty else { return }
        while let first = front, cancelled.contains(first.sequence) {
            cancelled.remove(first.sequence)
            removeFront()
        }
    }

    /// Takes the next event if it is due at or before `limit`, advancing the clock to its
    /// time. Returns nil (and leaves the event pending) when the next event is later than
    /// `limit` or none is pending; the clock then stays where it is.
    @inlinable @inline(__always)
    public mutating func next(until limit: Double = .infinity) -> (time: Double, event: Event)? {
        dropCancelledFront()
        // Read straight from the arrays rather than through `front` (an optional of a
        // 32-byte entry): this is the hottest path of a run, and the optional cost 2%.
        let fromFar = frontIsFar
        let first: CalendarEntry<Event>
        if fromFar {
            first = far.entries[0]
        } else {
            guard heap.count > 0 else { return nil }
            first = heap.entries[0]
        }
        guard first.time <= limit else { return nil }
        if fromFar { far.removeMin() } else { heap.removeMin() }
        _now = first.time
        _eventsFired &+= 1
        return (first.time, first.event)
    }

    /// Moves the clock forward to `time` without firing anything. Pending events before
    /// `time` would be skipped, so that is a programmer error.
    @inlinable
    public mutating func advance(to time: Double) {
        precondition(time >= now, "cannot move the clock back from \(now) to \(time)")
        if let t = nextEventTime() {
            precondition(t >= time, "cannot advance the clock to \(time) past a pending event at \(t)")
        }
        _now = time
    }
}

/// A model driven by an `EventCalendar`: it reacts to each event, possibly scheduling more.
public protocol DiscreteEventModel {
    associatedtype Event
    /// Handles `event`, which fires at `calendar.now`.
    mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>)
    /// True when the run should stop before the calendar empties or reaches its limit
    /// (for example after a number of customers). Checked after every event.
    var isFinished: Bool { get }
}

extension DiscreteEventModel {
    /// By default a model runs until its calendar is empty or reaches the time limit.
    @inlinable
    public var isFinished: Bool { false }
}

extension EventCalendar {
    /// Runs `model` until no event is pending, the next event is later than `limit`, or the
    /// model says it is finished. Returns the number of events fired.
    @inlinable
    @discardableResult
    public mutating func run<Model: DiscreteEventModel>(_ model: inout Model, until limit: Double = .infinity) -> Int
    where Model.Event == Event {
        let before = eventsFired
        while !model.isFinished, let (_, event) = next(until: limit) {
            model.handle(event, calendar: &self)
        }
        return eventsFired - before
    }
}
