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
