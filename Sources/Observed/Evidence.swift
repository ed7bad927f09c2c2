import Foundation
import Reports
import Statistics

/// What the published record alone says a disruption did: for each indicator, a synthetic
/// control of the hit trust from the trusts that were not hit (`SyntheticControlFit`, on
/// log monthly values, fitted on the pre-event months), its counterfactual for each month
/// from the event on, the effect with a 95% band from placebos, and a permutation p-value.
///
/// The band: the treated trust's log gap (observed less counterfactual) is its effect plus
/// noise. The noise is read off placebos that had no event: in space (each donor fitted from
/// the other donors over the same months, as if it had been hit) and in time (the trust and
/// each donor with the event moved into the pre-period, at every month that leaves at least
/// `minimumPreMonths` to fit on, over as many months as the real post-period). Every
/// placebo's gaps are scaled by the ratio of the trust's pre-period RMSPE to the placebo's
/// own, so a placebo that the donors match badly does not widen the band (Abadie et al. 2010
/// drop such placebos instead; scaling keeps them all). The conformal 95% interval `q` of
/// the pooled gaps (`band`) gives the band of the counterfactual `cf * exp(q)`, hence of
/// the effect `observed - cf * exp(q)`; with fewer than 39 gaps it is unbounded and
/// `evidence.csv` leaves it empty. Coverage on planted effects is measured in
/// `EvidenceTests` (95.3% over 360 trials of the panel).
///
/// The p-value of a month is the rank of the trust's |gap| / pre-RMSPE among the in-space
/// placebos' (Abadie et al. 2010, section 2.4), (1 + placebos at least as extreme) /
/// (1 + placebos); the whole post-period's is the same rank of post/pre RMSPE ratios.
public enum Evidence {
    /// At least a year of pre-event months (every calendar month seen once): an assumption
    /// [E] in the spirit of Abadie et al. (2015), who warn against short pre-periods.
    public static let minimumPreMonths = 12
    /// England is the sum of the trusts (not a comparison unit), and the Isle of Wight is
    /// too small to compare with (about 2,000 incidents a month against 30,000-170,000 [D:
    /// panel A7]): neither is a donor unless named in `--donors`.
    public static let excludedByDefault = ["Eng", "R1F"]
    /// The indicators by default: incidents, C1, C2 and C3 means, C2 90th centile, and the
    /// handover block where published.
    public static let defaultKPIs = ["calls_count", "c1_response_mean_min", "c2_response_mean_min", "c3_response_mean_min",
                                     "c2_response_p90_min", "handover_mean_min", "handover_p90_min", "handover_over_60_share",
                                     "handover_hours_beyond_30"]

    public struct Options: Sendable {
        public var org: String
        /// The event's month (the first post-event month) and, for the record, its day.
        public var event: YearMonth
        public var eventDay: Int = 1
        public var until: YearMonth?
        public var pre: ClosedRange<YearMonth>?
        public var alsoHit: [String] = []
        public var donors: [String]?
        /// nil: the defaults, those without enough pre-event months left out with a note.
        public var kpis: [String]?
        /// A planted effect for validation: the trust's values multiplied by (1 + share) for
        /// the first `months` months from the event (the planted trust is then known to have
        /// exactly that effect, if the event had none).
        public var plant: (share: Double, months: Int)?
        /// Fit on log values (default) or on the values themselves.
        public var logs = true
        /// Fit with an intercept (de-meaned, default) or without (Abadie et al. 2010's form).
        public var intercept = true

        public init(org: String, event: YearMonth) {
            self.org = org
            self.event = event
        }
    }

    public struct Row: Sendable {
        public let month: YearMonth
        public let kpi: String
        public let aqiCode: String
        public let observed: Double
        public let counterfactual: Double
        public let effect: Double
        public let low: Double
        public let high: Double
        public let relativeEffect: Double
        public let pValue: Double
        /// The band of the relative effect (observed / counterfactual - 1).
        public let relativeLow: Double
        public let relativeHigh: Double
    }

