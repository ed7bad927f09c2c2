#if canImport(Glibc)
import Glibc
#endif
import Testing

/// End-to-end tests of `ambsim plot`: the standard figures of one's own run, as PNG files
/// in the run's folder (python3 with matplotlib, installed by .ci/install-deps).
@Suite("ambsim plot", .serialized)
struct PlotCommandTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    /// The file starts with the PNG signature (0x89 'P' 'N' 'G').
    static func isPNG(_ path: String) -> Bool {
        guard let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var bytes = [UInt8](repeating: 0, count: 4)
        return fread(&bytes, 1, 4, f) == 4 && bytes == [0x89, 0x50, 0x4E, 0x47]
    }

    @Test("a run folder gets responses, daily and hospitals figures; a comparison folder the impact too")
    func draws() {
        let dir = temporaryFolder()
        #expect(ambsim(["run", Self.tiny, "-r", "3", "-q", "--out", dir + "/t"], in: dir).status == 0)
        let r = ambsim(["plot", dir + "/t"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for figure in ["responses", "daily", "hospitals"] { #expect(Self.isPNG(dir + "/t/\(figure).png"), "\(figure).png") }
        #expect(!Self.isPNG(dir + "/t/impact.png"), "no comparison, no impact figure")
        // The folder, figures and all, is still ambsim's to replace.
        #expect(ambsim(["run", Self.tiny, "-r", "2", "-q", "--out", dir + "/t"], in: dir).status == 0)
        // A comparison written into a run folder gives the impact figure.
        #expect(ambsim(["compare", Self.tiny, Self.tiny, "--set", "record_modes.paper.handover_extra_minutes=30", "-r", "3", "-q",
                        "--out", dir + "/t/comparison.csv"], in: dir).status == 0)
        #expect(ambsim(["plot", dir + "/t"], in: dir).status == 0)
        #expect(Self.isPNG(dir + "/t/impact.png"))
    }

    @Test("a folder ambsim did not write is refused and left as it is")
    func refused() {
        let dir = temporaryFolder()
        let r = ambsim(["plot", dir], in: dir)
        #expect(r.status == 2 && r.stderr.contains("is not a result folder ambsim wrote"))
    }
}
