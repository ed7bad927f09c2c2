import CGSL
import Foundation

/// What the published record says of one trust over a set of months, in the terms a
/// scenario needs: demand level and season, category mix, hear-and-treat and dispositions,
/// C1 response, and the arrival-to-handover time. Read by `ambsim init` (`TrustDraft`).
///
/// Sums are taken over the months (counts added, times weighted by their counts), so a
/// month weighs by its size. Rows held out as the model's test (`HeldOut`) are never read.
public struct TrustRecord: Sendable {
    public let org: String
    public let orgName: String
    public let months: [YearMonth]
    /// Incidents a day in each chosen month (A7 / days).
    public let incidentsPerDay: [Double]
    /// 12 factors, January first, averaging 1: each calendar month's incidents a day over
    /// its year's mean, averaged over the years the file has for the trust (years with at
    /// least six months); nil when a calendar month has no row (the note says so).
    public let seasonalFactors: [Double]?
    /// Responded incidents by category, C1, C2, C3, C4 (A8, A10, A11, A12 summed).
    public let responded: [Double]
    /// Hear-and-treat share of incidents (A17 / A7).
    public let hearAndTreat: Double
    /// Each chosen month's responded incidents by category (A8, A10, A11, A12) and
    /// hear-and-treat share (A17 / A7): the month-by-month drift of the mix.
    public let respondedByMonth: [[Double]]
    public let hearAndTreatByMonth: [Double]
    /// Shares of face-to-face incidents: conveyed to ED, conveyed elsewhere, see-and-treat
    /// (A53, A54, A55 over A56).
    public let faceToFace: (ed: Double, elsewhere: Double, seeAndTreat: Double)
    /// Face-to-face share of incidents (A56 / A7).
    public let faceToFaceShare: Double
    /// C1 mean and 90th centile, minutes (A25 weighted by A8; A26 averaged).
    public let c1: (mean: Double, p90: Double)
    /// C2, C3, C4 mean responses, minutes (A31, A34, A37 weighted by their counts).
    public let laterMeans: [Double]
    /// C1T mean and 90th centile, minutes (A28, A29), when published.
    public let c1t: (mean: Double, p90: Double)?
    /// Arrival-to-handover mean and 90th centile, minutes (A142 weighted by A140; A143).
    public let handover: (mean: Double, p90: Double)
    /// Each chosen month's arrival-to-handover mean, minutes (A142, or its stand-in).
    public let handoverByMonth: [Double]
    /// Where each chosen month's handover came from (its own row, or the same calendar
    /// month of the nearest year that publishes it).
    public let handoverSources: [String]
    public let notes: [String]

