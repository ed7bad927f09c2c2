/// The event calendar's future-event list: an implicit binary min-heap of entries in one
/// array, ordered by `CalendarEntry.precedes`. Insertion sifts a hole up from the end and
/// removal sifts the last entry's hole down from the root, moving entries rather than
/// swapping them, so each level costs one comparison on the way up and two on the way
/// down. Complexity: `insert` and `removeMin` O(log n); `min` O(1). Not promised: any order
/// among entries other than the least one first.
@usableFromInline
struct FutureEventHeap<Event> {
    @usableFromInline var entries: [CalendarEntry<Event>] = []

    @inlinable
    init(reservingCapacity capacity: Int) {
        if capacity > 0 { entries.reserveCapacity(capacity) }
    }

    @inlinable var count: Int { entries.count }

    @inlinable var min: CalendarEntry<Event>? { entries.first }

    @inlinable
    mutating func insert(_ entry: CalendarEntry<Event>) {
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { heap in
            var hole = heap.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = entry
        }
    }

    /// Removes and returns the least entry. The heap must not be empty.
    @inlinable
    @discardableResult
    mutating func removeMin() -> CalendarEntry<Event> {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return last }
        return entries.withUnsafeMutableBufferPointer { heap in
            let least = heap[0]
            let n = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                guard child < n else { break }
                if child + 1 < n && heap[child + 1].precedes(heap[child]) { child += 1 }
                guard heap[child].precedes(last) else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return least
        }
    }
}
