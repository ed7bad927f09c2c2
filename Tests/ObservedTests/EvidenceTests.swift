import Foundation
import Observed
import Stochastics
import Testing

let shippedPanel = repositoryRoot + "/Scenarios/observed/ambsys-panel-2022-2024.csv"

/// Synthetic control (`Evidence`, `SyntheticControlFit`, `SimplexLeastSquares`): weights
/// recovered, order-free, planted effects found, and the placebo band's coverage measured.
@Suite("evidence: synthetic control from the published record")
struct EvidenceTests {
    static let panel: AmbSYSFile = try! AmbSYSFile.read(path: shippedPanel)
    /// The trusts with every month of the panel's response times from December 2022 (London
    /// has none for October and November 2022; South Western and South Central's July to
    /// September 2023 are held out).
    static let complete = ["RRU", "RX6", "RX7", "RX8", "RX9", "RYA", "RYC", "RYD"]
    static let core = ["calls_count", "c1_response_mean_min", "c2_response_mean_min", "c3_response_mean_min", "c2_response_p90_min"]

    /// Donor columns of independent random walks (GSL's generator), `t` long.
    static func donors(_ j: Int, _ t: Int, seed: UInt64) -> [[Double]] {
        let stream = RandomStream(seed: seed)
        return (0..<j).map { _ in
            var x = 0.0
            return (0..<t).map { _ in x += stream.uniform() - 0.5; return x }
        }
    }

