/// The event calendar's future-event list: an implicit 4-ary min-heap of entries in one
/// array, ordered by `CalendarEntry.precedes`.
///
/// Why 4-ary: a replication keeps a few hundred events pending (one or two per vehicle,
/// rosters a day ahead), so a binary heap is eight or nine levels deep and every removal
/// walks all of them. With four children a level the heap is half as deep; the four
/// children of a node sit side by side in memory (two cache lines), and choosing the least
/// of them takes three comparisons done without branches. Insertion sifts a hole up from
/// the end; removal takes the root's hole down to a leaf along the least children and
/// sifts the last entry up from there (bottom-up), moving entries rather than swapping.
///
/// The array is kept at its high-water length and `count` says how much of it is the heap,
/// so that taking and adding an entry do not resize it (entries past `count` are stale
/// copies, never read). Complexity: `insert` and `removeMin` O(log n); `min` O(1). Not
/// promised: any order among entries other than the least one first.
@usableFromInline
struct FutureEventHeap<Event> {
    @usableFromInline var entries: [CalendarEntry<Event>] = []
    @usableFromInline private(set) var count = 0

    @inlinable
    init(reservingCapacity capacity: Int) {
        if capacity > 0 { entries.reserveCapacity(capacity) }
    }

    @inlinable var min: CalendarEntry<Event>? { count > 0 ? entries[0] : nil }

    @inlinable @inline(__always)
    mutating func insert(_ entry: CalendarEntry<Event>) {
        if count == entries.count { entries.append(entry) }
        let n = count
        count += 1
        entries.withUnsafeMutableBufferPointer { heap in
            var hole = n
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = entry
        }
    }

    /// Removes and returns the least entry. The heap must not be empty.
    ///
    /// Bottom-up: the hole left at the root goes down to a leaf along the least children
    /// (the least of four found as two pairs and their winners), and the last entry is then
    /// sifted up from there. The last entry belongs near the bottom, so the climb is short.
    @inlinable @inline(__always)
    @discardableResult
    mutating func removeMin() -> CalendarEntry<Event> {
        precondition(count > 0, "removeMin on an empty heap")
        count -= 1
        let n = count
        return entries.withUnsafeMutableBufferPointer { heap in
            let least = heap[0]
            guard n > 0 else { return least }
            let last = heap[n]
            var hole = 0
            var first = 1
            while first + 3 < n {
                let a = first &+ (heap[first &+ 1].precedes(heap[first]) ? 1 : 0)
                let b = first &+ (heap[first &+ 3].precedes(heap[first &+ 2]) ? 3 : 2)
                let child = heap[b].precedes(heap[a]) ? b : a
                heap[hole] = heap[child]
                hole = child
                first = 4 &* hole &+ 1
            }
            if first < n {
                var child = first
                var j = first &+ 1
                while j < n {
                    if heap[j].precedes(heap[child]) { child = j }
                    j &+= 1
                }
                heap[hole] = heap[child]
                hole = child
            }
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard last.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = last
            return least
        }
    }
}
