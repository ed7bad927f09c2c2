// swift-tools-version: 6.0
// ambsim: a discrete-event simulator of an ambulance service under disruption.
// Module layout and import rules: see README.md ("Architecture") and the design notes.
import PackageDescription

/// The simulation is the hot path of every test too: statistical tests against queueing
/// theory need millions of events, so ambsim's own modules are optimised in debug builds
/// as well (`swift test` stays a one-word command and takes seconds, not minutes).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "ambsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ambsim", targets: ["ambsim"]),
        .executable(name: "ambsim-bench", targets: ["ambsim-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(name: "CXLSX", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "DES", dependencies: [.product(name: "HeapModule", package: "swift-collections")], swiftSettings: optimised),
        .target(name: "Stochastics", dependencies: ["CGSL"], swiftSettings: optimised),
        .target(name: "Statistics", dependencies: ["CGSL"], swiftSettings: optimised),
        .target(name: "AmbulanceService", dependencies: ["DES", "Stochastics", "Statistics", .product(name: "HeapModule", package: "swift-collections")],
                exclude: ["Model/README.md"], swiftSettings: optimised),
        .target(name: "Scenario", dependencies: ["AmbulanceService", "Stochastics", "Yams"], swiftSettings: optimised),
        .target(name: "MonteCarlo", dependencies: ["AmbulanceService", "Statistics", "Stochastics"], swiftSettings: optimised),
        .target(name: "CPlatform"),
        .target(name: "Reports", dependencies: ["Statistics", "MonteCarlo", "AmbulanceService", "CPlatform", "CXLSX",
                                              .product(name: "SystemPackage", package: "swift-system")], swiftSettings: optimised),
        .target(name: "Observed", dependencies: ["CGSL", "AmbulanceService", "Scenario", "MonteCarlo", "Statistics", "Stochastics", "Reports"], swiftSettings: optimised),
        .executableTarget(
            name: "ambsim",
            dependencies: [
                "AmbulanceService", "Scenario", "Statistics", "MonteCarlo", "Reports", "Stochastics", "DES", "Observed", "CPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "ambsim-bench", dependencies: ["DES", "Stochastics", "AmbulanceService", "MonteCarlo", "Scenario", "Reports"], swiftSettings: optimised),
        .testTarget(name: "DESTests", dependencies: ["DES", "Stochastics", "Statistics"], swiftSettings: optimised),
        .testTarget(name: "StochasticsTests", dependencies: ["Stochastics", "Statistics", "CGSL"], swiftSettings: optimised),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], swiftSettings: optimised),
        .testTarget(name: "AmbulanceServiceTests", dependencies: ["AmbulanceService", "Stochastics", "Statistics", "DES"], swiftSettings: optimised),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario"], swiftSettings: optimised),
        .testTarget(name: "MonteCarloTests", dependencies: ["MonteCarlo", "AmbulanceService", "Scenario"], swiftSettings: optimised),
        .testTarget(name: "ambsimTests", dependencies: ["ambsim"], swiftSettings: optimised),
        .testTarget(name: "ObservedTests", dependencies: ["Observed", "Scenario", "MonteCarlo", "AmbulanceService", "Reports", "Stochastics"], swiftSettings: optimised),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "MonteCarlo", "AmbulanceService"], swiftSettings: optimised),
    ],
    swiftLanguageModes: [.v6]
)
