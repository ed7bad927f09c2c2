import Scenario
import Testing

@Suite("Durations as planners write them")
struct DurationTextTests {
    @Test("Units read as minutes", arguments: [("90min", 90.0), ("48h", 2880), ("14d", 20160), ("2w", 20160),
                                               ("1h30min", 90), ("1.5h", 90), ("45", 45), (" 3d ", 4320)])
    func readsUnits(text: String, minutes: Double) {
        #expect(DurationText.minutes(text) == minutes)
    }

    @Test("Anything else is refused", arguments: ["", "h", "12 parsecs", "1e400", "nan", "-", "3hh", "inf"])
    func refusesGarbage(text: String) {
        #expect(DurationText.minutes(text) == nil)
    }
}
