/// Move-up of idle vehicles to cover zones a dispatch has left empty (`MoveUpPolicy` has the
/// rule). Off (no `move_up` in the scenario), it does nothing and costs one flag per
/// dispatch. It decides which vehicle moves where; the fleet moves it.
struct MoveUp {
    let isOn: Bool
    private let coverMinutes: Double
    private let maxMoveMinutes: Double
    /// The zones kept covered: those with resident demand.
    private let zonesToCover: [Int]
    /// For each zone, the zones a vehicle posted there covers.
    private let covers: [[Int]]
    /// Scratch: available vehicles posted in each zone, and how many cover each zone.
    private var posted: [Int32]
    private var coverage: [Int32]

    init(configuration c: ServiceConfiguration) {
        let zones = c.zones.indices
        isOn = c.moveUp != nil
        coverMinutes = c.moveUp?.coverMinutes ?? 0
        maxMoveMinutes = c.moveUp?.maxMoveMinutes ?? 0
        zonesToCover = isOn ? zones.filter { c.zones[$0].residents * c.zones[$0].callsPerResidentPerDay > 0 } : []
        let cover = coverMinutes
        covers = isOn ? zones.map { w in zones.filter { c.travel.expectedMinutes[w][$0] <= cover } } : []
        posted = Array(repeating: 0, count: isOn ? c.zones.count : 0)
        coverage = posted
    }

    /// After a dispatch: moves idle vehicles to the zones left uncovered, where the rule
    /// finds one; each move is measured (counted moves and their expected driving hours).
    mutating func afterDispatch(fleet: inout Fleet, at now: Double, measure: inout Measurement) {
        guard isOn else { return }
        fleet.settleArrivals(at: now)
        countCoverage(fleet)
        for z in zonesToCover where coverage[z] == 0 {
            guard let v = vehicleToMove(to: z, fleet: fleet) else { continue }
            let from = Int(fleet[v].zone)
            let minutes = fleet.travel(from: from, to: z)
            fleet.moves(v, toPostIn: z, at: now, measure: &measure)
            post(from: from, to: z)
            if measure.isCounted(now) {
                measure.kpi.moveUps += 1
                measure.kpi.moveUpMinutes += minutes
            }
        }
    }

    /// Available vehicles by the zone of their post, and the coverage of every zone.
    private mutating func countCoverage(_ fleet: Fleet) {
        for z in posted.indices { posted[z] = 0; coverage[z] = 0 }
        for v in 0..<fleet.count {
            switch fleet[v].state {
            case .atStation: posted[Int(fleet[v].zone)] += 1
            case .returning: posted[Int(fleet[v].postZone)] += 1
            default: break
            }
        }
        for w in posted.indices where posted[w] > 0 {
            for z in covers[w] { coverage[z] += posted[w] }
        }
    }

    /// The idle vehicle to move to zone `z`, or nil when none may go.
    private func vehicleToMove(to z: Int, fleet: Fleet) -> Int? {
        var best = -1
        var bestMinutes = maxMoveMinutes.nextUp
        for v in 0..<fleet.count where fleet[v].state == .atStation {
            let w = Int(fleet[v].zone)
            let minutes = fleet.travel(from: w, to: z)
            guard minutes < bestMinutes, covers[w].allSatisfy({ coverage[$0] >= 2 }) else { continue }
            best = v
            bestMinutes = minutes
        }
        return best >= 0 ? best : nil
    }

    private mutating func post(from w: Int, to z: Int) {
        posted[w] -= 1
        for c in covers[w] { coverage[c] -= 1 }
        posted[z] += 1
        for c in covers[z] { coverage[c] += 1 }
    }
}
