import AmbulanceService
import Testing

@Suite("Call categories")
struct CallCategoryTests {
    @Test("Categories order by urgency and carry the ARP standards")
    func standards() {
        #expect(CallCategory.c1 < .c2 && CallCategory.c3 < .c4)
        #expect(CallCategory.c1.standardMeanMinutes == 7 && CallCategory.c1.standard90thCentileMinutes == 15)
        #expect(CallCategory.c2.standardMeanMinutes == 18 && CallCategory.c2.standard90thCentileMinutes == 40)
        #expect(CallCategory.c3.standardMeanMinutes == nil && CallCategory.c3.standard90thCentileMinutes == 120)
        #expect(CallCategory.c4.standard90thCentileMinutes == 180)
    }
}