    public struct Fit: Sendable {
        public let kpi: String
        public let aqiCode: String
        public let donors: [String]
        public let weights: [Double]
        public let preMonths: [YearMonth]
        public let postMonths: [YearMonth]
        /// On the fitted scale (log or level): the pre-period fit and the post/pre RMSPE ratio.
        public let preRMSPE: Double
        public let ratio: Double
        public let pValue: Double
        public let spacePlacebos: Int
        public let timePlacebos: Int
        /// How many scaled placebo gaps the band is read from.
        public let placeboGaps: Int
        /// The conformal 95% interval of the pooled placebo gaps (on the fitted scale;
        /// infinite when too few).
        public let gapBand: (low: Double, high: Double)
        public let logs: Bool
        public let intercept: Bool
        /// Every month fitted and measured (pre, then post), the trust's value and its
        /// synthetic control's, in the model's units.
        public let observed: [Double]
        public let synthetic: [Double]
        public var months: [YearMonth] { preMonths + postMonths }
    }

    public struct Outcome: Sendable {
        public let rows: [Row]
        public let fits: [Fit]
        /// Indicators left out, each with why.
        public let notes: [String]
        public let donors: [String]
    }

    /// Runs every indicator. Refuses (naming file, organisation, indicator and month) when
    /// the event is outside the file, the pre-period is too short, or a unit lacks a value.
    public static func run(file: AmbSYSFile, options o: Options) throws(ObservedError) -> Outcome {
        let byOrg = Dictionary(grouping: file.rows, by: \.org).mapValues { Dictionary($0.map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a }) }
        let orgs = byOrg.keys.sorted()
        guard let treatedRows = byOrg[o.org] else {
            throw ObservedError("\(file.path): no rows for --org \(o.org); the file has: \(orgs.joined(separator: ", "))")
        }
        for code in o.alsoHit + (o.donors ?? []) where byOrg[code] == nil {
            throw ObservedError("\(file.path): no rows for \(code) (named in --also-hit or --donors); the file has: \(orgs.joined(separator: ", "))")
        }
        let donors: [String]
        if let named = o.donors {
            guard !named.contains(o.org) else { throw ObservedError("--donors: \(o.org) is the trust under study, not a donor") }
            if let both = named.first(where: { o.alsoHit.contains($0) }) { throw ObservedError("--donors: \(both) is also named in --also-hit") }
            donors = Array(Set(named)).sorted()
        } else {
            donors = orgs.filter { $0 != o.org && !o.alsoHit.contains($0) && !excludedByDefault.contains($0) }
        }
        guard donors.count >= 2 else { throw ObservedError("\(file.path): a synthetic control needs at least 2 donor trusts; there are \(donors.count) (\(donors.joined(separator: ", ")))") }

        let months = Set(file.rows.map(\.month)).sorted()
        guard let first = months.first, let last = months.last, o.event > first, o.event <= last else {
            throw ObservedError("\(file.path): the event month \(o.event) is outside the file's months (\(months.first?.description ?? "none") to \(months.last?.description ?? "none")), or has no month before it")
        }
        let until = o.until ?? last
        guard until >= o.event, until <= last else { throw ObservedError("--until \(until) must be from the event month \(o.event) to the file's last month \(last)") }
        let preRange = o.pre ?? (first...o.event.previous!)
        guard preRange.upperBound < o.event else { throw ObservedError("--pre \(preRange.lowerBound)..\(preRange.upperBound) must end before the event month \(o.event)") }
        guard treatedRows[o.event] != nil else {
            throw ObservedError("\(file.path): no row for \(o.org) in the event month \(o.event): the effect cannot be measured where the record is not published (or is held out)")
        }

