#if canImport(Glibc)
import Glibc
#endif
import Testing

/// End-to-end tests of `ambsim backtest` and `ambsim calibrate`.
@Suite("ambsim backtest and calibrate", .serialized)
struct BacktestCommandTests {
    static let mmc = repositoryRoot + "/Scenarios/mmc-check.yaml"
    static let extract = repositoryRoot + "/Scenarios/observed/ambsys-extract.csv"

    /// mmc-check's exact answer for March 2023 in AmbSYS form (see the scenario file):
    /// 17 x 24 x 31 = 12,648 incidents, all C2 and seen and treated; C2 mean = Erlang C wait
    /// 0.3851 / 3 h = 462 s; 90th centile ln(0.3851 / 0.1) / 3 h = 1,618 s. Row MOVED has the
    /// C2 mean 30% higher (601 s).
    static let exactFile = """
        Year,Month,Region,Org Code,Org Name,A7,A8,A10,A11,A12,A17,A25,A31,A32,A53,A54,A55\r
        2023,3,Y00,MMC,M/M/20 SERVICE,12648,0,12648,0,0,0,.,462,1618,0,0,12648\r
        2023,3,Y00,MOVED,M/M/20 SERVICE,12648,0,12648,0,0,0,.,601,1618,0,0,12648\r

        """

    func exactAnswer(in dir: String) -> String {
        let path = dir + "/ambsys.csv"
        let f = fopen(path, "wb")!
        fputs(Self.exactFile, f)
        fclose(f)
        return path
    }

    @Test("backtest against the exact answer: exit 0, backtest.csv with the specified columns, run files per month")
    func withinTolerance() throws {
        let dir = temporaryFolder()
        let file = exactAnswer(in: dir)
        let r = ambsim(["backtest", Self.mmc, "--ambsys", file, "--org", "MMC", "--month", "2023-03", "-r", "6", "-q", "--out", dir + "/bt"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("every predicted indicator within tolerance"))
        let csv = try #require(readFile(dir + "/bt/backtest.csv"))
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "month,kpi,aqi_code,observed,model_mean,model_ci95_low,model_ci95_high,relative_error,tolerance,within,driven")
        let c2 = try #require(lines.first { $0.hasPrefix("2023-03,c2_response_mean_min,A31,7.7,") })
        #expect(c2.hasSuffix(",0.15,true,"), "a prediction: driven is empty")
        #expect(lines.contains { $0.hasPrefix("2023-03,hear_and_treat_share,A17/A7,0,") && $0.hasSuffix(",0.03,true,") })
        #expect(!lines.contains { $0.contains(",c1_response_mean_min,") }, "A25 is '.': left out")
        for name in ["replications-2023-03.csv", "summary-2023-03.csv", "timeseries-2023-03.csv", "manifest.yaml"] {
            #expect(exists(dir + "/bt/" + name), "\(name) missing")
        }
        let manifest = try #require(readFile(dir + "/bt/manifest.yaml"))
        #expect(manifest.contains("start=2023-02-27T00:00") && manifest.contains("org: \"MMC\"") || manifest.contains("org: MMC"))
    }

    @Test("the C2 mean moved 30%: exit 1 and the row named")
    func outsideTolerance() {
        let dir = temporaryFolder()
        let file = exactAnswer(in: dir)
        let r = ambsim(["backtest", Self.mmc, "--ambsys", file, "--org", "MOVED", "--month", "2023-03", "-r", "6", "-q", "--out", dir + "/bt"])
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let outside = r.stdout.split(separator: "\n").filter { $0.hasSuffix("OUTSIDE") }
        #expect(outside.count == 1 && outside[0].contains("c2_response_mean_min"), "\(r.stdout)")
        #expect(r.stdout.contains("1 of 11 predicted indicators outside tolerance"))
        // A wider tolerance on the command line lets it pass.
        let wide = ambsim(["backtest", Self.mmc, "--ambsys", file, "--org", "MOVED", "--month", "2023-03", "-r", "6", "-q",
                           "--tolerance", "c2_response_mean_min=0.4", "--out", dir + "/bt"])
        #expect(wide.status == 0, "\(wide.stdout)")
    }

    @Test("bad input exits 2 with a message naming the problem", arguments: [
        (["--org", "RX9", "--month", "2023-06"], "no rows for org RX9; the file has: Eng, RYE, RYF"),
        (["--org", "RYF", "--month", "2023-07"], "no row for RYF in 2023-07; RYF has: 2022-07, 2023-04, 2023-05, 2023-06, 2024-06, 2024-07, 2024-08"),
        (["--org", "RYF", "--month", "2023-6"], "--month: '2023-6' is not a month"),
        (["--org", "RYF", "--month", "2023-06", "--tolerance", "c9_mean=0.1"], "--tolerance takes KPI=VALUE"),
    ])
    func badInput(arguments: [String], message: String) {
        let dir = temporaryFolder()
        let r = ambsim(["backtest", Self.mmc, "--ambsys", Self.extract, "-r", "2", "-q", "--out", dir + "/bt"] + arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!exists(dir + "/bt"), "nothing is written on bad input")
    }

    @Test("a malformed AmbSYS file: exit 2 with file:line")
    func malformedFile() {
        let dir = temporaryFolder()
        let path = dir + "/bad.csv"
        let f = fopen(path, "wb")!
        fputs("Year,Month,Org Code,A7,A31\n2023,3,MMC,12648,462\n2023,4,MMC,12240\n", f)
        fclose(f)
        let r = ambsim(["backtest", Self.mmc, "--ambsys", path, "--org", "MMC", "--month", "2023-03", "-q"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):3: truncated row: 4 fields, the header has 5"), "\(r.stderr)")
    }

    @Test("calibrate writes a scenario that extends the original with the fitted value, and it backtests")
    func calibrateEndToEnd() throws {
        let dir = temporaryFolder()
        let file = exactAnswer(in: dir)
        let r = ambsim(["calibrate", Self.mmc, "--ambsys", file, "--org", "MMC", "--month", "2023-03", "--fit", "fleet_scale=0.9..1.3",
                        "--target", "c2_response_mean_min,c2_response_p90_min", "-r", "2", "--budget", "40", "-q", "--out", dir + "/cal"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("fleet_scale = "))
        let yaml = try #require(readFile(dir + "/cal/calibrated.yaml"))
        // A relative path from the results folder to the scenario (resolved by the backtest below).
        #expect(yaml.contains("\nextends: \"../") && yaml.contains("/Scenarios/mmc-check.yaml\"\n"), "\(yaml)")
        #expect(yaml.contains("\nfleet_scale: ") && yaml.contains("\nname: \"mmc-check-calibrated-MMC\""), "\(yaml)")
        let trace = try #require(readFile(dir + "/cal/calibration.csv"))
        #expect(trace.hasPrefix("candidate,fleet_scale,objective\r\n"))
        // The true fleet is 20 vehicles: a fitted scale rounds to 20 (0.975 to 1.025).
        let fitted = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("fleet_scale: ") }.flatMap { Double($0.dropFirst(13)) })
        #expect(abs(fitted - 1) <= 0.025, "fitted \(fitted)")
        let check = ambsim(["backtest", dir + "/cal/calibrated.yaml", "--ambsys", file, "--org", "MMC", "--month", "2023-03", "-r", "6", "-q",
                            "--out", dir + "/again"])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
    }
}
