import Foundation
import Reports
import Testing

@Suite("Result folders")
struct ResultFolderTests {
    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "ambsim-folder-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let manifest = ("manifest.yaml", "# ambsim run manifest\nreplications: 1\n")

    @Test("an interrupt while files are written removes the partial folder and leaves the previous result whole")
    func interruptKeepsThePrevious() throws {
        let dir = Self.scratch()
        try ResultFolder.write([Self.manifest, ("summary.csv", "old\n")], to: dir + "/res")
        var asked = 0
        let error = #expect(throws: ResultFolder.Failure.self) {
            try ResultFolder.write([Self.manifest, ("summary.csv", "new\n"), ("other.csv", "new\n")], to: dir + "/res") {
                asked += 1
                return asked >= 2   // stop after the first file
            }
        }
        #expect(error?.interrupted == true)
        #expect(try String(contentsOfFile: dir + "/res/summary.csv", encoding: .utf8) == "old\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left == ["res"], "no partial folder is left: \(left)")
    }

    @Test("replacing a result exchanges it whole: the new files, none of the old")
    func replaceIsWhole() throws {
        let dir = Self.scratch()
        try ResultFolder.write([Self.manifest, ("a.csv", "1\n"), ("stale.csv", "x\n")], to: dir + "/res")
        try ResultFolder.write([Self.manifest, ("a.csv", "2\n")], to: dir + "/res")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/res").sorted() == ["a.csv", "manifest.yaml"])
        #expect(try String(contentsOfFile: dir + "/res/a.csv", encoding: .utf8) == "2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["res"])
        #expect(ResultFolder.isResultFolder(dir + "/res"))
        try FileManager.default.createDirectory(atPath: dir + "/mine", withIntermediateDirectories: false)
        #expect(!ResultFolder.isResultFolder(dir + "/mine"))
    }
}
