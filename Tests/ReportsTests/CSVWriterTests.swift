import Reports
import Testing

@Suite("RFC 4180 CSV")
struct CSVWriterTests {
    @Test("Fields are quoted only when needed, quotes doubled, CRLF line ends")
    func quoting() {
        var csv = CSVWriter(header: ["kpi", "note"])
        csv.append(["c1_response_mean_min", "plain"])
        csv.append(["a,b", "say \"hi\""])
        csv.append(["multi\nline", ""])
        #expect(csv.text == "kpi,note\r\nc1_response_mean_min,plain\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",\r\n")
    }

    @Test("Number and integer fields written straight into the bytes read the same as Number.text and String(Int)")
    func numberFields() {
        let numbers: [Double] = [0, -0.0, 1, -1, 42, 1e14, 999_999_999_999_999, 1e15, 1e16, -3e20, 0.1, 1.0 / 3, -2.5e-8, 27.694863800827687,
                                 .nan, .infinity, -.infinity, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude]
        var csv = CSVWriter(header: ["x"])
        for x in numbers { csv.appendField(x, first: true); csv.endRecord() }
        for n in [0, 7, -7, 10, 1_000_000, Int.max, Int.min + 1] { csv.appendField(n, first: true); csv.endRecord() }
        let expected = ["x"] + numbers.map(Number.text) + ["0", "7", "-7", "10", "1000000", String(Int.max), String(Int.min + 1)]
        #expect(csv.text == expected.map { $0 + "\r\n" }.joined())
    }
}

@Suite("Reading results back")
struct CSVReaderTests {
    @Test("The reader inverts the writer, quotes and line breaks included")
    func roundTrip() throws {
        var csv = CSVWriter(header: ["a", "b", "c"])
        let rows = [["1", "x,y", "say \"hi\""], ["", "multi\nline", "3.25"], ["-0.5", "", "z"]]
        for r in rows { csv.append(r) }
        #expect(try CSVReader.records(csv.text) == [["a", "b", "c"]] + rows)
        #expect(throws: CSVReader.Failure.self) { try CSVReader.records("a,\"open\n") }
    }
}
