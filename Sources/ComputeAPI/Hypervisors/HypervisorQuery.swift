import ComputeModel
import Foundation

/// The query of `GET /os-hypervisors[/detail]` and `/os-hypervisors/{id}` (Nova's
/// `schemas/hypervisors.py`): paging from 2.33; from 2.53 `hypervisor_hostname_pattern`
/// and `with_servers` (replacing the `/{pattern}/search` and `/{pattern}/servers` routes),
/// and nothing else.
struct HypervisorQuery {
    let pattern: String?
    let withServers: Bool
    let pagination: Pagination?

    init(list request: ComputeRequest) throws(APIFault) {
        if request.atLeast(53) {
            try request.validateQuery(Self.schema(paging: true))
        } else if request.atLeast(33) {
            try request.validateQuery(Schema([.type([.object]), .properties(Self.paging), .additionalProperties(true)]))
        }
        pattern = request.atLeast(53) ? request.query["hypervisor_hostname_pattern"] : nil
        withServers = request.atLeast(53) && Self.flag(request.query["with_servers"])
        if pattern != nil, request.query.has("limit") || request.query.has("marker") {
            throw .badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.")
        }
        if request.atLeast(33), pattern == nil {
            pagination = try Pagination(query: request.query)
        } else {
            pagination = nil
        }
    }

    init(show request: ComputeRequest) throws(APIFault) {
        if request.atLeast(53) { try request.validateQuery(Self.schema(paging: false)) }
        pattern = nil
        withServers = request.atLeast(53) && Self.flag(request.query["with_servers"])
        pagination = nil
    }

    /// The hypervisors the pattern selects (Nova's SQL `LIKE '%pattern%'`); none is a 404.
    func select(_ hypervisors: [HypervisorSummary]) throws(APIFault) -> [HypervisorSummary] {
        guard let pattern else { return hypervisors }
        return try Self.matching(pattern, in: hypervisors)
    }

    static func matching(_ pattern: String, in hypervisors: [HypervisorSummary]) throws(APIFault) -> [HypervisorSummary] {
        let found = hypervisors.filter { $0.status.host.name.localizedCaseInsensitiveContains(pattern) }
        guard !found.isEmpty else { throw .notFound("No hypervisor matching '\(pattern)' could be found.") }
        return found
    }

    private static let paging: [(name: String, schema: Schema)] = [
        ("limit", Schema([.type([.array]), .items(.integerOrString(minimum: 0))])),
        ("marker", ServerQuerySchema.stringList),
    ]

    private static func schema(paging: Bool) -> Schema {
        var properties = paging ? Self.paging : []
        properties.append(("with_servers", Schema([.type([.array]), .items(.boolean)])))
        if paging {
            properties.append(("hypervisor_hostname_pattern",
                               Schema([.type([.array]), .items(Schema([.type([.string]), .minLength(1), .maxLength(255)]))])))
        }
        return Schema([.type([.object]), .properties(properties), .additionalProperties(false)])
    }

    private static func flag(_ text: String?) -> Bool {
        text.flatMap(OsloBool.parse) ?? false
    }
}
