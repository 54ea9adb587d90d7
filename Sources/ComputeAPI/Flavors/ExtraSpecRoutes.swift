import APICore
import ComputeModel
import Hummingbird

/// `/v2.1/flavors/{id}/os-extra_specs`: everybody reads, admins write.
struct ExtraSpecRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        let collection = "/v2.1/flavors/:flavor_id/os-extra_specs"
        routes.on(.get, RouterPath(collection)) { try await index($0) }
        routes.on(.post, RouterPath(collection)) { try await create($0) }
        routes.on(.get, RouterPath(collection + "/:key")) { try await show($0) }
        routes.on(.put, RouterPath(collection + "/:key")) { try await update($0) }
        routes.on(.delete, RouterPath(collection + "/:key")) { try await delete($0) }
    }

    /// Spec values are strings; Nova also takes numbers and stores their `str()`.
    private static let specs = Schema([
        .type([.object]),
        .patternProperties([(pattern: "^[a-zA-Z0-9-_:. ]{1,255}$",
                             schema: Schema([.type([.string, .number]), .maxLength(255)]))]),
        .additionalProperties(false),
    ])

    private static func strings(_ json: JSON?) -> [String: String] {
        (json?.objectValue ?? [:]).compactMapValues { value in
            switch value {
            case .string(let text): text
            case .int(let number): String(number)
            case .number(let number): PythonRepr.float(number)
            default: nil
            }
        }
    }

    private func index(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        try request.authorize("os_compute_api:os-flavor-extra-specs:index")
        let flavor = try await service.flavor(id: request.parameter("flavor_id"), context: request.computeContext)
        return .json(["extra_specs": .object(flavor.extraSpecs.mapValues(JSON.string))])
    }

    private func show(_ request: ComputeRequest) async throws -> Response {
        try request.refuseUnknownQuery()
        try request.authorize("os_compute_api:os-flavor-extra-specs:show")
        let flavorID = request.parameter("flavor_id")
        let key = request.parameter("key")
        let flavor = try await service.flavor(id: flavorID, context: request.computeContext)
        guard let value = flavor.extraSpecs[key] else {
            throw APIFault.notFound("Flavor \(flavorID) has no extra specs with key \(key).")
        }
        return .json([key: .string(value)])
    }

    /// Merges the given specs and answers with them (Nova echoes the request body).
    private func create(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-flavor-extra-specs:create")
        let body = try await request.validatedBody(.object([(name: "extra_specs", schema: Self.specs)],
                                                            required: ["extra_specs"]))
        let specs = Self.strings(body["extra_specs"])
        _ = try await service.setExtraSpecs(specs, flavorID: request.parameter("flavor_id"),
                                            context: request.computeContext)
        return .json(["extra_specs": .object(specs.mapValues(JSON.string))])
    }

    /// `PUT …/{key}` with `{"<key>": "<value>"}`: exactly one spec, the one in the path.
    private func update(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-flavor-extra-specs:update")
        let body = try await request.validatedBody(Self.specs)
        let specs = Self.strings(body)
        let key = request.parameter("key")
        guard specs.count == 1, specs[key] != nil else { throw APIFault.badRequest("Request body and URI mismatch") }
        _ = try await service.setExtraSpecs(specs, flavorID: request.parameter("flavor_id"),
                                            context: request.computeContext)
        return .json(.object(specs.mapValues(JSON.string)))
    }

    /// 200 with no body, as in Nova.
    private func delete(_ request: ComputeRequest) async throws -> Response {
        try request.authorize("os_compute_api:os-flavor-extra-specs:delete")
        try await service.deleteExtraSpec(request.parameter("key"), flavorID: request.parameter("flavor_id"),
                                          context: request.computeContext)
        return .empty(status: .ok)
    }
}
