/// A pool of identical servers with one waiting line ordered by priority, then arrival
/// (non-preemptive: a request in service is never interrupted).
///
/// Capacity may change over time (rosters): when it rises, waiting requests are granted at
/// once; when it falls below the number busy, no one is interrupted: servers leave as they
/// are released, and nobody new starts until `busy < capacity`.
///
/// The pool keeps no clock of its own: every call passes the simulated time, which must not
/// go backwards. It integrates servers busy, queue length and capacity over time exactly
/// (`TimeWeightedStatistic`).
///
/// Complexity: `request` and `release` are O(log q) in the queue length.
public struct ResourcePool<Request> {
    /// Servers in service now. May exceed `capacity` after a reduction.
    public var busy: Int { _busy }
    @usableFromInline var _busy: Int = 0
    /// Servers that may be in service.
    public var capacity: Int { _capacity }
    @usableFromInline var _capacity: Int
    @usableFromInline var waiting = WaitingLine<Request>()
    /// Time-weighted servers busy.
    public var busyStatistic: TimeWeightedStatistic { _busyStatistic }
    @usableFromInline var _busyStatistic: TimeWeightedStatistic
    /// Time-weighted number waiting.
    public var queueStatistic: TimeWeightedStatistic { _queueStatistic }
    @usableFromInline var _queueStatistic: TimeWeightedStatistic
    /// Time-weighted capacity.
    public var capacityStatistic: TimeWeightedStatistic { _capacityStatistic }
    @usableFromInline var _capacityStatistic: TimeWeightedStatistic

    /// A pool of `capacity` servers, observed from `time`.
    public init(capacity: Int, at time: Double = 0) {
        precondition(capacity >= 0, "resource pool capacity must be >= 0 (got \(capacity))")
        self._capacity = capacity
        _busyStatistic = TimeWeightedStatistic(initialValue: 0, at: time)
        _queueStatistic = TimeWeightedStatistic(initialValue: 0, at: time)
        _capacityStatistic = TimeWeightedStatistic(initialValue: Double(capacity), at: time)
    }

    /// Requests waiting.
    @inlinable
    public var queueLength: Int { waiting.count }

    /// Asks for a server. Returns true if one was free and is now busy with `request`;
    /// otherwise the request waits and false is returned.
    @inlinable
    public mutating func request(_ request: Request, priority: Int32 = 0, at time: Double) -> Bool {
        if busy < capacity && waiting.isEmpty {
            _busy += 1
            _busyStatistic.record(Double(busy), at: time)
            return true
        }
        waiting.append(request, priority: priority)
        _queueStatistic.record(Double(waiting.count), at: time)
        return false
    }

    /// A server finishes. If a request is waiting and capacity allows, the server starts on
    /// the most urgent one, which is returned; otherwise nil.
    @inlinable
    public mutating func release(at time: Double) -> Request? {
        precondition(busy > 0, "release at t=\(time) with no server busy")
        if busy <= capacity, let next = waiting.popFirst() {
            _queueStatistic.record(Double(waiting.count), at: time)
            return next
        }
        _busy -= 1
        _busyStatistic.record(Double(busy), at: time)
        return nil
    }

    /// Changes the number of servers. Returns the waiting requests that start service now
    /// (most urgent first), if capacity rose.
    public mutating func setCapacity(_ newCapacity: Int, at time: Double) -> [Request] {
        precondition(newCapacity >= 0, "resource pool capacity must be >= 0 (got \(newCapacity)) at t=\(time)")
        _capacity = newCapacity
        _capacityStatistic.record(Double(newCapacity), at: time)
        var started: [Request] = []
        while busy < capacity, let next = waiting.popFirst() {
            _busy += 1
            started.append(next)
        }
        if !started.isEmpty {
            _busyStatistic.record(Double(busy), at: time)
            _queueStatistic.record(Double(waiting.count), at: time)
        }
        return started
    }

    /// Starts observing the time-weighted statistics afresh at `time` (end of warm-up).
    public mutating func restartStatistics(at time: Double) {
        _busyStatistic.record(Double(busy), at: time)
        _busyStatistic.restart(at: time)
        _queueStatistic.record(Double(waiting.count), at: time)
        _queueStatistic.restart(at: time)
        _capacityStatistic.record(Double(capacity), at: time)
        _capacityStatistic.restart(at: time)
    }
}