        let requested = o.kpis ?? defaultKPIs
        var rows: [Row] = [], fits: [Fit] = [], notes: [String] = []
        for kpi in requested {
            guard let indicator = Indicator.all.first(where: { $0.kpi == kpi }) else {
                throw ObservedError("--indicators: \(kpi) is not an indicator; known: \(Indicator.all.map(\.kpi).joined(separator: ", "))")
            }
            let series: Series
            do {
                series = try Series(indicator: indicator, treated: o.org, donors: donors, byOrg: byOrg, pre: preRange, post: o.event...until,
                                    logs: o.logs, path: file.path)
            } catch where o.kpis == nil && error.beforeFirstPublished {
                notes.append("\(error.message): left out")
                continue
            } catch {
                throw ObservedError(error.message)
            }
            var planted = series
            if let p = o.plant {
                for k in 0..<min(p.months, planted.post.count) {
                    let t = planted.pre.count + k
                    planted.levels[t] *= 1 + p.share
                    planted.treated[t] = o.logs ? log(planted.levels[t]) : planted.levels[t]
                }
            }
            let (fit, fitRows) = analyse(planted, indicator: indicator, logs: o.logs, intercept: o.intercept)
            if !fit.gapBand.high.isFinite {
                notes.append("\(kpi) (\(indicator.aqiCode)): \(fit.placeboGaps) placebo gaps are too few for a 95% band (39 are needed): lengthen the pre-period (--pre) or the months measured (--until); the band is left empty")
            }
            fits.append(fit)
            rows += fitRows
        }
        return Outcome(rows: rows, fits: fits, notes: notes, donors: donors)
    }

    /// A missing value: where, and whether it is only that the indicator was not yet
    /// published when the pre-period starts (the handover block before October 2023).
    struct SeriesGap: Error {
        let message: String
        let beforeFirstPublished: Bool
    }

    /// One indicator's values (logs, or as they are) for the trust and its donors over the pre and post months.
    struct Series {
        var treated: [Double]
        /// The trust's values as published (no round trip through log and exp).
        var levels: [Double]
        let donors: [[Double]]
        let donorCodes: [String]
        let pre: [YearMonth]
        let post: [YearMonth]

        init(indicator: Indicator, treated org: String, donors codes: [String], byOrg: [String: [YearMonth: AmbSYSRow]],
             pre: ClosedRange<YearMonth>, post: ClosedRange<YearMonth>, logs: Bool, path: String) throws(SeriesGap) {
            func span(_ r: ClosedRange<YearMonth>) -> [YearMonth] {
                var out: [YearMonth] = [], m = r.lowerBound
                while m <= r.upperBound { out.append(m); guard let n = m.next else { break }; m = n }
                return out
            }
            // The pre-period starts where the trust's indicator is first published.
            let published = span(pre).filter { byOrg[org]?[$0].flatMap(indicator.observed) != nil }
            let preMonths = published.first.map { f in span(pre).filter { $0 >= f } } ?? []
            let what = "\(indicator.kpi) (\(indicator.aqiCode))"
            guard preMonths.count >= Evidence.minimumPreMonths else {
                let held = preMonths.first.map { "\(preMonths.count) pre-event month\(preMonths.count == 1 ? "" : "s") of \(what) (\($0)..\(pre.upperBound))" }
                    ?? "no pre-event months of \(what) in \(pre.lowerBound)..\(pre.upperBound)"
                throw SeriesGap(message: "\(path): \(org) has \(held); a synthetic control needs at least \(Evidence.minimumPreMonths) (a year)",
                                beforeFirstPublished: true)
            }
            let postMonths = span(post)
            func publishedValues(_ code: String, role: String) throws(SeriesGap) -> [Double] {
                try (preMonths + postMonths).map { (m) throws(SeriesGap) in
                    guard let row = byOrg[code]?[m] else {
                        throw SeriesGap(message: "\(path): no row for \(role) \(code) in \(m) (needed for \(what))\(role == "donor" ? ": if the event hit it too, name it in --also-hit; or leave it out of --donors" : "")", beforeFirstPublished: false)
                    }
                    guard let v = indicator.observed(in: row) else {
                        let way = m < post.lowerBound ? "start --pre after \(m)" : "end --until before \(m)"
                        let remedy = role == "donor" ? ": \(way), or leave \(code) out of --donors" : ": \(way)"
                        throw SeriesGap(message: "\(path) line \(row.line): \(role) \(code) has no \(what) for \(m) (the file says '.', or has no such column)\(remedy)", beforeFirstPublished: false)
                    }
                    guard v > 0, v.isFinite else {
                        throw SeriesGap(message: "\(path) line \(row.line): \(role) \(code) has \(what) = \(Number.text(v)) in \(m); the synthetic control works on logs and needs values above zero", beforeFirstPublished: false)
                    }
                    return v
                }
            }
            levels = try publishedValues(org, role: "trust")
            treated = logs ? levels.map { log($0) } : levels
            donors = try codes.map { (code) throws(SeriesGap) in try publishedValues(code, role: "donor").map { logs ? log($0) : $0 } }
            donorCodes = codes
            self.pre = preMonths
            self.post = postMonths
        }
    }

    /// The fit, its placebos and one row per post month.
    static func analyse(_ s: Series, indicator: Indicator, logs: Bool, intercept: Bool) -> (Fit, [Row]) {
        let nPre = s.pre.count, n = s.treated.count
        func gaps(treated: [Double], donors: [[Double]], fitOn k: Int) -> [Double] {
            Evidence.gaps(treated: treated, donors: donors, fitOn: k, intercept: intercept).gaps
        }
        func level(_ x: Double) -> Double { logs ? exp(x) : x }
        let (mainFit, main) = Evidence.gaps(treated: s.treated, donors: s.donors, fitOn: nPre, intercept: intercept)
        let preRMSPE = rmspe(main.prefix(nPre))
        let ratio = rmspe(main.suffix(from: nPre)) / max(preRMSPE, 1e-12)

        // In space: each donor as if hit, from the other donors; and in time: the trust and
        // each donor with the event moved into the pre-period.
        var pool: [Double] = []
        var spaceRatios: [Double] = []
        var spaceScaled: [[Double]] = []
        var timePlacebos = 0
        func inTime(_ unit: [Double], _ others: [[Double]]) {
            for k in stride(from: minimumPreMonths, to: nPre, by: 1) {
                let g = gaps(treated: Array(unit.prefix(nPre)), donors: others.map { Array($0.prefix(nPre)) }, fitOn: k)
                let r = max(rmspe(g.prefix(k)), 1e-12)
                pool += g.suffix(from: k).prefix(n - nPre).map { $0 * preRMSPE / r }
                timePlacebos += 1
            }
        }
        for d in s.donors.indices {
            let others = s.donors.indices.filter { $0 != d }.map { s.donors[$0] }
            let g = gaps(treated: s.donors[d], donors: others, fitOn: nPre)
            let r = max(rmspe(g.prefix(nPre)), 1e-12)
            spaceRatios.append(rmspe(g.suffix(from: nPre)) / r)
            spaceScaled.append(g.map { $0 / r })
            pool += g.suffix(from: nPre).map { $0 * preRMSPE / r }
            inTime(s.donors[d], others)
        }
        inTime(s.treated, s.donors)
        let (qLow, qHigh) = band(pool)

        var rows: [Row] = []
        for k in 0..<(n - nPre) {
            let t = nPre + k
            let y = s.levels[t], synthetic = s.treated[t] - main[t], cf = level(synthetic)
            let top = level(synthetic + qHigh), bottom = level(synthetic + qLow)
            let z = abs(main[t]) / max(preRMSPE, 1e-12)
            let extreme = spaceScaled.filter { abs($0[t]) >= z }.count
            rows.append(Row(month: s.post[k], kpi: indicator.kpi, aqiCode: indicator.aqiCode, observed: y, counterfactual: cf,
                            effect: y - cf, low: y - top, high: y - bottom, relativeEffect: y / cf - 1,
                            pValue: Double(1 + extreme) / Double(1 + s.donors.count),
                            relativeLow: y / top - 1, relativeHigh: y / bottom - 1))
        }
        let pValue = Double(1 + spaceRatios.filter { $0 >= ratio }.count) / Double(1 + spaceRatios.count)
        let fit = Fit(kpi: indicator.kpi, aqiCode: indicator.aqiCode, donors: s.donorCodes, weights: mainFit.weights, preMonths: s.pre,
                      postMonths: s.post, preRMSPE: preRMSPE, ratio: ratio, pValue: pValue, spacePlacebos: s.donors.count,
                      timePlacebos: timePlacebos, placeboGaps: pool.count, gapBand: (qLow, qHigh), logs: logs, intercept: intercept,
                      observed: s.levels, synthetic: zip(s.treated, main).map { level($0 - $1) })
        return (fit, rows)
    }

    /// The conformal 95% band of exchangeable gaps: the floor((n + 1) 0.025)-th and
    /// ceil((n + 1) 0.975)-th smallest of n (Vovk et al. 2005; Lei et al. 2018), which cover a
    /// further exchangeable gap at least 95% of the time whatever n; unbounded (infinite)
    /// when there are too few (fewer than 39) to say.
    static func band(_ gaps: [Double]) -> (Double, Double) {
        let sorted = gaps.sorted(), n = sorted.count
        let lo = Int((Double(n + 1) * 0.025).rounded(.down)), hi = Int((Double(n + 1) * 0.975).rounded(.up))
        guard lo >= 1, hi <= n else { return (-.infinity, .infinity) }
        return (sorted[lo - 1], sorted[hi - 1])
    }

    /// Observed less synthetic, every time, the weights fitted on the first `fitOn` times.
    static func gaps(treated: [Double], donors: [[Double]], fitOn k: Int, intercept: Bool) -> (fit: SyntheticControlFit, gaps: [Double]) {
        let fit = SyntheticControlFit(treated: Array(treated.prefix(k)), donors: donors.map { Array($0.prefix(k)) }, intercept: intercept)
        return (fit, treated.indices.map { t in treated[t] - fit.counterfactual(donors.map { $0[t] }) })
    }

    static func rmspe<C: Collection>(_ g: C) -> Double where C.Element == Double {
        g.isEmpty ? 0 : (g.reduce(0) { $0 + $1 * $1 } / Double(g.count)).squareRoot()
    }

    // MARK: files

    public static let csvHeader = ["month", "kpi", "aqi_code", "observed", "counterfactual", "effect", "effect_ci95_low", "effect_ci95_high",
                                   "relative_effect", "p_value"]

    /// `evidence.csv`: one row per indicator and post-event month, in the model's units.
    public static func csv(_ rows: [Row]) -> String {
        var csv = CSVWriter(header: csvHeader)
        for r in rows {
            csv.append([r.month.description, r.kpi, r.aqiCode, Number.text(r.observed), Number.text(r.counterfactual), Number.text(r.effect),
                        bound(r.low), bound(r.high), Number.text(r.relativeEffect), Number.text(r.pValue)])
        }
        return csv.text
    }

    /// A band's end, or empty when the band is unbounded (too few placebo gaps).
    static func bound(_ x: Double) -> String { x.isFinite ? Number.text(x) : "" }

    /// `synthetic.csv`: the trust and its synthetic control every month, pre-event and
    /// post-event, with the 95% band of the counterfactual after the event (the figure's data).
    public static func syntheticCSV(_ fits: [Fit]) -> String {
        var csv = CSVWriter(header: ["month", "kpi", "aqi_code", "period", "observed", "synthetic", "synthetic_ci95_low", "synthetic_ci95_high"])
        for f in fits {
            for (t, m) in f.months.enumerated() {
                let post = t >= f.preMonths.count
                func banded(_ q: Double) -> String {
                    guard post else { return "" }
                    return bound(f.logs ? f.synthetic[t] * exp(q) : f.synthetic[t] + q)
                }
                csv.append([m.description, f.kpi, f.aqiCode, post ? "post" : "pre", Number.text(f.observed[t]), Number.text(f.synthetic[t]),
                            banded(f.gapBand.low), banded(f.gapBand.high)])
            }
        }
        return csv.text
    }

    /// `weights.csv`: each indicator's donor weights.
    public static func weightsCSV(_ fits: [Fit]) -> String {
        var csv = CSVWriter(header: ["kpi", "aqi_code", "donor", "weight"])
        for f in fits { for (d, w) in zip(f.donors, f.weights) { csv.append([f.kpi, f.aqiCode, d, Number.text(w)]) } }
        return csv.text
    }

    /// `fit.csv`: each indicator's pre-period fit, placebo counts, band and p-value.
    public static func fitCSV(_ fits: [Fit]) -> String {
        var csv = CSVWriter(header: ["kpi", "aqi_code", "pre_from", "pre_to", "pre_months", "post_months", "scale", "intercept", "pre_rmspe",
                                     "post_pre_rmspe_ratio", "p_value", "space_placebos", "time_placebos", "placebo_gaps", "gap_ci95_low", "gap_ci95_high"])
        for f in fits {
            csv.append([f.kpi, f.aqiCode, f.preMonths.first!.description, f.preMonths.last!.description, String(f.preMonths.count),
                        String(f.postMonths.count), f.logs ? "log" : "level", f.intercept ? "true" : "false", Number.text(f.preRMSPE), Number.text(f.ratio), Number.text(f.pValue), String(f.spacePlacebos),
                        String(f.timePlacebos), String(f.placeboGaps), bound(f.gapBand.low), bound(f.gapBand.high)])
        }
        return csv.text
    }
}
