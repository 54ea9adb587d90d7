import ComputeModel

/// `GET /servers[/detail]` query parameters, checked as Nova checks them and turned into a
/// `ServerFilter` plus the few filters applied here.
struct ServerListQuery {
    var filter = ServerFilter()
    /// Several `status` values: the service filters on one, so the rest is done here.
    var statuses: Set<String> = []
    /// `?deleted=true` from an admin: deleted servers are not kept, so the answer is empty.
    var onlyDeleted = false
    /// `?status=` with no known status before 2.38: Nova answers an empty list.
    var matchesNothing = false
    var pagination: Pagination

    init(_ request: ComputeRequest, isDetail: Bool) throws(APIFault) {
        try request.validateQuery(ServerQuerySchema.index(for: request.version))
        let query = request.query
        pagination = try Pagination(query: query)
        if request.isAdmin {
            // Admins may filter on anything, but not on joined tables or private fields.
            for name in query.names where ServerQuerySchema.joinedTables.contains(name) || name.hasPrefix("_") {
                throw .badRequest("Invalid filter field: \(name).")
            }
        }
        filter.name = query["name"]
        try readStatus(request)
        try readTenancy(request, isDetail: isDetail)
        if request.isAdmin, let deleted = query["deleted"] { onlyDeleted = OsloBool.parse(deleted) ?? false }
    }

    private mutating func readStatus(_ request: ComputeRequest) throws(APIFault) {
        let requested = request.query.all("status")
        guard !requested.isEmpty else { return }
        let known = Set(requested.map { $0.uppercased() }).intersection(ServerStatus.known)
        if known.isEmpty {
            if request.atLeast(38) { throw .badRequest("Invalid status value") }
            matchesNothing = true
            return
        }
        if known.count == 1 { filter.status = known.first } else { statuses = known }
    }

    /// `all_tenants` (any value but a false one; an empty value counts as true) is for
    /// admins; others get Nova's policy refusal. A project filter only applies with it.
    private mutating func readTenancy(_ request: ComputeRequest, isDetail: Bool) throws(APIFault) {
        let query = request.query
        guard query.has("all_tenants") else { return }
        let value = query["all_tenants"] ?? ""
        let allTenants: Bool
        if value.isEmpty {
            allTenants = true
        } else if let parsed = OsloBool.parse(value) {
            allTenants = parsed
        } else {
            throw .badRequest("Invalid input received: \(OsloBool.unrecognized(value))")
        }
        guard allTenants else { return }
        try request.authorize("os_compute_api:servers:\(isDetail ? "detail" : "index"):get_all_tenants")
        filter.allTenants = true
        filter.projectID = query["project_id"] ?? query["tenant_id"]
    }

    /// What the service's answer still needs: several statuses, and the list order and
    /// paging Nova applies (newest first).
    func finish(_ servers: [Server]) throws(APIFault) -> [Server] {
        if matchesNothing || onlyDeleted { return [] }
        var servers = servers
        if !statuses.isEmpty { servers = servers.filter { statuses.contains(ServerStatus.of($0)) } }
        servers.sort { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
        return try pagination.page(servers) { $0.id.lowercasedString }
    }
}
