#if canImport(Glibc)
import Glibc
#endif
import Testing

/// End-to-end tests of `ambsim workbook`: the .xlsx a board pack needs, written only where
/// ambsim may write. (CI also reads the file back with openpyxl: .ci/workbook-check.py.)
@Suite("ambsim workbook", .serialized)
struct WorkbookCommandTests {
    static let tiny = repositoryRoot + "/Scenarios/tiny.yaml"

    @Test("a run folder becomes a workbook with a sheet per table, and again when run again")
    func writes() throws {
        let dir = temporaryFolder()
        #expect(ambsim(["run", Self.tiny, "-r", "3", "-q", "--out", dir + "/t"], in: dir).status == 0)
        let r = ambsim(["workbook", dir + "/t"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sheets Run, Summary, Standards, Hospitals, Zones, Daily"), "\(r.stdout)")
        let bytes = try #require(readFile(dir + "/t/workbook.xlsx").map { Array($0.utf8.prefix(2)) } ?? nil)
        #expect(bytes == [0x50, 0x4B], "a .xlsx is a zip file")   // "PK"
        // Its own workbook in its own folder is replaced; the folder stays ambsim's.
        #expect(ambsim(["workbook", dir + "/t"], in: dir).status == 0)
        #expect(ambsim(["run", Self.tiny, "-r", "2", "-q", "--out", dir + "/t"], in: dir).status == 0, "a result folder with its workbook is still replaceable")
        // A target folder, and a comparison, work too.
        #expect(ambsim(["compare", dir + "/t", dir + "/t", "-q", "--out", dir + "/c/comparison.csv"], in: dir).status == 0)
    }

    @Test("refused: a folder ambsim did not write, a file of the user's at --out, a link")
    func refusals() throws {
        let dir = temporaryFolder()
        mkdir(dir + "/mine", 0o755)
        let notOurs = ambsim(["workbook", dir + "/mine"], in: dir)
        #expect(notOurs.status == 2 && notOurs.stderr.contains("is not a result folder ambsim wrote"))
        #expect(ambsim(["run", Self.tiny, "-r", "2", "-q", "--out", dir + "/t"], in: dir).status == 0)
        let f = fopen(dir + "/board.xlsx", "wb")!
        fputs("the board's own file", f)
        fclose(f)
        let r = ambsim(["workbook", dir + "/t", "--out", dir + "/board.xlsx"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("ambsim did not write it"), "\(r.stderr)")
        #expect(readFile(dir + "/board.xlsx") == "the board's own file")
        symlink(dir + "/board.xlsx", dir + "/link.xlsx")
        let l = ambsim(["workbook", dir + "/t", "--out", dir + "/link.xlsx"], in: dir)
        #expect(l.status == 2)
        #expect(readFile(dir + "/board.xlsx") == "the board's own file")
        // No partial file is left beside a refused one.
        let names = (try? FileManagerLike.names(dir)) ?? []
        #expect(!names.contains { $0.contains(".partial-") }, "\(names)")
    }
}

enum FileManagerLike {
    static func names(_ dir: String) throws -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            var name = e.pointee.d_name
            out.append(withUnsafePointer(to: &name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } })
        }
        return out
    }
}
