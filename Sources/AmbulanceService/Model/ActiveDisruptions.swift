import Stochastics

/// What the disruption periods in force now change, combined: recomputed from every period
/// in force whenever one starts or ends, so that overlapping periods compose in one rule
/// per kind. Dispatch: delay multipliers multiply, the latest-starting redraw wins, any
/// period choosing by station makes the choice by station. 111: hear-and-treat losses
/// compound (each keeps its share of what the others left). Hospital: on divert while any
/// divert is in force; capacity factors multiply. Fleet: vehicles lost add up, to at most
/// the whole shift. With no period in force everything is neutral, and the model's checks
/// of these flags are all it pays.
struct ActiveDisruptions {
    /// The configuration's periods as phases (`ServiceConfiguration.disruptionPhases`).
    let periods: [DisruptionPeriod]
    /// For each phase, the phase of the same period that ends as it starts (nil: none): the
    /// two change in one step, so that nothing happens between them.
    let follows: [Int?]
    private(set) var inForce: [Bool]

    // Dispatch.
    private(set) var dispatchDisrupted = false
    private(set) var delayMultiplier: [Double] = [1, 1, 1, 1]
    private(set) var delayRedraw: [Distribution?] = [nil, nil, nil, nil]
    private(set) var choosesByStation = false
    // 111.
    /// Multiplies every category's hear-and-treat share (1: unchanged).
    private(set) var hearAndTreatFactor = 1.0
    // Hospitals (empty when no period is of that kind).
    private(set) var anyDivert = false
    private(set) var diverted: [Bool]
    private(set) var capacityFactor: [Double]
    // Fleet: vehicles lost in each shift (flattened over stations' rosters).
    private(set) var lostInShift: [Int]
    /// The kinds in force, for the hourly and daily series.
    private(set) var kinds = DisruptionsInForce()

    init(configuration c: ServiceConfiguration) {
        var phases: [DisruptionPeriod] = []
        var follows: [Int?] = []
        for period in c.disruptionPeriods {
            for (k, phase) in period.phases.enumerated() {
                follows.append(k == 0 ? nil : phases.count - 1)
                phases.append(phase)
            }
        }
        periods = phases
        self.follows = follows
        inForce = Array(repeating: false, count: periods.count)
        let hospitals = periods.contains { $0.kind == .hospital }
        diverted = hospitals ? Array(repeating: false, count: c.hospitals.count) : []
        capacityFactor = hospitals ? Array(repeating: 1, count: c.hospitals.count) : []
        lostInShift = periods.contains { $0.kind == .fleet } ? Array(repeating: 0, count: c.stations.reduce(0) { $0 + $1.roster.count }) : []
    }

    var hasHospitalPeriods: Bool { !diverted.isEmpty }
    var hasFleetPeriods: Bool { !lostInShift.isEmpty }

    /// Phase `i` starts (`true`, ending the phase it follows) or ends; returns its kind,
    /// whose combined state is now current.
    mutating func set(_ i: Int, inForce on: Bool, configuration c: ServiceConfiguration) -> DisruptionKind {
        inForce[i] = on
        if on, let previous = follows[i] { inForce[previous] = false }
        let kind = periods[i].kind
        let current = periods.indices.filter { inForce[$0] && periods[$0].kind == kind }.map { periods[$0] }
        switch kind {
        case .dispatch:
            dispatchDisrupted = !current.isEmpty
            kinds.update(.dispatch, to: dispatchDisrupted)
            delayMultiplier = (0..<4).map { k in current.reduce(1) { $0 * $1.dispatch.delayMultiplier[k] } }
            delayRedraw = (0..<4).map { k in current.sorted { $0.startMinutes < $1.startMinutes }.last { $0.dispatch.delayMinutes[k] != nil }?.dispatch.delayMinutes[k] }
            choosesByStation = current.contains { $0.dispatch.choosesByStation }
        case .nhs111:
            hearAndTreatFactor = current.reduce(1) { $0 * (1 - $1.nhs111.hearAndTreatReduction) }
            kinds.update(.nhs111, to: !current.isEmpty)
        case .hospital:
            for h in diverted.indices {
                diverted[h] = current.contains { $0.hospital.hospital == h && $0.hospital.divert }
                capacityFactor[h] = current.filter { $0.hospital.hospital == h }.reduce(1) { $0 * $1.hospital.capacityFactor }
            }
            // Every hospital on divert: none is (nobody could take the patients).
            if diverted.allSatisfy({ $0 }) { diverted = diverted.map { _ in false } }
            anyDivert = diverted.contains(true)
            kinds.update(.divert, to: anyDivert)
            kinds.update(.capacityCut, to: capacityFactor.contains { $0 != 1 })
        case .fleet:
            var shift = 0
            for (s, station) in c.stations.enumerated() {
                for entry in station.roster {
                    let lost = current.filter { $0.fleet.stations.isEmpty || $0.fleet.stations.contains(s) }
                        .reduce(0) { $0 + $1.fleet.lost(ofShift: entry.vehicles) }
                    lostInShift[shift] = min(entry.vehicles, lost)
                    shift += 1
                }
            }
            kinds.update(.fleetLoss, to: lostInShift.contains { $0 > 0 })
        }
        return kind
    }

    /// The call-to-dispatch delay of a call of category index `k` whose normal delay drew
    /// `drawn`, while the dispatch system is down.
    func manualDelay(_ drawn: Double, category k: Int, stream: RandomStream) -> Double {
        if let redraw = delayRedraw[k] { return max(0, redraw.sample(using: stream)) }
        return drawn * delayMultiplier[k]
    }
}

extension DisruptionsInForce {
    mutating func update(_ kind: DisruptionsInForce, to on: Bool) {
        if on { insert(kind) } else { remove(kind) }
    }
}
