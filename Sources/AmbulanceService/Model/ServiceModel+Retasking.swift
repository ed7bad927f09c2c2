import DES

/// Re-tasking: the coordinator's side. The dispatcher chooses the vehicle
/// (`Dispatcher.chooseVehicle`); the call it leaves goes back to the stack.
extension ServiceModel {
    /// Takes vehicle `v` off its call for C1 `call`; the call it leaves returns to the stack
    /// at the time it first became ready, ahead of later calls of its category.
    mutating func retask(vehicle v: Int, to call: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let left = fleet[v].call
        calls[left].vehiclesAssigned -= 1
        calls[left].vehiclesActive -= 1
        // The request goes back as it was: ambulance-only when the category takes no cars, or
        // when the vehicle taken was the ambulance the call asked for.
        let ambulanceOnly = !configuration[calls[left].category].carsMayRespond || (fleet.hasCars && !fleet[v].isCar && calls[left].ambulanceRequested)
        stack.add(left, zone: Int(calls[left].zone), category: calls[left].category.rawValue, readyTime: calls[left].readyTime,
                  ambulanceOnly: ambulanceOnly)
        if calls[left].vehiclesAssigned == 0 { callJoinsStack(left, calendar: &calendar) }
        if calls[call].counted { measure.kpi.retasks += 1 }
        send(vehicle: v, to: call, calendar: &calendar)
    }
}
