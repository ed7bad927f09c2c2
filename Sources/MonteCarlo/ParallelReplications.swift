import Dispatch
import Synchronization

/// Runs `count` independent replications on up to `jobs` threads and returns their
/// results in replication order, whatever the thread count or scheduling: replication i
/// always lands in slot i, so anything written from the array is identical for any `jobs`.
/// Each replication must draw only from its own streams (see `SeedPlan`).
public func runReplications<Outcome: Sendable>(
    count: Int, jobs: Int, _ body: @Sendable (Int) -> Outcome
) -> [Outcome] {
    let collected = Mutex<[Outcome]>([])
    runReplicationsInOrder(count: count, jobs: jobs, body) { _, outcome in collected.withLock { $0.append(outcome) } }
    return collected.withLock { $0 }
}

/// Like `runReplications`, but hands each result to `deliver` in replication order (0, 1,
/// 2, ...) as soon as it and all before it are done, holding at most the out-of-order ones.
/// `deliver` runs under a lock, one call at a time.
public func runReplicationsInOrder<Outcome: Sendable>(
    count: Int, jobs: Int, _ body: @Sendable (Int) -> Outcome, deliver: @Sendable (Int, Outcome) -> Void
) {
    precondition(count >= 0 && jobs >= 1, "need count >= 0 and jobs >= 1 (got \(count), \(jobs))")
    let state = Mutex<(next: Int, deliverNext: Int, pending: [Int: Outcome])>((0, 0, [:]))
    let workers = min(jobs, max(count, 1))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index: Int? = state.withLock { s in
                guard s.next < count else { return nil }
                defer { s.next += 1 }
                return s.next
            }
            guard let i = index else { return }
            let outcome = body(i)
            state.withLock { s in
                s.pending[i] = outcome
                while let ready = s.pending.removeValue(forKey: s.deliverNext) {
                    deliver(s.deliverNext, ready)
                    s.deliverNext += 1
                }
            }
        }
    }
}
