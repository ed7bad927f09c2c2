/// An area of the service with its own resident population and demand. Stations and
/// hospitals sit in zones; travel times are given zone to zone.
public struct Zone: Sendable, Equatable {
    public var name: String
    public var residents: Double
    /// Incidents per resident per day before hour, weekday and date factors. SWASFT's
    /// ~2,600-2,650 incidents a day over ~5.5 m residents is about 0.00048 (calibration
    /// sheet); rural and urban zones may differ.
    public var callsPerResidentPerDay: Double

    public init(name: String, residents: Double, callsPerResidentPerDay: Double) {
        self.name = name
        self.residents = residents
        self.callsPerResidentPerDay = callsPerResidentPerDay
    }
}

/// Visitors present in each zone by date: a step function, each entry in force from its
/// date until the next entry of the same zone (so monthly or daily calendars both work).
/// Before a zone's first entry, and in zones without entries, there are no visitors.
public struct VisitorCalendarEntry: Sendable, Equatable {
    public var zone: Int
    public var from: CivilDate
    public var visitors: Double

    public init(zone: Int, from: CivilDate, visitors: Double) {
        self.zone = zone
        self.from = from
        self.visitors = visitors
    }
}

/// A multiplicative demand factor for one date (bank holiday, heatwave day).
public struct DateFactor: Sendable, Equatable {
    public var date: CivilDate
    public var factor: Double
    public var label: String

    public init(date: CivilDate, factor: Double, label: String = "") {
        self.date = date
        self.factor = factor
        self.label = label
    }
}

/// One incident of a replayed trace.
public struct TraceIncident: Sendable, Equatable {
    /// Minutes from the scenario start.
    public var timeMinutes: Double
    public var zone: Int
    public var category: CallCategory
    public var disposition: Disposition

    public init(timeMinutes: Double, zone: Int, category: CallCategory, disposition: Disposition) {
        self.timeMinutes = timeMinutes
        self.zone = zone
        self.category = category
        self.disposition = disposition
    }
}

/// How calls come: generated from rates, or replayed from a list of incidents.
public enum DemandSource: Sendable, Equatable {
    case generated
    /// Replay these incidents (sorted by time). Each keeps its category and disposition;
    /// record-mode conveyance shifts do not apply to replayed dispositions.
    case trace([TraceIncident])
}

/// Demand: resident and visitor call rates, their shapes over the day and week, and dated
/// factors.
///
/// Rate of zone z at time t (calls per minute):
/// `residents_z * callsPerResidentPerDay_z / 1440 * hour[h] * weekday[d] * date(t)
///  + visitors_z(date) * callsPerVisitorDay / 1440 * visitorHour[h]`.
/// The hour and weekday factors are relative and must average 1, so that they shape
/// demand without changing its daily total.
public struct Demand: Sendable, Equatable {
    public var source: DemandSource = .generated
    /// Multiplies every generated call rate, residents' and visitors' (`demand.scale`;
    /// `backtest --drive demand` sets it so that a month's expected incidents are the
    /// published A7). Not applied to a trace.
    public var scale: Double = 1
    /// 24 factors, hour 0 = 00:00-01:00, averaging 1.
    public var hourOfDayFactors: [Double]
    /// 7 factors, Monday first, averaging 1.
    public var dayOfWeekFactors: [Double]
    /// 12 factors, January first, averaging 1: the seasonal level by calendar month
    /// (`demand.month_of_year`; `ambsim init` writes them from the record's months).
    public var monthOfYearFactors: [Double]
    public var dateFactors: [DateFactor]
    /// Incidents per visitor per day. No published figure: assumption, to be given as a range.
    public var callsPerVisitorDay: Double
    /// 24 factors of visitor demand by hour, averaging 1.
    public var visitorHourOfDayFactors: [Double]
    public var visitorCalendar: [VisitorCalendarEntry]

    public init(
        hourOfDayFactors: [Double] = Array(repeating: 1, count: 24),
        dayOfWeekFactors: [Double] = Array(repeating: 1, count: 7),
        monthOfYearFactors: [Double] = Array(repeating: 1, count: 12),
        dateFactors: [DateFactor] = [],
        callsPerVisitorDay: Double = 0,
        visitorHourOfDayFactors: [Double] = Array(repeating: 1, count: 24),
        visitorCalendar: [VisitorCalendarEntry] = [],
        source: DemandSource = .generated
    ) {
        self.hourOfDayFactors = hourOfDayFactors
        self.dayOfWeekFactors = dayOfWeekFactors
        self.monthOfYearFactors = monthOfYearFactors
        self.dateFactors = dateFactors
        self.callsPerVisitorDay = callsPerVisitorDay
        self.visitorHourOfDayFactors = visitorHourOfDayFactors
        self.visitorCalendar = visitorCalendar
        self.source = source
    }
}
