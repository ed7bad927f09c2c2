import Observed
import Testing

@Suite("AmbSYS reader")
struct AmbSYSFileTests {
    @Test("reads the shipped extract by column name: South Western, June 2023, hand-checked")
    func readsShippedExtract() throws {
        let file = try AmbSYSFile.read(path: shippedExtract)
        let june = try file.row(org: "RYF", month: YearMonth("2023-06")!)
        #expect(june.value("A7") == 72_467)        // incidents
        #expect(june.value("A31") == 2_578)        // C2 mean, seconds = 42:58
        #expect(june.value("A26") == 1_079)        // C1 90th centile 17:59
        #expect(june.orgName.contains("SOUTH WESTERN"))
        // The published identities hold on every row (data README): A56 = A53 + A54 + A55, A7 = A56 + A17.
        for row in file.rows {
            let a = row.value("A53")!, b = row.value("A54")!, c = row.value("A55")!, f2f = row.value("A56")!
            #expect(a + b + c == f2f, "A56 on line \(row.line)")
            #expect(f2f + row.value("A17")! == row.value("A7")!, "A7 on line \(row.line)")
        }
        let orgs = Set(file.rows.map(\.org))
        #expect(orgs == ["RYF", "RYE", "Eng"])
        // July to October 2023 are held out of the extract.
        #expect(!file.rows.contains { $0.month.year == 2023 && (7...10).contains($0.month.month) })
    }

    @Test("C2 mean as the backtest reads it: 2,578 s = 42.97 minutes")
    func indicatorConversion() throws {
        let file = try AmbSYSFile.read(path: shippedExtract)
        let june = try file.row(org: "RYF", month: YearMonth("2023-06")!)
        let c2 = try #require(Indicator.all.first { $0.kpi == "c2_response_mean_min" })
        #expect(abs(c2.observed(in: june)! - 2578.0 / 60) < 1e-12)
        let hearAndTreat = try #require(Indicator.all.first { $0.kpi == "hear_and_treat_share" })
        #expect(abs(hearAndTreat.observed(in: june)! - june.value("A17")! / 72_467) < 1e-12)
    }

    @Test("columns are read by name in any order, unknown columns ignored, '.' is not available, LF and CRLF alike")
    func byNameAndLineEnds() throws {
        let m = YearMonth("2023-03")!
        let rows = [(org: "T1", month: m, values: ["A7": "100", "A31": "600", "A25": "."])]
        let lf = try AmbSYSFile.parse(ambsysText(rows), path: "lf.csv")
        let crlf = try AmbSYSFile.parse(ambsysText(rows, lineEnd: "\r\n"), path: "crlf.csv")
        for file in [lf, crlf] {
            let row = try file.row(org: "T1", month: m)
            #expect(row.value("A7") == 100 && row.value("A31") == 600)
            #expect(row.value("A25") == nil)           // '.'
            #expect(row.value("A999") == nil)          // no such column
            #expect(row.line == 2)
        }
    }

    @Test("malformed files are refused with file:line and what is wrong", arguments: [
        ("Year,Month,Org Name,A7\n2023,6,X,5\n", "bad.csv:1: the header has no 'Org Code' column"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,12x\n", "bad.csv:2: A7 for RYF 2023-06 is '12x'"),
        ("Year,Month,Org Code,A7,A8\n2023,6,RYF,1,2\n2023,7,RYF,1\n", "bad.csv:3: truncated row: 4 fields, the header has 5"),
        ("Year,Month,Org Code,A7\n2023,13,RYF,1\n", "bad.csv:2: Year '2023' and Month '13' are not a month"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,1\n2023,6,RYF,2\n", "bad.csv:3: RYF 2023-06 appears twice (first on line 2)"),
        ("", "bad.csv:1: empty file"),
        ("Year,Month,Org Code,A7,A7\n", "bad.csv:1: column 'A7' appears twice"),
        ("Year,Month,Org Code,A7\n2023,6,RYF,-4\n", "bad.csv:2: A7 for RYF 2023-06 is '-4'"),
    ])
    func malformed(text: String, message: String) {
        let error = #expect(throws: ObservedError.self) { try AmbSYSFile.parse(text, path: "bad.csv") }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("an org or month not in the file gets a message listing what is")
    func missingOrgOrMonth() throws {
        let file = try AmbSYSFile.read(path: shippedExtract)
        let org = #expect(throws: ObservedError.self) { try file.row(org: "RX9", month: YearMonth("2023-06")!) }
        #expect(org?.message.hasSuffix("no rows for org RX9; the file has: Eng, RYE, RYF") == true, "\(org?.message ?? "")")
        let month = #expect(throws: ObservedError.self) { try file.row(org: "RYF", month: YearMonth("2023-08")!) }
        #expect(month?.message.hasSuffix("no row for RYF in 2023-08; RYF has: 2022-07, 2023-04, 2023-05, 2023-06, 2024-06, 2024-07, 2024-08") == true,
                "\(month?.message ?? "")")
    }

    @Test("month lists: YYYY-MM, comma-separated, no repeats")
    func monthLists() throws {
        #expect(try YearMonth.list("2023-04, 2023-05").get() == [YearMonth("2023-04")!, YearMonth("2023-05")!])
        #expect(YearMonth("2023-4") == nil && YearMonth("2023-13") == nil && YearMonth("23-04") == nil)
        #expect(YearMonth("2024-02")!.days == 29 && YearMonth("2023-02")!.days == 28 && YearMonth("2023-12")!.days == 31)
        if case .success = YearMonth.list("2023-04,2023-04") { Issue.record("a repeated month must be refused") }
    }
}

