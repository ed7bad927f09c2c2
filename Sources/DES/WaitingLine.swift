import HeapModule

/// A request waiting for a server: ordered by priority (lower value first), then arrival.
@usableFromInline
struct WaitingRequest<Request>: Comparable {
    @usableFromInline let priority: Int32
    @usableFromInline let sequence: UInt64
    @usableFromInline let request: Request

    @inlinable
    init(priority: Int32, sequence: UInt64, request: Request) {
        self.priority = priority
        self.sequence = sequence
        self.request = request
    }

    @inlinable
    static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.priority != rhs.priority ? lhs.priority < rhs.priority : lhs.sequence < rhs.sequence
    }

    @inlinable
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.sequence == rhs.sequence }
}

/// Requests waiting for service, taken most urgent first: lower priority value, then
/// earlier arrival (FIFO within a priority). Used by `ResourcePool` and by models that
/// manage their own servers (ambulances waiting for calls).
///
/// Complexity: `append` and `popFirst` are O(log n).
public struct WaitingLine<Request> {
    @usableFromInline var heap = Heap<WaitingRequest<Request>>()
    @usableFromInline var nextSequence: UInt64 = 0

    @inlinable
    public init() {}

    @inlinable
    public var count: Int { heap.count }

    @inlinable
    public var isEmpty: Bool { heap.isEmpty }

    /// Adds a request behind every other request of the same or more urgent priority.
    @inlinable
    public mutating func append(_ request: Request, priority: Int32) {
        heap.insert(WaitingRequest(priority: priority, sequence: nextSequence, request: request))
        nextSequence &+= 1
    }

    /// Removes and returns the most urgent, longest-waiting request.
    @inlinable
    public mutating func popFirst() -> Request? { heap.popMin()?.request }

    /// The request `popFirst` would return.
    @inlinable
    public var first: Request? { heap.min?.request }
}
