import AmbulanceService
import Testing

@Suite("Demand")
struct DemandTests {
    @Test("Doubling a zone's visitors doubles its visitor calls", arguments: [UInt64(2), 3])
    func doublingVisitorsDoublesVisitorCalls(seed: UInt64) {
        let days = 28.0
        let single = Fixtures.busyService(days: days, visitors: 60_000)
        let double = Fixtures.busyService(days: days, visitors: 120_000)
        var a = 0.0, b = 0.0
        for r in 0..<4 {
            a += Fixtures.run(single, seed: seed, replication: r)[kpi: "visitor_calls_count"]
            b += Fixtures.run(double, seed: seed, replication: r)[kpi: "visitor_calls_count"]
        }
        // Expected over 4 replications of 27 counted days: visitors * 0.0005 a day.
        let expectedA = 4 * 27 * 60_000 * 0.0005
        #expect(abs(a - expectedA) < 5 * expectedA.squareRoot(), "\(a) vs \(expectedA)")
        #expect(abs(b - 2 * expectedA) < 5 * (2 * expectedA).squareRoot(), "\(b) vs \(2 * expectedA)")
        // Ratio of two Poisson totals: sd of b/a is about 2 * sqrt(1/a + 1/b).
        #expect(abs(b / a - 2) < 5 * 2 * (1 / a + 1 / b).squareRoot())
    }

    @Test("The hour-of-day shape shows in hourly arrivals")
    func hourOfDayShape() {
        var c = Fixtures.busyService(days: 60, visitors: 0)
        c.demand.visitorCalendar = []
        let o = Fixtures.run(c, seed: 12)
        var perHour = [Double](repeating: 0, count: 24)
        for h in o.hourly { perHour[h.hour % 24] += Double(h.arrivals) }
        let perDay = c.zones.reduce(0) { $0 + $1.residents * $1.callsPerResidentPerDay }
        for h in 0..<24 {
            // 60 days, weekday factors 1: expected = days * perDay / 24 * factor.
            let expected = 60 * perDay / 24 * c.demand.hourOfDayFactors[h]
            #expect(abs(perHour[h] - expected) < 5 * expected.squareRoot(), "hour \(h): \(perHour[h]) vs \(expected)")
        }
        #expect(perHour[4] < perHour[11] / 2)
    }

    @Test("Day-of-week and dated factors scale that day's demand")
    func dayAndDateFactors() {
        var c = Fixtures.busyService(days: 56, visitors: 0)
        c.demand.visitorCalendar = []
        c.warmUpMinutes = 0
        // 2023-07-10 is a Monday: Monday +20%, the rest down to keep the mean at 1.
        c.demand.dayOfWeekFactors = [1.2] + Array(repeating: (7 - 1.2) / 6, count: 6)
        let heatwave = CivilDate(year: 2023, month: 7, day: 19)!
        c.demand.dateFactors = [DateFactor(date: heatwave, factor: 1.5, label: "heatwave")]
        #expect(c.problems().isEmpty, "\(c.problems())")
        let o = Fixtures.run(c, seed: 6)
        var perDay = [Double](repeating: 0, count: 56)
        for h in o.hourly { perDay[h.hour / 24] += Double(h.arrivals) }
        let base = c.zones.reduce(0) { $0 + $1.residents * $1.callsPerResidentPerDay }
        let mondays = stride(from: 0, to: 56, by: 7).map { perDay[$0] }.reduce(0, +)
        let expectedMondays = 8 * base * 1.2
        #expect(abs(mondays - expectedMondays) < 5 * expectedMondays.squareRoot())
        let expectedHeatwave = base * (7 - 1.2) / 6 * 1.5
        #expect(abs(perDay[9] - expectedHeatwave) < 5 * expectedHeatwave.squareRoot())
    }

    @Test("Replayed incidents keep their time, zone, category and disposition")
    func traceReplay() {
        var c = Fixtures.busyService(days: 2)
        c.warmUpMinutes = 0
        let incidents: [TraceIncident] = (0..<200).map { i in
            TraceIncident(timeMinutes: Double(i) * 10, zone: i % 3, category: CallCategory(rawValue: 1 + i % 4)!,
                          disposition: Disposition(rawValue: i % 4)!)
        }
        c.demand.source = .trace(incidents)
        let o = Fixtures.run(c, seed: 1)
        #expect(o[kpi: "calls_count"] == 200)
        for cat in 1...4 { #expect(o[kpi: "c\(cat)_count"] == 50) }
        #expect(o[kpi: "hear_and_treat_count"] == 50)
        #expect(o[kpi: "see_and_treat_count"] + o[kpi: "conveyed_ed_count"] + o[kpi: "conveyed_elsewhere_count"]
                + o[kpi: "calls_open_at_end_count"] == 150)
        #expect(o.hourly.prefix(33).allSatisfy { $0.arrivals == 6 || $0.hour == 33 })
    }
}
