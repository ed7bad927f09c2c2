import AmbulanceService
import DES
import MonteCarlo
import Stochastics

/// model-year: a synthetic service the size of the South Western trust, one year, one
/// replication. Sizes from the calibration sheet: ~2,700 incidents a day (SWASFT typical
/// 2,600-2,650, summer ~3,300), ~200 vehicles on duty at peak (Little's law estimate
/// 190-270), a dozen receiving EDs. The geography is synthetic: 12 zones on a line 300 km
/// long, one ED per zone, two stations per zone. Not a calibrated scenario: a workload.
func southWesternSizedYear() -> ServiceConfiguration {
    let zones = 12
    let residentsPerZone = 5_500_000.0 / Double(zones)
    let hour: [Double] = [0.6, 0.5, 0.45, 0.4, 0.4, 0.45, 0.6, 0.8, 1.05, 1.25, 1.35, 1.4,
                          1.35, 1.3, 1.3, 1.3, 1.3, 1.3, 1.25, 1.2, 1.1, 1.0, 0.85, 0.7]
    let mean = hour.reduce(0, +) / 24
    func km(_ i: Int, _ j: Int) -> Double { Double(abs(i - j)) * 25 }
    let minutes = (0..<zones).map { i in (0..<zones).map { j in i == j ? 12 : 10 + km(i, j) * 0.9 } }
    func shares(_ ht: Double, _ st: Double, _ ed: Double, _ el: Double) -> DispositionShares {
        DispositionShares(hearAndTreat: ht, seeAndTreat: st, conveyedToED: ed, conveyedElsewhere: el)
    }
    let categories = [
        CategoryProfile(share: 0.11, dispositions: shares(0, 0.2, 0.75, 0.05), dispatchDelayMinutes: .fixed(1),
                        travelTimeFactor: 0.8, secondVehicleProbability: 0.2),
        CategoryProfile(share: 0.52, dispositions: shares(0.05, 0.3, 0.6, 0.05), dispatchDelayMinutes: try! .lognormal(mean: 3, sd: 2),
                        travelTimeFactor: 0.85),
        CategoryProfile(share: 0.27, dispositions: shares(0.3, 0.35, 0.3, 0.05), dispatchDelayMinutes: try! .lognormal(mean: 8, sd: 5)),
        CategoryProfile(share: 0.10, dispositions: shares(0.5, 0.35, 0.1, 0.05), dispatchDelayMinutes: try! .lognormal(mean: 10, sd: 6)),
    ]
    let stations = (0..<(2 * zones)).map { s in
        Station(name: "station \(s)", zone: s / 2, roster: [
            Shift(startHour: 7, lengthHours: 12, vehicles: 9), Shift(startHour: 10, lengthHours: 12, vehicles: 3),
            Shift(startHour: 19, lengthHours: 12, vehicles: 6),
        ])
    }
    let hospitals = (0..<zones).map { z in
        Hospital(name: "ED \(z)", zone: z, offloadCapacityByHour: Array(repeating: 4, count: 24),
                 handoverMinutes: try! .lognormal(mean: 18, sd: 10))
    }
    return ServiceConfiguration(
        start: LocalDateTime(date: CivilDate(year: 2023, month: 1, day: 1)!), horizonMinutes: 365 * 1440, warmUpMinutes: 2 * 1440,
        zones: (0..<zones).map { Zone(name: "zone \($0)", residents: residentsPerZone, callsPerResidentPerDay: 2700 / 5_500_000) },
        demand: Demand(hourOfDayFactors: hour.map { $0 / mean }),
        categories: categories,
        travel: Travel(expectedMinutes: minutes, variation: try! .lognormal(mean: 1, sd: 0.3), mobiliseMinutes: .fixed(1.5)),
        stations: stations, hospitals: hospitals,
        jobCycle: JobCycle(onSceneConveyedMinutes: try! .lognormal(mean: 36, sd: 12), onSceneSeeAndTreatMinutes: try! .lognormal(mean: 55, sd: 20),
                           conveyedElsewhereMinutes: try! .lognormal(mean: 45, sd: 15), clearMinutes: try! .lognormal(mean: 12, sd: 5)))
}

func modelYear() -> Row {
    let configuration = southWesternSizedYear()
    let start = monotonicSeconds()
    // The workload is built valid in code.
    let outcome = try! ServiceSimulation.run(configuration: configuration, seedPlan: SeedPlan(masterSeed: 2023), replication: 0)
    let wall = monotonicSeconds() - start
    return Row(workload: "model-year", replications: 1, events: outcome.events, wallSeconds: wall,
               note: "calls=\(Int(outcome[kpi: "calls_count"])) c1_mean=\(format(outcome[kpi: "c1_response_mean_min"], 1)) util=\(format(outcome[kpi: "vehicle_utilisation_share"], 2))")
}
