import ComputeModel
import JSONModel
import PatternMatching

/// `GET /flavors[/detail]` query: Nova's schema, then its filters (`is_public` for admins,
/// `minRam`, `minDisk`, and from 2.102 `name`), order (`sort_key`, `sort_dir`) and paging.
struct FlavorListQuery {
    private static let sortKeys: [JSON] = [
        "created_at", "description", "disabled", "ephemeral_gb", "flavorid", "id", "is_public", "memory_mb", "name",
        "root_gb", "rxtx_factor", "swap", "updated_at", "vcpu_weight", "vcpus",
    ]

    static func schema(for version: Microversion) -> Schema {
        // 2.102 removed the rxtx factor, as a sort key too, and added the name filter.
        let removesRXTX = version.supports(.v2(102))
        let strings = ServerQuerySchema.stringList
        func enumList(_ values: [JSON]) -> Schema {
            Schema([.type([.array]), .items(Schema([.type([.string]), .enumeration(values)]))])
        }
        return Schema([
            .type([.object]),
            .properties([
                (name: "limit", schema: Schema([.type([.array]), .items(.integerOrString(minimum: 0))])),
                (name: "marker", schema: strings), (name: "is_public", schema: strings),
                (name: "minRam", schema: strings), (name: "minDisk", schema: strings),
                (name: "sort_key", schema: enumList(removesRXTX ? sortKeys.filter { $0 != "rxtx_factor" } : sortKeys)),
                (name: "sort_dir", schema: enumList(["asc", "desc"])),
            ] + (removesRXTX ? [(name: "name", schema: strings)] : [])),
            .additionalProperties(!version.supports(.v2(75))),
        ])
    }

    let pagination: Pagination
    /// `nil`: every flavor (an admin's `is_public=None`).
    private var isPublic: Bool? = true
    private var minRAM: Int?
    private var minDisk: Int?
    private var name: NameFilter?
    private let sortKey: String
    private let descending: Bool

    init(_ request: ComputeRequest) throws(APIFault) {
        try request.validateQuery(Self.schema(for: request.version))
        let query = request.query
        pagination = try Pagination(query: query)
        if request.isAdmin, let value = query["is_public"] {
            if value.lowercased() == "none" {
                isPublic = nil
            } else if let parsed = OsloBool.parse(value) {
                isPublic = parsed
            } else {
                throw .badRequest("Invalid is_public filter [\(value)]")
            }
        }
        if let value = query["minRam"] {
            guard let number = Int(value) else { throw .badRequest("Invalid minRam filter [\(value)]") }
            minRAM = number
        }
        if let value = query["minDisk"] {
            guard let number = Int(value) else { throw .badRequest("Invalid minDisk filter [\(value)]") }
            minDisk = number
        }
        // Nova reads the last `name` given, as a regular expression (its database's REGEXP).
        if request.version.supports(.v2(102)), let pattern = query["name"] {
            do {
                name = try NameFilter(pattern)
            } catch {
                throw APIFault(.nameFilterTooComplex(steps: error.steps, limit: error.limit))
            }
        }
        sortKey = query["sort_key"].flatMap { $0.isEmpty ? nil : $0 } ?? "flavorid"
        descending = query["sort_dir"] == "desc"
    }

    func apply(_ flavors: [Flavor]) throws(APIFault) -> [Flavor] {
        let filtered = flavors.filter { flavor in
            (isPublic.map { flavor.isPublic == $0 } ?? true)
                && (minRAM.map { flavor.ramMB >= $0 } ?? true)
                && (minDisk.map { flavor.diskGB >= $0 } ?? true)
                && (name.map { $0.matches(flavor.name) } ?? true)
        }
        let sorted = filtered.sorted { descending ? less($1, $0) : less($0, $1) }
        return try pagination.page(sorted) { $0.id }
    }

    /// Orders by the requested column, then by id so that paging is stable.
    private func less(_ lhs: Flavor, _ rhs: Flavor) -> Bool {
        func key(_ flavor: Flavor) -> (Double, String) {
            switch sortKey {
            case "memory_mb": (Double(flavor.ramMB), flavor.id)
            case "vcpus": (Double(flavor.vcpus), flavor.id)
            case "root_gb": (Double(flavor.diskGB), flavor.id)
            case "ephemeral_gb": (Double(flavor.ephemeralGB), flavor.id)
            case "swap": (Double(flavor.swapMB), flavor.id)
            case "rxtx_factor": (flavor.rxtxFactor, flavor.id)
            case "name": (0, flavor.name + "\u{0}" + flavor.id)
            default: (0, flavor.id)
            }
        }
        return key(lhs) < key(rhs)
    }
}
