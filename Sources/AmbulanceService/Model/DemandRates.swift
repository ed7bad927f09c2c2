import Stochastics

/// Hourly arrival rates (calls per minute) of each zone over the horizon, for residents
/// and visitors separately, built once per replication from the demand configuration.
struct DemandRates {
    var resident: [PiecewiseConstantRate]
    var visitor: [PiecewiseConstantRate]

    init(configuration c: ServiceConfiguration) {
        let hours = Int((c.horizonMinutes / 60).rounded(.up))
        let d = c.demand
        var dateFactor: [Int: Double] = [:]
        for f in d.dateFactors { dateFactor[f.date.daysSinceEpoch, default: 1] *= f.factor }
        // Visitor step functions by zone, sorted by date.
        var calendars = [[VisitorCalendarEntry]](repeating: [], count: c.zones.count)
        for e in d.visitorCalendar { calendars[e.zone].append(e) }
        for z in calendars.indices { calendars[z].sort { $0.from < $1.from } }
        var residentRates = [[Double]](repeating: [Double](repeating: 0, count: hours), count: c.zones.count)
        var visitorRates = residentRates
        var cursor = [Int](repeating: -1, count: c.zones.count)
        for h in 0..<hours {
            let time = c.start.adding(minutes: h * 60)
            let hourOfDay = time.minuteOfDay / 60
            let day = time.date.daysSinceEpoch
            let dayFactor = d.dayOfWeekFactors[time.date.weekdayIndex] * d.monthOfYearFactors[time.date.month - 1] * (dateFactor[day] ?? 1)
            for z in c.zones.indices {
                let zone = c.zones[z]
                residentRates[z][h] = zone.residents * zone.callsPerResidentPerDay / 1440 * d.hourOfDayFactors[hourOfDay] * dayFactor * d.scale
                while cursor[z] + 1 < calendars[z].count && calendars[z][cursor[z] + 1].from <= time.date { cursor[z] += 1 }
                let visitors = cursor[z] >= 0 ? calendars[z][cursor[z]].visitors : 0
                visitorRates[z][h] = visitors * d.callsPerVisitorDay / 1440 * d.visitorHourOfDayFactors[hourOfDay] * d.scale
            }
        }
        // Rates are validated, so these cannot throw.
        resident = residentRates.map { try! PiecewiseConstantRate(start: 0, intervalLength: 60, rates: $0) }
        visitor = visitorRates.map { try! PiecewiseConstantRate(start: 0, intervalLength: 60, rates: $0) }
    }
}
