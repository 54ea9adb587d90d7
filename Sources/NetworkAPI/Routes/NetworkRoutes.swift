import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// `/v2.0/networks` and `/v2.0/networks/{id}`.
enum NetworkRoutes {
    static func register(on group: RouterGroup<APIRequestContext>, service: EmbeddedNetworkService) {
        group.get("networks") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let query = QueryFilters(request)
                let networks = try await service.networks(matching: try query.networkFilter, caller: caller)
                let fields = FieldSelection(fields: query.fields)
                return Response.json(["networks": .array(networks.map { fields.apply(NetworkView.render($0, caller: caller)) })])
            }
        }
        group.post("networks") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let network = try await service.createNetwork(try NetworkBody.create(body), caller: caller)
                return Response.json(["network": .object(NetworkView.render(network, caller: caller))], status: .created)
            }
        }
        group.get("networks/:id") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let network = try await service.network(id: NeutronResponder.id(context), caller: caller)
                let fields = FieldSelection(fields: QueryFilters(request).fields)
                return Response.json(["network": fields.apply(NetworkView.render(network, caller: caller))])
            }
        }
        group.put("networks/:id") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let update = try NetworkBody.update(body, caller: caller)
                let network = try await service.updateNetwork(id: NeutronResponder.id(context), update, caller: caller)
                return Response.json(["network": .object(NetworkView.render(network, caller: caller))])
            }
        }
        group.delete("networks/:id") { _, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                try await service.deleteNetwork(id: NeutronResponder.id(context), caller: caller)
                return Response.empty(status: .noContent)
            }
        }
    }
}
