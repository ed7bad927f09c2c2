import AmbulanceService
import Stochastics

/// Configurations built in code for the model tests.
enum Fixtures {
    static let start = LocalDateTime(date: CivilDate(year: 2023, month: 7, day: 10)!, minuteOfDay: 0)

    static func dispositions(hearAndTreat: Double = 0, seeAndTreat: Double = 0, ed: Double = 0, elsewhere: Double = 0) -> DispositionShares {
        DispositionShares(hearAndTreat: hearAndTreat, seeAndTreat: seeAndTreat, conveyedToED: ed, conveyedElsewhere: elsewhere)
    }

    /// All calls in one category with one disposition mix; no dispatch delay.
    static func singleCategory(_ d: DispositionShares) -> [CategoryProfile] {
        (1...4).map { c in CategoryProfile(share: c == 2 ? 1 : 0, dispositions: d, dispatchDelayMinutes: .fixed(0)) }
    }

    /// One zone, constant rate `callsPerHour`, zero travel, one 24-hour shift of `vehicles`
    /// vehicles, one hospital.
    static func degenerate(callsPerHour: Double, vehicles: Int, onScene: Distribution, dispositions d: DispositionShares,
                           hospitalSlots: Int = 1000, handover: Distribution = .fixed(0), days: Double, warmUpDays: Double = 2) -> ServiceConfiguration {
        ServiceConfiguration(
            start: start, horizonMinutes: days * 1440, warmUpMinutes: warmUpDays * 1440,
            zones: [Zone(name: "only", residents: 1000, callsPerResidentPerDay: callsPerHour * 24 / 1000)],
            demand: Demand(),
            categories: singleCategory(d),
            travel: Travel(expectedMinutes: [[0]], variation: .fixed(1), mobiliseMinutes: .fixed(0)),
            stations: [Station(name: "base", zone: 0, roster: [Shift(startHour: 0, lengthHours: 24, vehicles: vehicles)])],
            hospitals: [Hospital(name: "ED", zone: 0, offloadCapacityByHour: Array(repeating: hospitalSlots, count: 24), handoverMinutes: handover)],
            jobCycle: JobCycle(onSceneConveyedMinutes: onScene, onSceneSeeAndTreatMinutes: onScene, conveyedElsewhereMinutes: .fixed(0),
                               clearMinutes: .fixed(0)))
    }

    /// A small, busy, three-zone service with a coast zone of visitors, two hospitals with
    /// tight offload capacity, day and night shifts. Used for properties, not calibration.
    static func busyService(days: Double = 14, visitors: Double = 40_000) -> ServiceConfiguration {
        let hour: [Double] = [0.6, 0.5, 0.45, 0.4, 0.4, 0.45, 0.6, 0.8, 1.05, 1.25, 1.35, 1.4,
                              1.35, 1.3, 1.3, 1.3, 1.3, 1.3, 1.25, 1.2, 1.1, 1.0, 0.85, 0.7]
        let mean = hour.reduce(0, +) / 24
        let categories: [CategoryProfile] = [
            CategoryProfile(share: 0.11, dispositions: dispositions(seeAndTreat: 0.2, ed: 0.75, elsewhere: 0.05),
                            dispatchDelayMinutes: .fixed(1), travelTimeFactor: 0.8, secondVehicleProbability: 0.2),
            CategoryProfile(share: 0.52, dispositions: dispositions(hearAndTreat: 0.05, seeAndTreat: 0.3, ed: 0.6, elsewhere: 0.05),
                            dispatchDelayMinutes: try! .lognormal(mean: 3, sd: 2), travelTimeFactor: 0.85),
            CategoryProfile(share: 0.27, dispositions: dispositions(hearAndTreat: 0.3, seeAndTreat: 0.35, ed: 0.3, elsewhere: 0.05),
                            dispatchDelayMinutes: try! .lognormal(mean: 8, sd: 5)),
            CategoryProfile(share: 0.10, dispositions: dispositions(hearAndTreat: 0.5, seeAndTreat: 0.35, ed: 0.1, elsewhere: 0.05),
                            dispatchDelayMinutes: try! .lognormal(mean: 10, sd: 6)),
        ]
        return ServiceConfiguration(
            start: start, horizonMinutes: days * 1440, warmUpMinutes: 1440,
            zones: [Zone(name: "city", residents: 300_000, callsPerResidentPerDay: 0.00048),
                    Zone(name: "rural", residents: 150_000, callsPerResidentPerDay: 0.0005),
                    Zone(name: "coast", residents: 100_000, callsPerResidentPerDay: 0.0005)],
            demand: Demand(hourOfDayFactors: hour.map { $0 / mean }, callsPerVisitorDay: 0.0005,
                           visitorCalendar: [VisitorCalendarEntry(zone: 2, from: CivilDate(year: 2023, month: 6, day: 1)!, visitors: visitors)]),
            categories: categories,
            travel: Travel(expectedMinutes: [[8, 20, 30], [20, 12, 25], [30, 25, 10]],
                           variation: try! .lognormal(mean: 1, sd: 0.3), mobiliseMinutes: .fixed(1.5)),
            stations: [
                Station(name: "city", zone: 0, roster: [Shift(startHour: 7, lengthHours: 12, vehicles: 13), Shift(startHour: 19, lengthHours: 12, vehicles: 10)]),
                Station(name: "rural", zone: 1, roster: [Shift(startHour: 7, lengthHours: 12, vehicles: 7), Shift(startHour: 19, lengthHours: 12, vehicles: 5)]),
                Station(name: "coast", zone: 2, roster: [Shift(startHour: 8, lengthHours: 12, vehicles: 6), Shift(startHour: 20, lengthHours: 12, vehicles: 4)]),
            ],
            hospitals: [
                Hospital(name: "city ED", zone: 0, offloadCapacityByHour: Array(repeating: 2, count: 24), handoverMinutes: try! .lognormal(mean: 20, sd: 10)),
                Hospital(name: "coast ED", zone: 2, offloadCapacityByHour: Array(repeating: 1, count: 24), handoverMinutes: try! .lognormal(mean: 20, sd: 10)),
            ],
            jobCycle: JobCycle(onSceneConveyedMinutes: try! .lognormal(mean: 36, sd: 12), onSceneSeeAndTreatMinutes: try! .lognormal(mean: 55, sd: 20),
                               conveyedElsewhereMinutes: try! .lognormal(mean: 45, sd: 15), clearMinutes: try! .lognormal(mean: 15, sd: 6)))
    }

    static func run(_ c: ServiceConfiguration, seed: UInt64 = 1, replication: Int = 0) -> ReplicationOutcome {
        // Test configurations are valid: a throw here is a failing test.
        try! ServiceSimulation.run(configuration: c, seedPlan: SeedPlan(masterSeed: seed), replication: replication)
    }
}
