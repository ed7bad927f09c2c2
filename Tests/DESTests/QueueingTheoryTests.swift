import DES
import Statistics
import Stochastics
import Testing

/// Exponential durations drawn with GSL from one stream.
struct Exponential: DurationSource {
    let stream: RandomStream
    let mean: Double
    mutating func nextDuration() -> Double { stream.exponential(mean: mean) }
}

typealias Queue = MultiClassQueue<Exponential, Exponential>

/// Runs one replication and returns the model after `customers` have been served.
func runQueue(
    seed: UInt64, replication: Int, arrivalMeans: [Double], serviceMeans: [Double], servers: Int,
    warmUp: Double, customers: Int
) -> (model: Queue, end: Double) {
    let plan = SeedPlan(masterSeed: seed)
    var model = Queue(
        arrivals: arrivalMeans.indices.map {
            Exponential(stream: plan.stream(replication: replication, purpose: .arrivals, substream: $0), mean: arrivalMeans[$0])
        },
        service: serviceMeans.indices.map {
            Exponential(stream: plan.stream(replication: replication, purpose: .service, substream: $0), mean: serviceMeans[$0])
        },
        servers: servers, warmUp: warmUp, stopAfterServed: customers)
    var calendar = EventCalendar<Queue.Event>()
    model.start(calendar: &calendar)
    calendar.run(&model)
    return (model, calendar.now)
}

@Suite("The kernel reproduces queueing theory")
struct QueueingTheoryTests {
    /// M/M/c, c = 20, 17 arrivals an hour, mean service 1 h (time unit: hours).
    @Test("M/M/20 at 17 erlangs: mean wait within 3% of Erlang C, P(wait) within 0.01", arguments: [UInt64(11), 2023])
    func mmcMatchesErlangC(seed: UInt64) {
        let lambda = 17.0, mu = 1.0, c = 20
        let expectedWait = QueueingFormulas.mmcMeanWait(arrivalRate: lambda, serviceRate: mu, servers: c)
        let expectedDelayed = QueueingFormulas.erlangC(offeredLoad: lambda / mu, servers: c)
        var waits: [Double] = []
        var delayed: [Double] = []
        // 12 replications of 500,000 customers: the standard error of the mean wait is
        // about 1% of it, so the 3% tolerance is about 3 standard errors.
        for r in 0..<12 {
            let (model, _) = runQueue(seed: seed, replication: r, arrivalMeans: [1 / lambda], serviceMeans: [1 / mu],
                                      servers: c, warmUp: 200, customers: 500_000)
            let t = model.tallies[0]
            waits.append(t.waitSum / Double(t.served))
            delayed.append(Double(t.delayed) / Double(t.served))
        }
        let w = Summary(waits)!, p = Summary(delayed)!
        #expect(abs(w.mean - expectedWait) / expectedWait < 0.03,
                "mean wait \(w.mean) h vs Erlang C \(expectedWait) h (95% half-width \(w.confidenceHalfWidth()))")
        #expect(abs(p.mean - expectedDelayed) < 0.01, "P(wait) \(p.mean) vs Erlang C \(expectedDelayed)")
    }

    @Test("M/M/1 at utilisation 0.7: mean wait rho/(mu - lambda)", arguments: [UInt64(5), 77])
    func mm1MatchesFormula(seed: UInt64) {
        let lambda = 0.7, mu = 1.0
        let expected = lambda / mu / (mu - lambda)
        var waits: [Double] = []
        for r in 0..<8 {
            let (model, _) = runQueue(seed: seed, replication: r, arrivalMeans: [1 / lambda], serviceMeans: [1 / mu],
                                      servers: 1, warmUp: 100, customers: 60_000)
            waits.append(model.tallies[0].waitSum / Double(model.tallies[0].served))
        }
        let w = Summary(waits)!
        #expect(abs(w.mean - expected) / expected < 0.04, "mean wait \(w.mean) vs \(expected) (half-width \(w.confidenceHalfWidth()))")
        // The analytic value lies within the replications' 99.9% interval.
        #expect(abs(w.mean - expected) < w.confidenceHalfWidth(level: 0.999))
    }

    @Test("Two-class non-preemptive priority M/M/1 matches Cobham's formula", arguments: [UInt64(3), 99])
    func priorityQueueMatchesCobham(seed: UInt64) {
        let rates = [0.3, 0.45], mean = 1.0
        let expected = QueueingFormulas.cobhamMeanWaits(arrivalRates: rates, meanServices: [mean, mean],
                                                         secondMoments: [2 * mean * mean, 2 * mean * mean])
        var waits: [[Double]] = [[], []]
        for r in 0..<8 {
            let (model, _) = runQueue(seed: seed, replication: r, arrivalMeans: rates.map { 1 / $0 },
                                      serviceMeans: [mean, mean], servers: 1, warmUp: 100, customers: 60_000)
            for k in 0..<2 { waits[k].append(model.tallies[k].waitSum / Double(model.tallies[k].served)) }
        }
        for k in 0..<2 {
            let w = Summary(waits[k])!
            #expect(abs(w.mean - expected[k]) / expected[k] < 0.05, "class \(k): \(w.mean) vs Cobham \(expected[k])")
        }
        // The priority ordering itself: urgent customers wait less.
        #expect(Summary(waits[0])!.mean < Summary(waits[1])!.mean / 2)
    }

    @Test("Time-averaged queue length obeys Little's law, Lq = lambda Wq", arguments: [UInt64(8)])
    func littlesLaw(seed: UInt64) {
        let lambda = 17.0
        let (model, end) = runQueue(seed: seed, replication: 0, arrivalMeans: [1 / lambda], serviceMeans: [1],
                                    servers: 20, warmUp: 200, customers: 150_000)
        let t = model.tallies[0]
        let lq = model.pool.queueStatistic.mean(upTo: end)
        let arrivalRate = Double(t.arrivals) / (end - 200)
        let wq = t.waitSum / Double(t.served)
        #expect(abs(lq - arrivalRate * wq) / lq < 0.03, "Lq \(lq) vs lambda Wq \(arrivalRate * wq)")
        // Servers busy on average = offered load.
        let busy = model.pool.busyStatistic.mean(upTo: end)
        #expect(abs(busy - lambda) / lambda < 0.02, "mean busy \(busy) vs 17")
    }
}
