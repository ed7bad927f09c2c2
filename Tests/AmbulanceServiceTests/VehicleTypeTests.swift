import AmbulanceService
import Statistics
import Stochastics
import Testing

/// Rapid response cars beside ambulances; C1 against C1T.
@Suite("Vehicle types")
struct VehicleTypeTests {
    /// The busy three-zone service with a car shift added at every station.
    static func withCars(ambulanceWithCar: Bool) -> ServiceConfiguration {
        var c = Fixtures.busyService(days: 8)
        for s in c.stations.indices {
            c.stations[s].roster.append(Shift(startHour: 8, lengthHours: 12, vehicles: 3, vehicleType: .car))
        }
        c.categories[0].ambulanceWithCar = ambulanceWithCar
        c.categories[2].carsMayRespond = false
        c.categories[3].carsMayRespond = false
        c.recordCalls = true
        c.runOutMinutes = 1440
        return c
    }

    @Test("a car never conveys: every conveyed call had an ambulance on scene before the patient left", arguments: [false, true])
    func ambulanceBeforeConveyance(ambulanceWithCar: Bool) {
        let o = Fixtures.run(Self.withCars(ambulanceWithCar: ambulanceWithCar), seed: 3)
        // Counted calls: the day of run-out lets every one of them leave the scene.
        let conveyed = o.calls.filter { $0.counted && ($0.disposition == .conveyedToED || $0.disposition == .conveyedElsewhere) }
        #expect(conveyed.count > 500)
        for call in conveyed {
            guard let start = call.conveyanceStartMinutes else { Issue.record("conveyed call with no conveyance start"); continue }
            let transport = call.transportResponseMinutes
            #expect(transport != nil && transport! <= start + 1e-9, "conveyed at \(start) with the first ambulance at \(String(describing: transport))")
        }
        // Some calls were reached first by a car and conveyed by the ambulance that came after.
        #expect(conveyed.contains { ($0.transportResponseMinutes ?? 0) > ($0.responseMinutes ?? 0) + 1 })
    }

    @Test("C1 ends at the first vehicle, C1T at the first ambulance: C1T >= C1; an ambulance sent with every car shortens C1T")
    func c1AgainstC1T() {
        let later = Fixtures.run(Self.withCars(ambulanceWithCar: false), seed: 4)
        let atOnce = Fixtures.run(Self.withCars(ambulanceWithCar: true), seed: 4)
        for o in [later, atOnce] {
            #expect(o[kpi: "c1t_response_mean_min"] >= o[kpi: "c1_response_mean_min"])
            for call in o.calls where call.category == .c1 {
                if let t = call.transportResponseMinutes, let r = call.responseMinutes { #expect(t >= r) }
            }
        }
        #expect(atOnce[kpi: "c1t_response_mean_min"] < later[kpi: "c1t_response_mean_min"],
                "C1T with an ambulance sent with each car \(atOnce[kpi: "c1t_response_mean_min"]), without \(later[kpi: "c1t_response_mean_min"])")
    }

    @Test("categories that take no cars get ambulances only")
    func carsKeptToTheirCategories() {
        var c = Self.withCars(ambulanceWithCar: false)
        c.categories = c.categories.map { var p = $0; p.carsMayRespond = false; return p }
        let noCars = Fixtures.run(c, seed: 5)
        // No car ever responds: every responded call has its first ambulance at its response time.
        for call in noCars.calls where call.responseMinutes != nil {
            #expect(call.transportResponseMinutes == call.responseMinutes)
        }
    }

    @Test("an all-ambulance fleet: C1T is C1 exactly")
    func allAmbulances() {
        let o = Fixtures.run(Fixtures.busyService(days: 6), seed: 6)
        #expect(o[kpi: "c1t_response_mean_min"] == o[kpi: "c1_response_mean_min"])
        #expect(o[kpi: "c1t_responded_count"] == o[kpi: "c1_responded_count"])
    }
}
