import DES

/// Vehicle types: double-crewed ambulances and rapid response cars. A car treats on scene
/// but cannot convey: a patient it finds needing conveyance waits with it until an
/// ambulance arrives, which then conveys; the car clears. A category may send an ambulance
/// with every car at once (C1: ARP needs a transport vehicle). C1 response ends at the first
/// vehicle on scene; C1T (AmbSYS A27-A29) at the first ambulance.
///
/// Assumptions: the car's clinician hands over to the ambulance crew and clears at once; an
/// ambulance arriving second does the full on-scene time for a conveyed patient (the car's
/// assessment is not credited).
extension ServiceModel {
    /// A vehicle is sent: an ambulance covers the call's need for one; a car sent to a
    /// category that wants an ambulance with it asks for one.
    mutating func vehicleTypesOnSend(vehicle v: Int, call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        if !fleet[v].isCar {
            calls[call].ambulanceRequested = true
        } else if configuration[calls[call].category].ambulanceWithCar && !calls[call].ambulanceRequested {
            requestAmbulance(call, calendar: &calendar)
        }
    }

    /// One more vehicle for `call`, an ambulance: sent now if one can be, else on the stack.
    mutating func requestAmbulance(_ call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        calls[call].ambulanceRequested = true
        calls[call].vehiclesNeeded += 1
        dispatchOne(call, zone: Int(calls[call].zone), allowCars: false, calendar: &calendar)
    }

    /// Roles on scene, once the disposition is known. Returns false when the vehicle stays
    /// with the patient without a timed task (a car waiting for the conveying ambulance).
    mutating func vehicleTypesOnArrival(vehicle v: Int, call: Int32, calendar: inout EventCalendar<ServiceEvent>) -> Bool {
        let conveys = calls[call].disposition == .conveyedToED || calls[call].disposition == .conveyedElsewhere
        guard conveys else { return true }
        if !fleet[v].isCar && calls[call].conveyor < 0 {
            calls[call].conveyor = Int32(v)
            fleet[v].isSecondVehicle = false
            let car = calls[call].holdingCar
            if car >= 0 {
                calls[call].holdingCar = -1
                startClearing(Int(car), extra: 0, calendar: &calendar)
            }
            return true
        }
        fleet[v].isSecondVehicle = true
        if fleet[v].isCar && calls[call].conveyor < 0 && calls[call].holdingCar < 0 {
            calls[call].holdingCar = Int32(v)
            if !calls[call].ambulanceRequested { requestAmbulance(call, calendar: &calendar) }
            return false
        }
        return true
    }

    mutating func firstAmbulanceReachesScene(_ call: Int32, at now: Double) {
        calls[call].firstAmbulanceOnScene = now
        // All ambulances: the first vehicle is the first ambulance, and C1T is C1 (outcome).
        if fleet.hasCars && calls[call].category == .c1 && calls[call].counted { measure.kpi.c1tResponses.append(now - calls[call].arrival) }
        if calls[call].traceIndex >= 0 { measure.callTraces[Int(calls[call].traceIndex)].transportResponseMinutes = now - calls[call].arrival }
    }

    mutating func noteConveyanceStart(_ call: Int32, at now: Double) {
        if calls[call].traceIndex >= 0 { measure.callTraces[Int(calls[call].traceIndex)].conveyanceStartMinutes = now - calls[call].arrival }
    }
}
