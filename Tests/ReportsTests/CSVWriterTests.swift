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
