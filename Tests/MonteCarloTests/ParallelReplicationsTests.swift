import MonteCarlo
import Testing

@Suite("Replications in parallel")
struct ParallelReplicationsTests {
    @Test("Results come back in replication order whatever the thread count", arguments: [1, 2, 7])
    func orderIndependentOfJobs(jobs: Int) {
        /// Uneven work, so that workers finish out of order.
        @Sendable func work(_ i: Int) -> (Int, UInt64) {
            var x = UInt64(i)
            for _ in 0..<((50 - i) * 2000) { x = x &* 6364136223846793005 &+ 1442695040888963407 }
            return (i, x)
        }
        let results = runReplications(count: 50, jobs: jobs, work)
        #expect(results.map(\.0) == Array(0..<50))
        let serial = runReplications(count: 50, jobs: 1, work)
        #expect(results.map(\.1) == serial.map(\.1))
    }

    @Test("Zero replications give an empty result")
    func zero() {
        #expect(runReplications(count: 0, jobs: 2) { $0 }.isEmpty)
    }
}
