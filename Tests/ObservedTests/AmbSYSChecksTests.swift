import Foundation
import Observed
import Reports
import Testing

/// Issue 22, items 3 and 6: the AmbSYS reader keeps the identities the published file keeps,
/// and no value it accepts can crash what prints it.
@Suite("AmbSYS values and identities")
struct AmbSYSChecksTests {
    static let panel = repositoryRoot + "/Scenarios/observed/ambsys-panel-2022-2024.csv"

    @Test("values and rows the published file cannot hold are refused with file:line, the code and the rule", arguments: [
        ("Year,Month,Org Code,A7\n2023,6,RYF,0x10\n", "bad.csv:2: A7 for RYF 2023-06 is '0x10': expected a plain decimal number"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,+5\n", "bad.csv:2: A7 for RYF 2023-06 is '+5'"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,inf\n", "bad.csv:2: A7 for RYF 2023-06 is 'inf'"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,1e308\n", "bad.csv:2: A7 for RYF 2023-06 is '1e308'"),
        ("Year,Month,Org Code,A31\n2023,6,RYF,12345678901234567890123456789\n", "bad.csv:2: A31 for RYF 2023-06 is '12345678901234567890123456789'"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,100.5\n", "bad.csv:2: A7 for RYF 2023-06 is '100.5': a count of incidents is a whole number"),
        ("Year,Month,Org Code,A7,A53,A54,A55,A56\n2023,6,RYF,100,10,10,10,31\n", "bad.csv:2: RYF 2023-06: A56 (face to face, 31) is not A53 + A54 + A55 (30)"),
        ("Year,Month,Org Code,A7,A53\n2023,6,RYF,100,13799\n", "bad.csv:2: RYF 2023-06: A53 (13799) is more than A7"),
        ("Year,Month,Org Code,A7,A17\n2023,6,RYF,100,101\n", "bad.csv:2: RYF 2023-06: A17 (101) is more than A7"),
        ("Year,Month,Org Code,A10,A30,A31\n2023,6,RYF,10,6000,900\n", "bad.csv:2: RYF 2023-06: A31 (900 s) is not A30 / A10 (600.0 s)"),
        ("Year,Month,Org Code,A140,A141,A142\n2023,11,RYF,10,36000,3000\n", "bad.csv:2: RYF 2023-11: A142 (3000 s) is not A141 / A140"),
    ])
    func refused(text: String, message: String) {
        let error = #expect(throws: ObservedError.self) { try AmbSYSFile.parse(text, path: "bad.csv") }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("the shipped extract and the panel keep every identity: read whole, every row")
    func publishedFilesPass() throws {
        let extract = try AmbSYSFile.read(path: shippedExtract)
        #expect(extract.rows.count == 19)
        let panel = try AmbSYSFile.read(path: Self.panel)
        #expect(panel.rows.count == 423)    // 12 organisations x 36 months, less the 9 held-out rows
        #expect(panel.rows.filter { $0.month.year == 2023 && (7...9).contains($0.month.month) && ["RYF", "RYE", "Eng"].contains($0.org) }.isEmpty)
    }

    @Test("a listing of what a file holds is capped, however many organisations it has")
    func cappedListing() throws {
        var text = "Year,Month,Org Code,A7\n"
        for i in 0..<5000 { text += "2023,6,X\(i),1\n" }
        let file = try AmbSYSFile.parse(text, path: "many.csv")
        let error = #expect(throws: ObservedError.self) { try file.row(org: "RYF", month: YearMonth("2023-06")!) }
        #expect(error?.message.hasSuffix("and 4980 more") == true && (error?.message.count ?? 0) < 400, "\(error?.message ?? "")")
    }

    @Test("a link to the AmbSYS file is read as the file")
    func linkIsFollowed() throws {
        let dir = scratchFolder()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: shippedExtract)
        #expect(try AmbSYSFile.read(path: dir + "/link.csv").rows.count == 19)
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.csv", withDestinationPath: dir + "/nothing.csv")
        let error = #expect(throws: ObservedError.self) { try AmbSYSFile.read(path: dir + "/dangling.csv") }
        #expect(error?.message.contains("cannot read the AmbSYS file") == true)
    }

    @Test("numbers of any size print without trapping: fixed places and clock readings, either sign", arguments: [
        (1e20, 0, "100000000000000000000"), (9.3e18, 0, "9300000000000000000"), (-1e16, 1, "-10000000000000000.0"), (12.345, 2, "12.35"),
    ])
    func anySize(x: Double, places: Int, text: String) {
        #expect(Number.fixed(x, places: places) == text)
    }

    @Test("clock readings: m:ss, h:mm:ss, and a minus sign before negative values (never -5:0-36)", arguments: [
        (-5.6, "-5:36"), (5.6, "5:36"), (-0.004, "0:00"), (61.5, "1:01:30"), (-61.5, "-1:01:30"), (1e300, "-"),
    ])
    func clock(minutes: Double, text: String) {
        if minutes > 1e200 {
            #expect(Number.clock(minutes: minutes).hasSuffix(" min"))
        } else {
            #expect(Number.clock(minutes: minutes) == text)
        }
    }

    @Test("A147 is time beyond 30 minutes, not 15: the published values break the beyond-15 bound almost everywhere and the beyond-30 bound nowhere")
    func a147IsBeyondThirty() throws {
        let panel = try AmbSYSFile.read(path: Self.panel)
        var rows = 0, break15 = 0, break30 = 0
        for r in panel.rows {
            guard let n = r.value("A140"), n > 0, let mean = r.value("A142"), let lost = r.value("A147") else { continue }
            rows += 1
            // Sum of max(0, T - c) >= sum of (T - c) = n (mean - c), for any threshold c.
            if lost < n * (mean - 15 * 60) - 1 { break15 += 1 }
            if lost < n * (mean - 30 * 60) - 1 { break30 += 1 }
        }
        #expect(rows == 180 && break15 == 173 && break30 == 0, "\(rows) rows, \(break15) break the beyond-15 bound, \(break30) the beyond-30 bound")
        #expect(Indicator.all.first { $0.aqiCode == "A147" }?.kpi == "handover_hours_beyond_30")
    }
}