    /// The trust's record over `months`: every month must have a row with the demand,
    /// category, disposition and C1 columns; handover from the month, else the same
    /// calendar month of the nearest year in the file that has it.
    public init(file: AmbSYSFile, org: String, months: [YearMonth]) throws(ObservedError) {
        guard !months.isEmpty else { throw ObservedError("give at least one month") }
        if let m = months.first(where: { HeldOut.contains(org: org, month: $0) }) {
            throw ObservedError("\(org) \(m) is held out as the model's out-of-sample test (\(HeldOut.rule)): it is never read; choose other months")
        }
        let usable = file.rows.filter { $0.org == org && !HeldOut.contains(org: org, month: $0.month) }
        var rows: [AmbSYSRow] = []
        for m in months { rows.append(try file.row(org: org, month: m)) }
        let needed = ["A7", "A8", "A10", "A11", "A12", "A17", "A25", "A26", "A31", "A34", "A37", "A53", "A54", "A55", "A56"]
        for r in rows {
            for code in needed where r.value(code) == nil {
                throw ObservedError(r.hasColumn(code)
                    ? "\(file.path), line \(r.line): \(org) \(r.month) has no value for \(code) (\(Self.meaning[code] ?? code)); choose months that publish it"
                    : "\(file.path): no column \(code) (\(Self.meaning[code] ?? code)); init needs \(needed.joined(separator: ", ")), with A140-A143 for handover")
            }
        }
        func sum(_ code: String) -> Double { rows.reduce(0) { $0 + ($1.value(code) ?? 0) } }
        self.org = org
        orgName = rows[0].orgName.isEmpty ? (Self.trustNames[org] ?? org) : rows[0].orgName
        self.months = months
        incidentsPerDay = rows.map { $0.value("A7")! / Double($0.month.days) }
        responded = ["A8", "A10", "A11", "A12"].map(sum)
        hearAndTreat = sum("A17") / sum("A7")
        respondedByMonth = rows.map { r in ["A8", "A10", "A11", "A12"].map { r.value($0)! } }
        hearAndTreatByMonth = rows.map { $0.value("A17")! / $0.value("A7")! }
        let f2f = sum("A56")
        faceToFace = (sum("A53") / f2f, sum("A54") / f2f, sum("A55") / f2f)
        faceToFaceShare = f2f / sum("A7")
        c1 = (sum("A24") > 0 ? sum("A24") / sum("A8") / 60 : rows.reduce(0) { $0 + $1.value("A25")! * $1.value("A8")! } / sum("A8") / 60,
              rows.reduce(0) { $0 + $1.value("A26")! } / Double(rows.count) / 60)
        laterMeans = [("A31", "A10"), ("A34", "A11"), ("A37", "A12")].map { mean, count in
            rows.reduce(0) { $0 + $1.value(mean)! * $1.value(count)! } / max(1, sum(count)) / 60
        }
        if rows.allSatisfy({ $0.value("A28") != nil && $0.value("A29") != nil && $0.value("A9") != nil }) {
            c1t = (rows.reduce(0) { $0 + $1.value("A28")! * $1.value("A9")! } / sum("A9") / 60,
                   rows.reduce(0) { $0 + $1.value("A29")! } / Double(rows.count) / 60)
        } else {
            c1t = nil
        }
        var notes: [String] = []
        // Season: in each year, each month's incidents a day over the year's mean (so that a
        // trend across years does not pass for season), averaged over the years.
        var byYear: [Int: [Int: Double]] = [:]
        for r in usable { if let a7 = r.value("A7") { byYear[r.month.year, default: [:]][r.month.month] = a7 / Double(r.month.days) } }
        var ratios = [[Double]](repeating: [], count: 12)
        for (_, months) in byYear where months.count >= 6 {
            let mean = months.values.reduce(0, +) / Double(months.count)
            for (m, perDay) in months { ratios[m - 1].append(perDay / mean) }
        }
        if ratios.allSatisfy({ !$0.isEmpty }) {
            let levels = ratios.map { $0.reduce(0, +) / Double($0.count) }
            let mean = levels.reduce(0, +) / 12
            seasonalFactors = levels.map { $0 / mean }
        } else {
            seasonalFactors = nil
            notes.append("the file lacks a calendar month for \(org), so demand has no seasonal profile (month_of_year all 1)")
        }
        // Handover: the month's own, else the nearest year's same calendar month.
        var handoverMonths: [(row: AmbSYSRow, note: String)] = []
        for r in rows {
            if r.value("A140") != nil && r.value("A142") != nil && r.value("A143") != nil {
                handoverMonths.append((r, "\(r.month)"))
                continue
            }
            let candidates = usable.filter { $0.month.month == r.month.month && $0.value("A140") != nil && $0.value("A142") != nil && $0.value("A143") != nil }
            guard let nearest = candidates.min(by: { (abs($0.month.year - r.month.year), $0.month.year) < (abs($1.month.year - r.month.year), $1.month.year) }) else {
                throw ObservedError("\(file.path): \(org) publishes no arrival-to-handover time (A140, A142, A143) for \(r.month), nor for the same calendar month of another year; the handover figures are published from October 2023")
            }
            handoverMonths.append((nearest, "\(r.month) from \(nearest.month)"))
        }
        let handovers = handoverMonths.reduce(0) { $0 + $1.row.value("A140")! }
        handover = (handoverMonths.reduce(0) { $0 + $1.row.value("A142")! * $1.row.value("A140")! } / handovers / 60,
                    handoverMonths.reduce(0) { $0 + $1.row.value("A143")! } / Double(handoverMonths.count) / 60)
        handoverSources = handoverMonths.map(\.note)
        handoverByMonth = handoverMonths.map { $0.row.value("A142")! / 60 }
        self.notes = notes
    }

