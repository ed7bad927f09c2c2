import AmbulanceService
import Testing

@Suite("Calendar arithmetic")
struct CivilDateTests {
    @Test("Known weekdays and round trips")
    func weekdays() throws {
        let attack = try #require(CivilDate(iso: "2023-07-18"))
        #expect(attack.weekdayIndex == 1)  // a Tuesday
        #expect(CivilDate(iso: "2024-02-29") != nil && CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(daysSinceEpoch: attack.daysSinceEpoch) == attack)
        #expect(attack.adding(days: 14).description == "2023-08-01")
        let t = try #require(LocalDateTime(iso: "2023-07-18T19:00"))
        #expect(t.adding(minutes: 6 * 60).description == "2023-07-19T01:00")
        #expect(t.minutes(since: try #require(LocalDateTime(iso: "2023-07-10"))) == 8 * 1440 + 19 * 60)
        #expect(LocalDateTime(iso: "2023-07-18T25:00") == nil)
    }
}