    @Test("a treated series that is an exact convex combination of donors (plus a level) gets those weights back")
    func convexCombinationRecovered() {
        for seed: UInt64 in 1...20 {
            let d = Self.donors(8, 24, seed: seed)
            let truth = [0.5, 0.0, 0.3, 0.0, 0.0, 0.2, 0.0, 0.0]
            let treated = (0..<24).map { t in 3.0 + (0..<8).reduce(0) { $0 + truth[$1] * d[$1][t] } }
            let fit = SyntheticControlFit(treated: treated, donors: d)
            for j in 0..<8 { #expect(abs(fit.weights[j] - truth[j]) < 1e-6, "seed \(seed) donor \(j): \(fit.weights)") }
            #expect(fit.preRMSPE < 1e-6)
            #expect(abs(fit.counterfactual(d.map { $0[5] }) - treated[5]) < 1e-6)
        }
    }

    @Test("the weights lie on the simplex and are no worse than the best point of a fine grid (3 donors)")
    func simplexOptimal() {
        for seed: UInt64 in 1...10 {
            let d = Self.donors(3, 15, seed: seed)
            let y = Self.donors(1, 15, seed: seed + 100)[0]
            let w = SimplexLeastSquares.solve(columns: d, target: y)
            #expect(w.allSatisfy { $0 >= 0 } && abs(w.reduce(0, +) - 1) < 1e-12)
            func loss(_ w: [Double]) -> Double { (0..<15).reduce(0) { s, t in let r = y[t] - (0..<3).reduce(0) { $0 + w[$1] * d[$1][t] }; return s + r * r } }
            var best = Double.infinity
            for a in 0...200 { for b in 0...(200 - a) { best = min(best, loss([Double(a) / 200, Double(b) / 200, Double(200 - a - b) / 200])) } }
            #expect(loss(w) <= best + 1e-9, "seed \(seed): \(loss(w)) against grid \(best)")
        }
    }

    @Test("optimality on the simplex (Karush-Kuhn-Tucker) with many donors at a level scale: weighted donors equally correlated with the residual, none left out more so")
    func optimalWithManyDonors() {
        for seed: UInt64 in 1...10 {
            let d = Self.donors(38, 19, seed: seed).map { $0.map { 120 + 30 * $0 } }
            let y = Self.donors(1, 19, seed: seed + 500)[0].map { 120 + 30 * $0 }
            let w = SimplexLeastSquares.solve(columns: d, target: y)
            let residual = (0..<19).map { t in y[t] - (0..<38).reduce(0) { $0 + w[$1] * d[$1][t] } }
            let g = d.map { c in zip(c, residual).reduce(0) { $0 + $1.0 * $1.1 } }
            let inside = (0..<38).filter { w[$0] > 1e-9 }
            let lambda = inside.map { g[$0] }.reduce(0, +) / Double(inside.count)
            let scale = d.flatMap { $0 }.reduce(0) { max($0, abs($1)) } * 19
            for j in 0..<38 {
                if w[j] > 1e-9 { #expect(abs(g[j] - lambda) < 1e-6 * scale, "seed \(seed) donor \(j) weighted") }
                else { #expect(g[j] - lambda < 1e-6 * scale, "seed \(seed) donor \(j): would lower the loss") }
            }
        }
    }

    @Test("donor order does not change the fit: permuted donors give the permuted weights")
    func donorOrder() {
        let d = Self.donors(7, 20, seed: 7)
        let y = Self.donors(1, 20, seed: 70)[0]
        let fit = SyntheticControlFit(treated: y, donors: d)
        let order = [4, 0, 6, 2, 5, 1, 3]
        let permuted = SyntheticControlFit(treated: y, donors: order.map { d[$0] })
        for (k, j) in order.enumerated() { #expect(abs(permuted.weights[k] - fit.weights[j]) < 1e-9) }
        #expect(abs(permuted.preRMSPE - fit.preRMSPE) < 1e-12)
    }

    static func options(_ org: String, _ event: YearMonth, kpis: [String], plant: Double?) -> Evidence.Options {
        var o = Evidence.Options(org: org, event: event)
        o.pre = YearMonth("2022-12")!...event.previous!
        o.until = event.next!
        o.alsoHit = ["RYF", "RYE"]
        o.kpis = kpis
        if let plant { o.plant = (plant, 2) }
        return o
    }

    @Test("a +15% effect planted on a donor trust for two months is recovered (incidents and C1 mean within 3 points)")
    func plantedRecovered() throws {
        let out = try Evidence.run(file: Self.panel, options: Self.options("RX6", YearMonth("2024-03")!, kpis: ["calls_count", "c1_response_mean_min"], plant: 0.15))
        #expect(out.rows.count == 4)
        for r in out.rows {
            #expect(abs(r.relativeEffect - 0.15) < 0.03, "\(r.kpi) \(r.month): \(r.relativeEffect)")
            #expect(r.relativeLow <= 0.15 && 0.15 <= r.relativeHigh)
            #expect(r.relativeLow > 0, "\(r.kpi) \(r.month): a 15% effect is distinguishable from none")
            #expect(abs(r.effect - (r.observed - r.counterfactual)) < 1e-9)
        }
        #expect(out.fits.allSatisfy { abs($0.weights.reduce(0, +) - 1) < 1e-12 && !$0.donors.contains("RX6") && !$0.donors.contains("RYF") })
    }

    /// Every complete trust as the treated one, every event month from March 2024 to
    /// November 2024 (15 months or more before it from December 2022, enough placebo gaps
    /// for a bounded band over a two-month post-period), every core indicator:
    /// 8 x 9 x 5 = 360 trials of two planted months each.
    static func coverage(plant: Double) throws -> (covered: Int, checks: Int, trials: Int) {
        var covered = 0, checks = 0, trials = 0
        var event = YearMonth("2024-03")!
        while event <= YearMonth("2024-11")! {
            for org in complete {
                let out = try Evidence.run(file: panel, options: options(org, event, kpis: core, plant: plant))
                for kpi in core {
                    trials += 1
                    for r in out.rows where r.kpi == kpi {
                        checks += 1
                        #expect(r.relativeLow.isFinite && r.relativeHigh.isFinite, "\(org) \(event) \(kpi): band unbounded")
                        if r.relativeLow <= plant && plant <= r.relativeHigh { covered += 1 }
                    }
                }
            }
            event = event.next!
        }
        return (covered, checks, trials)
    }

    @Test("over 360 planted trials the 95% band covers the planted +15% 90-99% of the time, and zero as often with nothing planted")
    func bandCoverage() throws {
        let planted = try Self.coverage(plant: 0.15)
        let none = try Self.coverage(plant: 0)
        let p = Double(planted.covered) / Double(planted.checks), z = Double(none.covered) / Double(none.checks)
        print("evidence coverage: planted +15% \(planted.covered)/\(planted.checks) = \(p); none \(none.covered)/\(none.checks) = \(z); \(planted.trials) trials")
        #expect(planted.trials >= 200 && planted.checks == 2 * planted.trials)
        #expect(p >= 0.90 && p <= 0.99, "planted coverage \(p)")
        #expect(z >= 0.90 && z <= 0.99, "no-effect coverage \(z)")
    }
}
