/// A vehicle's place in the job cycle.
enum VehicleState: UInt8 {
    case offDuty
    /// Idle at its station.
    case atStation
    /// Idle and dispatchable, driving back to its station.
    case returning
    case travellingToScene
    case onScene
    case travellingToHospital
    /// At hospital: waiting for an offload slot or handing over.
    case atHospital
    /// Conveying to a non-ED destination and handing over there.
    case conveyingElsewhere
    /// Cleaning, restocking, paperwork (and back-entry) before becoming available.
    case clearing
}

struct VehicleRecord {
    let station: Int32
    let homeZone: Int32
    let shiftStartMinuteOfDay: Double
    let shiftLengthMinutes: Double
    /// Its place in its shift's crews (0-based) and the shift's size: with availability
    /// below 1, the crews of highest rank stay off.
    var rankInShift: Int32 = 0
    var shiftSize: Int32 = 1
    var isCar = false
    var state: VehicleState = .offDuty
    var rostered = false
    var offDutyWhenFree = false
    /// Its vehicle is off the road (fleet disruption): out of service when free.
    var offRoad = false
    var shiftEnd: Double = 0
    var call: Int32 = -1
    var isSecondVehicle = false
    var patient: Int32 = -1
    /// Zone it is in, or left from when returning.
    var zone: Int32
    /// Where it goes when free: its station's zone, or a standby post it was moved up to.
    var postZone: Int32
    var returnStart: Double = 0
    var returnEnd: Double = 0
    /// Counts trips to a scene; a `vehicleReachesScene` event of a trip re-tasked away is stale.
    var sceneTrip: Int32 = 0
    var jobStart: Double = 0
    var backEntryRecords: Int32 = 0
    /// Its shift in the stations' rosters (-1: a surge or added crew), and the `resources:`
    /// period that added it (-1: rostered or surge).
    var shiftIndex: Int32 = -1
    var addedBy: Int32 = -1

    init(station: Int32, homeZone: Int32, shiftStartMinuteOfDay: Double, shiftLengthMinutes: Double,
         rankInShift: Int32 = 0, shiftSize: Int32 = 1, isCar: Bool = false) {
        self.station = station
        self.homeZone = homeZone
        self.shiftStartMinuteOfDay = shiftStartMinuteOfDay
        self.shiftLengthMinutes = shiftLengthMinutes
        self.rankInShift = rankInShift
        self.shiftSize = shiftSize
        self.isCar = isCar
        zone = homeZone
        postZone = homeZone
    }

    /// Goes off duty (or out of service): back at its station, with no post.
    mutating func standDown() {
        state = .offDuty
        zone = homeZone
        postZone = homeZone
    }
}

struct CallRecord {
    var arrival: Double
    var zone: Int32
    var category: CallCategory
    /// Nil until decided (at call connect for hear-and-treat, on scene otherwise).
    var disposition: Disposition?
    var dispositionDraw: Double
    var hospitalDraw: Double
    var vehiclesNeeded: Int8
    var vehiclesAssigned: Int8 = 0
    var vehiclesActive: Int8 = 0
    var readyTime: Double = 0
    var firstOnScene: Double = -1
    var counted: Bool
    /// Its review and abandonment events are scheduled (once per call).
    var joinedStack = false
    /// Vehicle types: the ambulance that conveys (-1 until one is on scene), a car waiting
    /// on scene for it (-1 none), an ambulance asked for and not yet on scene, and when the
    /// first ambulance reached the scene (-1 not yet).
    var conveyor: Int32 = -1
    var holdingCar: Int32 = -1
    var ambulanceRequested = false
    var firstAmbulanceOnScene: Double = -1
    /// Its row in the call traces, when calls are recorded (-1 otherwise).
    var traceIndex: Int32 = -1
}

struct PatientRecord {
    var arrival: Double
    var hospital: Int32
    /// The crew's vehicle while the crew is still with the patient; -1 for walk-ins and
    /// after release-to-respond.
    var vehicle: Int32
    var counted: Bool
    var isWalkIn: Bool
    /// In an ED bay (ED-bay mode).
    var inBay = false
    /// Has left the waiting line: its slot or bay was granted.
    var handoverStarted = false
    /// Holds an offload space that frees apart from the crew's handover (acceptance model
    /// with record minutes as crew work).
    var holdsSpace = false
    /// Its space frees by its own event (acceptance model, or hospital pressure not 1), not
    /// at the end of the crew's handover.
    var spaceApart = false
}

/// Slots reused after release, so memory follows the number of calls in progress, not the
/// number of calls in a year.
struct SlotArray<Element> {
    private(set) var items: [Element] = []
    private var free: [Int32] = []

    mutating func insert(_ e: Element) -> Int32 {
        if let i = free.popLast() { items[Int(i)] = e; return i }
        items.append(e)
        return Int32(items.count - 1)
    }

    mutating func release(_ i: Int32) { free.append(i) }

    /// Borrowed, not copied, on read: `calls[c].zone` reads one field of the record.
    subscript(i: Int32) -> Element {
        _read { yield items[Int(i)] }
        _modify { yield &items[Int(i)] }
    }

    var liveCount: Int { items.count - free.count }

    /// The live elements (not released), in slot order.
    var liveItems: [Element] {
        var released = [Bool](repeating: false, count: items.count)
        for i in free { released[Int(i)] = true }
        return items.indices.filter { !released[$0] }.map { items[$0] }
    }
}
