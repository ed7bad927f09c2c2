import DES
import Stochastics

/// Where calls come from: each zone's residents and visitors (Poisson processes by hour,
/// weekday and date, `DemandRates`), a replayed trace of incidents, and the 111 callers who
/// ring 999 while 111 is down (`RedirectedDemand`). It owns its streams and schedules its
/// own arrivals; for each call it hands the coordinator the call's draws, made at call
/// connect in a fixed order so that common random numbers hold across scenarios.
struct DemandGenerator {
    /// What a generated call brings: its category and the uniform draws that decide, later,
    /// whether it needs a second vehicle, its disposition and its hospital.
    struct Draws {
        let category: CallCategory
        let secondVehicle: Double
        let disposition: Double
        let hospital: Double
    }

    private let arrivalStreams: [RandomStream]   // 2 per zone: residents, visitors
    private var residentArrivals: [PoissonArrivals]
    private var visitorArrivals: [PoissonArrivals]
    private var categories: CategoryDraw
    private let categoryStream: RandomStream
    private let dispositionStream: RandomStream
    private let source: DemandSource
    private let horizon: Double
    /// 111 calls redirected to 999 (nil: no 111 period), and their streams: candidates,
    /// thinning, and each call's draws.
    private var redirected: RedirectedDemand?
    private let redirectedStreams: [RandomStream]

    init(configuration c: ServiceConfiguration, stream: (StreamPurpose, Int) -> RandomStream) {
        arrivalStreams = (0..<(2 * c.zones.count)).map { stream(.arrivals, $0) }
        categoryStream = stream(.categories, 0)
        dispositionStream = stream(.dispositions, 0)
        let rates = DemandRates(configuration: c)
        residentArrivals = rates.resident.map(PoissonArrivals.init)
        visitorArrivals = rates.visitor.map(PoissonArrivals.init)
        categories = CategoryDraw(configuration: c)
        source = c.demand.source
        horizon = c.horizonMinutes
        redirected = RedirectedDemand(configuration: c)
        redirectedStreams = redirected == nil ? [] : (1...3).map { stream(.disruptions, $0) }
    }

    /// Schedules the first arrivals: of every zone's residents and visitors, or the trace's
    /// first incident, and the first redirected 111 call.
    mutating func start(zones: Int, calendar: inout EventCalendar<ServiceEvent>) {
        switch source {
        case .generated:
            for z in 0..<zones {
                scheduleNextArrival(zone: z, visitor: false, calendar: &calendar)
                scheduleNextArrival(zone: z, visitor: true, calendar: &calendar)
            }
        case .trace(let incidents):
            if let first = incidents.first { calendar.schedule(.tracedCallArrives(index: 0), at: first.timeMinutes) }
        }
    }

    private mutating func scheduleNextArrival(zone z: Int, visitor: Bool, calendar: inout EventCalendar<ServiceEvent>) {
        let stream = arrivalStreams[2 * z + (visitor ? 1 : 0)]
        let next = visitor ? visitorArrivals[z].next(using: stream) : residentArrivals[z].next(using: stream)
        guard let t = next, t < horizon else { return }
        calendar.schedule(visitor ? .visitorCallArrives(ZoneID(z)) : .residentCallArrives(ZoneID(z)), at: t)
    }

    /// A generated call has arrived in zone `z`: the next one is scheduled, and this one's
    /// draws are made.
    @inline(__always)
    mutating func generatedCall(zone z: Int, visitor: Bool, calendar: inout EventCalendar<ServiceEvent>) -> Draws {
        scheduleNextArrival(zone: z, visitor: visitor, calendar: &calendar)
        let category = categories.category(at: calendar.now, using: categoryStream)
        let second = categoryStream.uniform()
        let disposition = dispositionStream.uniform()
        return Draws(category: category, secondVehicle: second, disposition: disposition, hospital: dispositionStream.uniform())
    }

    /// Traced incident `i` has arrived: the next is scheduled; this one with its draws
    /// (its category and disposition are the trace's).
    mutating func tracedCall(index i: Int, calendar: inout EventCalendar<ServiceEvent>) -> (incident: TraceIncident, secondVehicle: Double, hospital: Double)? {
        guard case .trace(let incidents) = source else { return nil }
        if i + 1 < incidents.count { calendar.schedule(.tracedCallArrives(index: Int32(i + 1)), at: incidents[i + 1].timeMinutes) }
        let second = categoryStream.uniform()
        return (incidents[i], second, dispositionStream.uniform())
    }

    /// Schedules the next 111 caller who rings 999 (none when 111 is never down).
    @inline(never)
    mutating func scheduleNextRedirectedCall(calendar: inout EventCalendar<ServiceEvent>) {
        guard redirected != nil,
              let next = redirected!.next(candidates: redirectedStreams[0], thinning: redirectedStreams[1], horizon: horizon) else { return }
        calendar.schedule(.redirectedCallArrives(ZoneID(next.zone), source: Int32(next.source)), at: next.time)
    }

    /// A 111 caller rings 999: the next is scheduled; this call's draws come from the
    /// redirected calls' own stream, its category from the 111 period's mix.
    @inline(never)
    mutating func redirectedCall(source s: Int, calendar: inout EventCalendar<ServiceEvent>) -> Draws {
        scheduleNextRedirectedCall(calendar: &calendar)
        let draws = redirectedStreams[2]
        let category = CallCategory(rawValue: redirected!.sources[s].categories.sampleIndex(using: draws) + 1)!
        let second = draws.uniform(), disposition = draws.uniform()
        return Draws(category: category, secondVehicle: second, disposition: disposition, hospital: draws.uniform())
    }
}
