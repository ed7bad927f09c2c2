import ArgumentParser

/// The `ambsim` command line. Subcommands are thin: they parse, call a module, print
/// and exit with a meaningful code.
@main
struct Ambsim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ambsim",
        abstract: "Discrete-event simulation of an ambulance service under disruption.",
        discussion: """
            ambsim runs Monte Carlo experiments of an ambulance service (demand, fleet and \
            shifts, hospitals, electronic versus paper patient records, disruption timeline) \
            and writes CSV results with confidence intervals.
            """,
        version: version,
        subcommands: []
    )
}
