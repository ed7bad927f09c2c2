/// A source of durations (interarrival or service times) for `MultiClassQueue`. The
/// kernel knows nothing of random numbers: callers adapt their own generator.
public protocol DurationSource {
    /// The next duration, >= 0.
    mutating func nextDuration() -> Double
}

/// A reference queueing model on the kernel: K customer classes, each with its own
/// Poisson-or-not arrival source and service source, c identical servers, waiting line
/// ordered by class (class 0 most urgent), non-preemptive. With one class and exponential
/// sources it is M/M/c (Erlang C); with two classes and c = 1 it is the non-preemptive
/// priority M/M/1 of Cobham (1954). It exists to prove the kernel against queueing theory
/// and to benchmark it; ambsim's ambulance model is built the same way.
public struct MultiClassQueue<Arrivals: DurationSource, Service: DurationSource>: DiscreteEventModel {
    public enum Event {
        /// A customer of class `classIndex` arrives.
        case customerArrives(classIndex: Int32)
        /// A server finishes with its customer.
        case serviceEnds
    }

    /// Waiting-time tallies for one class (customers who arrived after the warm-up).
    public struct ClassTally: Sendable {
        /// Customers who began service.
        public var served = 0
        public var waitSum = 0.0
        public var delayed = 0
        public var arrivals = 0
    }

    /// A customer in the waiting line: its class and arrival time.
    public struct Customer: Sendable {
        public var classIndex: Int32
        public var arrivalTime: Double

        @inlinable
        public init(classIndex: Int32, arrivalTime: Double) {
            self.classIndex = classIndex
            self.arrivalTime = arrivalTime
        }
    }

    @usableFromInline var arrivals: [Arrivals]
    @usableFromInline var service: [Service]
    public var pool: ResourcePool<Customer> { _pool }
    @usableFromInline var _pool: ResourcePool<Customer>
    public let warmUp: Double
    /// Stop once this many customers (all classes, counted from time 0) have finished.
    public let stopAfterServed: Int
    public var totalServed: Int { _totalServed }
    @usableFromInline var _totalServed: Int = 0
    public var tallies: [ClassTally] { _tallies }
    @usableFromInline var _tallies: [ClassTally]
    @usableFromInline var statisticsRestarted = false

    /// - Parameters:
    ///   - arrivals: one interarrival source per class.
    ///   - service: one service-time source per class.
    ///   - servers: c.
    ///   - warmUp: customers arriving before this time are not tallied; pool statistics
    ///     restart at the first event after it.
    ///   - stopAfterServed: the run stops when this many customers have finished.
    public init(arrivals: [Arrivals], service: [Service], servers: Int, warmUp: Double = 0, stopAfterServed: Int = .max) {
        precondition(!arrivals.isEmpty && arrivals.count == service.count,
                     "need one arrival and one service source per class (got \(arrivals.count) and \(service.count))")
        precondition(servers >= 1, "need at least one server (got \(servers))")
        self.arrivals = arrivals
        self.service = service
        self._pool = ResourcePool(capacity: servers)
        self.warmUp = warmUp
        self.stopAfterServed = stopAfterServed
        self._tallies = Array(repeating: ClassTally(), count: arrivals.count)
    }

    /// Schedules each class's first arrival.
    public mutating func start(calendar: inout EventCalendar<Event>) {
        for k in arrivals.indices {
            calendar.schedule(.customerArrives(classIndex: Int32(k)), after: arrivals[k].nextDuration())
        }
    }

    /// True once `stopAfterServed` customers have finished.
    @inlinable
    public var isFinished: Bool { totalServed >= stopAfterServed }

    @inlinable
    public mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        if !statisticsRestarted && now >= warmUp {
            statisticsRestarted = true
            _pool.restartStatistics(at: now)
        }
        switch event {
        case .customerArrives(let k):
            let index = Int(k)
            calendar.schedule(.customerArrives(classIndex: k), after: arrivals[index].nextDuration())
            let tallied = now >= warmUp
            if tallied { _tallies[index].arrivals += 1 }
            let customer = Customer(classIndex: k, arrivalTime: now)
            if _pool.request(customer, priority: k, at: now) {
                begin(customer, waited: 0, calendar: &calendar)
            }
        case .serviceEnds:
            _totalServed += 1
            if let next = _pool.release(at: now) {
                begin(next, waited: now - next.arrivalTime, calendar: &calendar)
            }
        }
    }

    @inlinable
    mutating func begin(_ customer: Customer, waited: Double, calendar: inout EventCalendar<Event>) {
        let index = Int(customer.classIndex)
        if customer.arrivalTime >= warmUp {
            _tallies[index].served += 1
            _tallies[index].waitSum += waited
            if waited > 0 { _tallies[index].delayed += 1 }
        }
        calendar.schedule(.serviceEnds, after: service[index].nextDuration())
    }
}
