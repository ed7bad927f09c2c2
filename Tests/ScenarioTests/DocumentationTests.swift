import AmbulanceService
import Scenario
import Testing

@Suite("Scenarios/README.md documents the format")
struct DocumentationTests {
    static let readme = readText(repositoryRoot + "/Scenarios/README.md")

    @Test("Every key the reader accepts is documented", arguments: ScenarioSchema.keys)
    func keyDocumented(key: String) {
        #expect(Self.readme.contains("`\(key)`"), "Scenarios/README.md does not document `\(key)`")
    }

    @Test("Every distribution family and parameter form is documented")
    func distributionsDocumented() {
        for (family, forms) in ScenarioSchema.distributionFamilies {
            for form in forms {
                #expect(Self.readme.contains("`{\(family): {\(form.map { "\($0): ..." }.joined(separator: ", "))}}`")
                        || (family == "fixed" && Self.readme.contains("`{fixed: ...}`")), "\(family) \(form)")
            }
        }
        #expect(Self.readme.contains("`{uncertain: ...}`"))
    }

    @Test("Every KPI usable under expect: is documented")
    func kpisDocumented() {
        for kpi in ReplicationOutcome.kpiNames { #expect(Self.readme.contains("`\(kpi)`"), "\(kpi)") }
    }
}
