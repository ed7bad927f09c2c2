import DES
import Testing

@Suite("Resource pool")
struct ResourcePoolTests {
    @Test("Waiting requests are served by priority, then arrival")
    func priorityThenArrival() {
        var pool = ResourcePool<String>(capacity: 1)
        let grantedFirst = pool.request("first", priority: 3, at: 0)
        #expect(grantedFirst)
        _ = pool.request("c3-early", priority: 3, at: 1)
        _ = pool.request("c1", priority: 1, at: 2)
        _ = pool.request("c3-late", priority: 3, at: 3)
        _ = pool.request("c2", priority: 2, at: 4)
        var order: [String] = []
        var t = 5.0
        while let next = pool.release(at: t) { order.append(next); t += 1 }
        #expect(order == ["c1", "c2", "c3-early", "c3-late"])
        #expect(pool.busy == 0 && pool.queueLength == 0)
    }

    @Test("Raising capacity starts waiting requests; lowering it interrupts no one")
    func capacityChanges() {
        var pool = ResourcePool<Int>(capacity: 2)
        for i in 0..<5 { _ = pool.request(i, at: 0) }
        #expect(pool.busy == 2 && pool.queueLength == 3)
        let started = pool.setCapacity(4, at: 1)
        #expect(started == [2, 3])
        #expect(pool.busy == 4 && pool.queueLength == 1)
        let none = pool.setCapacity(1, at: 2)
        #expect(none.isEmpty)
        #expect(pool.busy == 4)
        // Three releases retire servers; the fourth hands over to the waiting request.
        let retired = (0..<3).map { _ in pool.release(at: 3) }
        #expect(retired == [nil, nil, nil])
        #expect(pool.busy == 1)
        let handedOver = pool.release(at: 4)
        #expect(handedOver == 4)
        #expect(pool.busy == 1 && pool.queueLength == 0)
    }

    @Test("Time-weighted statistics integrate exactly")
    func timeWeightedIntegrals() {
        var pool = ResourcePool<Int>(capacity: 2)
        _ = pool.request(0, at: 0)       // busy 1 on [0, 2)
        _ = pool.request(1, at: 2)       // busy 2 on [2, 6)
        _ = pool.request(2, at: 3)       // queue 1 on [3, 6)
        _ = pool.release(at: 6)          // hand-over: busy stays 2 on [6, 10)
        _ = pool.release(at: 10)         // busy 1 on [10, 12)
        let busyIntegral: Double = 1 * 2 + 2 * 4 + 2 * 4 + 1 * 2
        #expect(pool.busyStatistic.integral(upTo: 12) == busyIntegral)
        #expect(pool.queueStatistic.integral(upTo: 12) == 3)
        #expect(pool.busyStatistic.mean(upTo: 12) == 20.0 / 12)
        #expect(pool.busyStatistic.maximum == 2)
        pool.restartStatistics(at: 12)
        #expect(pool.busyStatistic.integral(upTo: 14) == 2)
    }
}
