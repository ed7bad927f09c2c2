import Foundation
import Reports

/// A trust's emergency departments for `ambsim init --hospitals FILE.csv`: a header with
/// `name` and `capacity` (offload spaces), and `zone`, or `latitude` and `longitude`
/// (decimal degrees), or both; one row per hospital. Zones are the listed zones (each
/// hospital its own zone when there is no zone column); a zone's place is the mean of its
/// hospitals' coordinates; the drive between two zones is the straight-line (great-circle)
/// distance x `roadFactor` at `blueLightKmPerHour`.
public struct TrustHospitals: Sendable {
    public struct Site: Sendable, Equatable {
        public let name: String
        public let zone: String
        public let capacity: Int
        public let latitude: Double?
        public let longitude: Double?
    }

    /// Road distance over straight-line distance [E]: circuity factors for English roads
    /// lie around 1.2-1.4; 1.3 is taken.
    public static let roadFactor = 1.3
    /// Mean speed of an emergency drive between towns [E].
    public static let blueLightKmPerHour = 60.0
    static let earthRadiusKm = 6371.0

    public let hospitals: [Site]
    /// Zone names in first-listed order.
    public let zones: [String]
    public let source: String

    public init(path: String) throws(ObservedError) {
        let text: String
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= 4 << 20 else { throw ObservedError("\(path): \(size) bytes; a hospital list is refused above 4 MB") }
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch let e as ObservedError {
            throw e
        } catch {
            throw ObservedError("\(path): cannot read it (\(error.localizedDescription))")
        }
        try self.init(text: text, path: path)
    }

    public init(text: String, path: String) throws(ObservedError) {
        let records: [(line: Int, fields: [String])]
        do { records = try CSVReader.numberedRecords(text) } catch { throw ObservedError("\(path), \(error.description)") }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ObservedError("\(path): empty; it needs a header: name,zone,latitude,longitude,capacity")
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let nameColumn = column("name"), let capacityColumn = column("capacity") else {
            throw ObservedError("\(path), line \(records[0].line): the header needs name and capacity, with zone or latitude and longitude (got \(header.joined(separator: ",")))")
        }
        let zoneColumn = column("zone"), latColumn = column("latitude"), lonColumn = column("longitude")
        guard zoneColumn != nil || (latColumn != nil && lonColumn != nil) else {
            throw ObservedError("\(path), line \(records[0].line): give each hospital a zone, or its latitude and longitude (no zone or coordinate columns)")
        }
        if (latColumn == nil) != (lonColumn == nil) {
            throw ObservedError("\(path), line \(records[0].line): latitude and longitude go together (one of them is missing)")
        }
        var sites: [Site] = []
        for (line, raw) in records.dropFirst() {
            let fields = raw.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                throw ObservedError("\(path), line \(line): \(fields.count) fields where the header has \(header.count)")
            }
            let name = fields[nameColumn]
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) else {
                throw ObservedError("\(path), line \(line), name: a hospital needs a name of printable characters")
            }
            guard !sites.contains(where: { $0.name == name }) else {
                throw ObservedError("\(path), line \(line), name: \(name) is listed twice")
            }
            guard let capacity = Int(fields[capacityColumn]), capacity >= 1, capacity <= 500 else {
                throw ObservedError("\(path), line \(line), capacity: offload spaces must be a whole number from 1 to 500 (got \(fields[capacityColumn]))")
            }
            var lat: Double? = nil, lon: Double? = nil
            if let a = latColumn, let b = lonColumn {
                guard let y = Double(fields[a]), (-90...90).contains(y), let x = Double(fields[b]), (-180...180).contains(x) else {
                    throw ObservedError("\(path), line \(line), latitude/longitude: decimal degrees, latitude -90 to 90 and longitude -180 to 180 (got \(fields[a]), \(fields[b]))")
                }
                lat = y
                lon = x
            }
            let zone = zoneColumn.map { fields[$0] } ?? name
            guard !zone.isEmpty else { throw ObservedError("\(path), line \(line), zone: empty (give each hospital its zone)") }
            sites.append(Site(name: name, zone: zone, capacity: capacity, latitude: lat, longitude: lon))
        }
        guard !sites.isEmpty else { throw ObservedError("\(path): no hospitals listed under the header") }
        var zones: [String] = []
        for s in sites where !zones.contains(s.zone) { zones.append(s.zone) }
        if zones.count > 1 && latColumn == nil {
            throw ObservedError("\(path): \(zones.count) zones but no latitude and longitude: drive times between zones come from the hospitals' places; add the two columns")
        }
        guard zones.count <= 60 else { throw ObservedError("\(path): \(zones.count) zones; init takes at most 60 (group hospitals into zones)") }
        hospitals = sites
        self.zones = zones
        source = (path as NSString).lastPathComponent
    }

    /// Each zone's share of demand: its hospitals' share of the offload spaces [E].
    public var zoneWeights: [Double] {
        let total = Double(hospitals.reduce(0) { $0 + $1.capacity })
        return zones.map { z in Double(hospitals.filter { $0.zone == z }.reduce(0) { $0 + $1.capacity }) / total }
    }

    /// The zone's place: the mean of its hospitals' coordinates.
    func place(_ zone: String) -> (lat: Double, lon: Double)? {
        let own = hospitals.filter { $0.zone == zone }
        let lats = own.compactMap(\.latitude), lons = own.compactMap(\.longitude)
        guard !lats.isEmpty else { return nil }
        return (lats.reduce(0, +) / Double(lats.count), lons.reduce(0, +) / Double(lons.count))
    }

    /// Great-circle distance, km (haversine).
    static func distanceKm(_ a: (lat: Double, lon: Double), _ b: (lat: Double, lon: Double)) -> Double {
        let r = Double.pi / 180
        let dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * r) * cos(b.lat * r) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// Drive minutes between zones; `within` on the diagonal, and at least `within` between
    /// two zones (a zone's own patients are nearer than the next zone's).
    public func travelMinutes(within: Double) -> [[Double]] {
        zones.map { a in
            zones.map { b in
                guard a != b, let pa = place(a), let pb = place(b) else { return within }
                return max(within, Self.distanceKm(pa, pb) * Self.roadFactor / Self.blueLightKmPerHour * 60)
            }
        }
    }
}
