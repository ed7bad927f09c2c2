/// The event calendar's future-event list: an implicit binary min-heap of entries in one
/// array, ordered by `CalendarEntry.precedes`. Insertion sifts a hole up from the end and
/// removal takes the root's hole down to a leaf and sifts the last entry up from there
/// (bottom-up), moving entries rather than swapping them. Complexity: `insert` and `removeMin` O(log n); `min` O(1). Not promised: any order
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
    ///
    /// Bottom-up: the hole left at the root goes down to a leaf along the lesser children
    /// (one comparison a level, taken without a branch), and the last entry is then sifted
    /// up from there. The last entry belongs near the bottom, so the climb is short; this
    /// does about half the comparisons of sifting it down from the root, and the ones it
    /// does are predictable.
    @inlinable
    @discardableResult
    mutating func removeMin() -> CalendarEntry<Event> {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return last }
        return entries.withUnsafeMutableBufferPointer { heap in
            let least = heap[0]
            let n = heap.count
            var hole = 0
            var child = 1
            while child + 1 < n {
                child += heap[child + 1].precedes(heap[child]) ? 1 : 0
                heap[hole] = heap[child]
                hole = child
                child = 2 * hole + 1
            }
            if child < n {
                heap[hole] = heap[child]
                hole = child
            }
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard last.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = last
            return least
        }
    }
}