    /// Incidents a day by calendar month, January first: the chosen months' own (a calendar
    /// month chosen in several years takes their mean), and the other months the season's
    /// shape at the level that best fits the chosen months (their mean ratio to the shape).
    /// The scenario writes their mean as the level and their ratios to it as
    /// `month_of_year`, so each chosen month's expected incidents are the published ones.
    public var incidentsPerDayByCalendarMonth: [Double] {
        let shape = seasonalFactors ?? Array(repeating: 1, count: 12)
        let scale = zip(months, incidentsPerDay).reduce(0) { $0 + $1.1 / shape[$1.0.month - 1] } / Double(months.count)
        return (1...12).map { m in
            let own = zip(months, incidentsPerDay).filter { $0.0.month == m }.map(\.1)
            return own.isEmpty ? scale * shape[m - 1] : own.reduce(0, +) / Double(own.count)
        }
    }

    /// The English ambulance trusts by AmbSYS code (the panel has no name column).
    public static let trustNames = [
        "R1F": "Isle of Wight NHS Trust", "RRU": "London Ambulance Service", "RX6": "North East Ambulance Service",
        "RX7": "North West Ambulance Service", "RX8": "Yorkshire Ambulance Service", "RX9": "East Midlands Ambulance Service",
        "RYA": "West Midlands Ambulance Service", "RYC": "East of England Ambulance Service",
        "RYD": "South East Coast Ambulance Service", "RYE": "South Central Ambulance Service",
        "RYF": "South Western Ambulance Service"]

    static let meaning = ["A7": "incidents", "A8": "C1 incidents responded", "A10": "C2 incidents responded",
                          "A11": "C3 incidents responded", "A12": "C4 incidents responded", "A17": "hear-and-treat incidents",
                          "A25": "C1 mean response", "A26": "C1 90th centile response", "A31": "C2 mean response", "A34": "C3 mean response", "A37": "C4 mean response", "A53": "conveyed to ED",
                          "A54": "conveyed elsewhere", "A55": "see-and-treat", "A56": "face-to-face incidents"]
}

/// The rows held out as the model's out-of-sample test (Scenarios/observed/README.md):
/// South Western (RYF), South Central (RYE) and England for July-September 2023, and every
/// month from January 2025. Tools that read the record to build or fit a scenario skip them.
public enum HeldOut {
    public static let rule = "RYF, RYE and England for July-September 2023, and every month from January 2025"

    public static func contains(org: String, month: YearMonth) -> Bool {
        if month >= YearMonth(year: 2025, month: 1)! { return true }
        return ["RYF", "RYE", "Eng"].contains(org) && month.year == 2023 && (7...9).contains(month.month)
    }
}

/// A lognormal distribution with a given mean and 90th centile: the form `init` fits to a
/// published mean and 90th centile (response and handover times are right-skewed).
public struct LognormalFit: Sendable, Equatable {
    public let mean: Double
    public let sd: Double
    /// The log-scale parameters.
    public let mu: Double
    public let sigma: Double
    /// Whether the form has the asked 90th centile (else it is the widest form at this mean).
    public let reachesP90: Bool

    /// From the mean and the 90th centile: sigma solves exp(sigma z - sigma^2 / 2) =
    /// p90 / mean (z the standard normal's 0.9 quantile, from GSL), the smaller root. A
    /// ratio beyond the form's reach (p90 above mean x exp(z^2 / 2), about 2.27) takes sigma
    /// = z, the largest; a ratio at or below 1 takes sigma = 0.01 (nearly fixed).
    public init(mean: Double, p90: Double) {
        let z = gsl_cdf_ugaussian_Pinv(0.9)
        let r = p90 / mean
        let sigma: Double
        if r <= 1 { sigma = 0.01 } else {
            let d = z * z - 2 * Foundation.log(r)
            sigma = d <= 0 ? z : max(0.01, z - d.squareRoot())
        }
        self.mean = mean
        self.sigma = sigma
        reachesP90 = r > 1 && z * z - 2 * Foundation.log(r) > 0
        mu = Foundation.log(mean) - sigma * sigma / 2
        sd = mean * (Foundation.exp(sigma * sigma) - 1).squareRoot()
    }

    /// The fitted distribution's 90th centile.
    public var p90: Double { Foundation.exp(mu + sigma * gsl_cdf_ugaussian_Pinv(0.9)) }
}
