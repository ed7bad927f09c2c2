import DES
import Stochastics
import Testing

@Suite("Event calendar")
struct EventCalendarTests {
    @Test("Events at the same time fire by priority, then in insertion order")
    func tiesResolveByPriorityThenInsertion() {
        var calendar = EventCalendar<String>()
        calendar.schedule("late", at: 2)
        calendar.schedule("b-low", at: 1, priority: 5)
        calendar.schedule("a-high", at: 1, priority: -1)
        calendar.schedule("c-low", at: 1, priority: 5)
        calendar.schedule("d-zero", at: 1)
        var order: [String] = []
        while let (_, e) = calendar.next() { order.append(e) }
        #expect(order == ["a-high", "d-zero", "b-low", "c-low", "late"])
        #expect(calendar.now == 2)
        #expect(calendar.eventsFired == 5)
    }

    @Test("Many simultaneous events keep insertion order", arguments: [10, 1000])
    func insertionOrderAtScale(count: Int) {
        var calendar = EventCalendar<Int>()
        for i in 0..<count { calendar.schedule(i, at: 7) }
        var seen: [Int] = []
        while let (_, e) = calendar.next() { seen.append(e) }
        #expect(seen == Array(0..<count))
    }

    @Test("A cancelled event never fires, others still do")
    func cancelledEventNeverFires() {
        var calendar = EventCalendar<Int>()
        var tokens: [EventToken] = []
        for i in 0..<100 { tokens.append(calendar.schedule(i, at: Double(i % 10))) }
        for i in stride(from: 0, to: 100, by: 3) { calendar.cancel(tokens[i]) }
        #expect(calendar.pendingCount == 100 - 34)
        var fired = Set<Int>()
        var last = -1.0
        while let (t, e) = calendar.next() {
            #expect(t >= last)
            last = t
            fired.insert(e)
        }
        #expect(fired == Set((0..<100).filter { $0 % 3 != 0 }))
        #expect(calendar.eventsFired == 66)
    }

    @Test("A far window changes nothing in the order events fire (heap sizes around the 4-ary node, ties, cancellations)",
          arguments: [0.0, 0.5, 3, 50])
    func farWindowKeepsTheOrder(window: Double) {
        // The same random schedule driven through a calendar with one heap and through one
        // that keeps events beyond `window` apart: every event fires at the same time in the
        // same place, cancelled ones in neither.
        let stream = RandomStream(seed: 20_231_205)
        var one = EventCalendar<Int>()
        var two = EventCalendar<Int>(farWindow: window)
        var tokens: [(EventToken, EventToken)] = []
        var fired: [[Int]] = [[], []]
        var next = 0
        func schedule(_ count: Int) {
            for _ in 0..<count {
                // Whole times make ties common; priorities split some of them.
                let delay = stream.uniform() < 0.3 ? Double(stream.integer(below: 4)) : stream.exponential(mean: 20)
                let priority = Int32(stream.integer(below: 3)) - 1
                tokens.append((one.schedule(next, after: delay, priority: priority), two.schedule(next, after: delay, priority: priority)))
                next += 1
            }
        }
        schedule(40)
        while true {
            let a = one.next(), b = two.next()
            #expect(a?.time == b?.time && a?.event == b?.event)
            guard let a else { break }
            fired[0].append(a.event)
            if let b { fired[1].append(b.event) }
            if next < 5_000 { schedule(stream.integer(below: 3)) }
            if stream.uniform() < 0.05, !tokens.isEmpty {
                let pick = stream.integer(below: tokens.count)
                let (t1, t2) = tokens[pick]
                if !fired[0].contains(pick) {
                    one.cancel(t1)
                    two.cancel(t2)
                }
            }
            #expect(one.pendingCount == two.pendingCount)
        }
        #expect(fired[0] == fired[1])
        #expect(fired[0].count > 4_000)
    }

    @Test("next(until:) leaves later events pending and the clock where it was")
    func nextUntilStopsAtLimit() {
        var calendar = EventCalendar<Int>(startTime: 10)
        calendar.schedule(1, at: 12)
        calendar.schedule(2, at: 20)
        #expect(calendar.next(until: 15)?.event == 1)
        #expect(calendar.next(until: 15) == nil)
        #expect(calendar.now == 12)
        calendar.advance(to: 15)
        #expect(calendar.now == 15)
        #expect(calendar.nextEventTime() == 20)
    }

    @Test("Same seed, same event sequence; another seed, another sequence", arguments: [UInt64(1), 42])
    func sameSeedSameEventSequence(seed: UInt64) {
        func trace(_ seed: UInt64) -> [Double] {
            let (model, _) = runQueue(seed: seed, replication: 0, arrivalMeans: [1.0 / 17], serviceMeans: [1],
                                      servers: 20, warmUp: 0, customers: 2000)
            _ = model
            // Re-run recording every event time.
            let plan = SeedPlan(masterSeed: seed)
            var m = Queue(arrivals: [Exponential(stream: plan.stream(replication: 0, purpose: .arrivals), mean: 1.0 / 17)],
                          service: [Exponential(stream: plan.stream(replication: 0, purpose: .service), mean: 1)],
                          servers: 20, stopAfterServed: 2000)
            var calendar = EventCalendar<Queue.Event>()
            m.start(calendar: &calendar)
            var times: [Double] = []
            while let (t, e) = calendar.next(), !m.isFinished {
                times.append(t)
                m.handle(e, calendar: &calendar)
            }
            return times
        }
        let a = trace(seed), b = trace(seed), c = trace(seed + 1)
        #expect(a == b)
        #expect(a.count > 4000)
        #expect(a != c)
    }

    @Test("Times of either sign and any size fire in time order, and read back exactly (the packed key)")
    func packedKeyOrdersEveryTime() {
        let times: [Double] = [-1e300, -2.5, -1e-300, 0, 1e-300, 0.1, 1, 59.999999999999993, 60, 1e15, 1e300]
        var calendar = EventCalendar<Int>(startTime: -1e300)
        for (i, t) in times.enumerated().reversed() { calendar.schedule(i, at: t, priority: Int32(i % 3) - 1) }
        var fired: [(Double, Int)] = []
        while let (t, e) = calendar.next() { fired.append((t, e)) }
        #expect(fired.map(\.0) == times)
        #expect(fired.map(\.1) == Array(times.indices))
    }

    @Test("Scheduling in the past stops the program and prints the times")
    func schedulingInThePastIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            var calendar = EventCalendar<Int>()
            calendar.schedule(1, at: 5)
            _ = calendar.next()
            calendar.schedule(2, at: 4)
        }
    }
}
