import AmbulanceService
import Stochastics
import Testing

/// The category mix as a dated input (`category_mix`): from each step's date, calls fall
/// into C1-C4 in the step's shares.
@Suite("Dated category mix")
struct CategoryMixTests {
    /// 12 calls an hour, vehicles plenty; every call C2 unless a step says otherwise.
    static func service(days: Double, steps: [DatedCategoryMix.Step]) -> ServiceConfiguration {
        var c = Fixtures.degenerate(callsPerHour: 12, vehicles: 100, onScene: .fixed(10), dispositions: Fixtures.dispositions(seeAndTreat: 1), days: days)
        c.categoryMix = DatedCategoryMix(steps: steps)
        return c
    }

    @Test("a step in the middle of the run: before it every call is C2, after it the calls split in the step's shares (binomial, 4 sd)")
    func stepInTime() {
        let shares = [0.2, 0.3, 0.4, 0.1]
        let c = Self.service(days: 32, steps: [.init(fromMinutes: 17 * 1440, shares: shares)])
        #expect(c.problems().isEmpty)
        let o = Fixtures.run(c, seed: 11)
        let total = o[kpi: "calls_count"]
        // Counted from day 2: 15 days before the step at C2 only, 15 after it in `shares`.
        let after = total / 2
        for (i, share) in shares.enumerated() {
            let expected = (i == 1 ? total - after : 0) + after * share
            let sd = (after * share * (1 - share)).squareRoot() + (total / 2).squareRoot() * (i == 1 ? 1 : 0)
            #expect(abs(o[kpi: "c\(i + 1)_count"] - expected) < 4 * sd + 1, "C\(i + 1): \(o[kpi: "c\(i + 1)_count"]) vs \(expected)")
        }
    }

    @Test("a step at or before the start replaces the categories' own shares from the first call")
    func stepBeforeStart() {
        let c = Self.service(days: 12, steps: [.init(fromMinutes: -5 * 1440, shares: [0.5, 0, 0.5, 0])])
        let o = Fixtures.run(c, seed: 3)
        #expect(o[kpi: "c2_count"] == 0 && o[kpi: "c4_count"] == 0)
        let n = o[kpi: "calls_count"]
        #expect(abs(o[kpi: "c1_count"] - n / 2) < 4 * (n / 4).squareRoot())
    }

    @Test("a step with the categories' own shares changes nothing: every KPI equal (one draw a call whatever the mix)")
    func neutral() {
        let a = Fixtures.run(Self.service(days: 20, steps: []), seed: 9)
        let b = Fixtures.run(Self.service(days: 20, steps: [.init(fromMinutes: 6 * 1440, shares: [0, 1, 0, 0])]), seed: 9)
        #expect(a.values.indices.allSatisfy { a.values[$0].isNaN ? b.values[$0].isNaN : a.values[$0] == b.values[$0] })
    }

    @Test("the rules: four shares in [0, 1] summing to 1, steps in date order, one mix a date")
    func rules() {
        func paths(_ steps: [DatedCategoryMix.Step]) -> [String] { Self.service(days: 5, steps: steps).problems().map(\.path) }
        #expect(paths([.init(fromMinutes: 10, shares: [0.5, 0.5, 0.1, 0])]) == ["category_mix[0]"])
        #expect(paths([.init(fromMinutes: 10, shares: [1.5, -0.5, 0, 0])]).contains("category_mix[0].c1"))
        #expect(paths([.init(fromMinutes: 10, shares: [0.5, 0.5])]) == ["category_mix[0]"])
        let ok = DatedCategoryMix.Step(fromMinutes: 100, shares: [0.1, 0.5, 0.3, 0.1])
        #expect(paths([ok, .init(fromMinutes: 50, shares: ok.shares)]) == ["category_mix[1].from"])
        #expect(paths([ok, ok]) == ["category_mix[1].from"])
        #expect(paths([.init(fromMinutes: 50, shares: ok.shares), ok]).isEmpty)
    }
}
