/// The run's clock on the calendar: simulated minutes since the start, read as the time of
/// day and the date. Shared by the mechanisms whose rules follow the clock (rosters, hourly
/// capacities, the clinicians' roster, the back office's hours).
struct RunClock {
    let start: LocalDateTime

    /// Minute of the day at simulated time `t`.
    @inline(__always)
    func minuteOfDay(at t: Double) -> Double {
        let m = (Double(start.minuteOfDay) + t).truncatingRemainder(dividingBy: 1440)
        return m < 0 ? m + 1440 : m
    }

    /// Hour of day (0-23) at simulated time `t`.
    func hourOfDay(at t: Double) -> Int {
        let minute = Int((Double(start.minuteOfDay) + t).rounded(.down))
        return ((minute / 60) % 24 + 24) % 24
    }

    /// The date at simulated time `t`.
    func date(at t: Double) -> CivilDate {
        start.date.adding(days: Int(((Double(start.minuteOfDay) + t) / 1440).rounded(.down)))
    }

    /// The first time >= `after` (or > when not inclusive) whose minute of day is `minute`.
    func nextTime(minuteOfDay minute: Double, after t: Double, inclusive: Bool) -> Double {
        var delta = minute - minuteOfDay(at: t)
        if delta < 0 || (!inclusive && delta == 0) { delta += 1440 }
        return t + delta
    }

    /// The next hour boundary after `t` (the next whole hour of the day, strictly later).
    func nextHour(after t: Double) -> Double { t + (60 - minuteOfDay(at: t).truncatingRemainder(dividingBy: 60)) }
}
