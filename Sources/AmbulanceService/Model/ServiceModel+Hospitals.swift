import DES
import Stochastics

/// The coordinator's side of the hospitals (`Hospitals`): a crew arrives with its patient,
/// and a crew the hospitals have finished with clears.
extension ServiceModel {
    mutating func vehicleReachesHospital(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let hospital = Int(fleet[v].patient)
        let call = fleet[v].call
        fleet[v].state = .atHospital
        fleet[v].zone = Int32(configuration.hospitals[hospital].zone)
        fleet[v].patient = hospitals.ambulanceArrives(crew: v, hospital: hospital, counted: calls[call].counted, effects: records.effects,
                                                         capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
    }

    mutating func handoverEnds(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        if let crew = hospitals.handoverEnds(p, mode: records.mode, at: calendar.now, measure: &measure) {
            startClearing(crew, extra: records.effects.clearExtraMinutes, calendar: &calendar)
        }
        hospitals.afterHandover(p, effects: records.effects, capacityFactor: disruptions.capacityFactor, calendar: &calendar, measure: &measure)
    }

    mutating func crewReleaseFallsDue(_ p: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        if let crew = hospitals.crewReleaseFallsDue(p, mode: records.mode, at: calendar.now, measure: &measure) {
            startClearing(crew, extra: records.effects.clearExtraMinutes, calendar: &calendar)
        }
    }

    /// The crew cleans and restocks (plus back-entry of paper records after restoration),
    /// then becomes free.
    mutating func startClearing(_ v: Int, extra: Double, calendar: inout EventCalendar<ServiceEvent>) {
        fleet[v].state = .clearing
        var minutes = configuration.jobCycle.clearMinutes.sample(using: clearingStream) + extra
        let backEntry = records.takeCrewBackEntry(kpi: &measure.kpi)
        if backEntry.records > 0 { fleet[v].backEntryRecords = Int32(backEntry.records) }
        minutes += backEntry.minutes
        calendar.schedule(.vehicleClears(VehicleID(v)), after: max(0, minutes))
    }

    mutating func vehicleClears(_ vi: Int32, calendar: inout EventCalendar<ServiceEvent>) {
        let v = Int(vi)
        let now = calendar.now
        if fleet[v].backEntryRecords > 0 {
            records.finishCrewBackEntry(records: Int(fleet[v].backEntryRecords), at: now)
            fleet[v].backEntryRecords = 0
        }
        let call = fleet[v].call
        if call >= 0, !fleet[v].isSecondVehicle, calls[call].counted {
            measure.kpi.jobCycleSum += now - fleet[v].jobStart
            measure.kpi.jobCycles += 1
        }
        fleet[v].patient = -1
        vehicleFinishesCall(v)
        vehicleBecomesFree(v, calendar: &calendar)
    }
}
