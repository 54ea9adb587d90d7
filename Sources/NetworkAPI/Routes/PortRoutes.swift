import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// `/v2.0/ports` and `/v2.0/ports/{id}`.
enum PortRoutes {
    static func register(on group: RouterGroup<APIRequestContext>, service: EmbeddedNetworkService) {
        group.get("ports") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let query = QueryFilters(request)
                let ports = try await service.ports(matching: try query.portFilter, caller: caller)
                let fields = FieldSelection(fields: query.fields)
                return Response.json(["ports": .array(ports.map { fields.apply(PortView.render($0, caller: caller)) })])
            }
        }
        group.post("ports") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let port = try await service.createPort(try PortBody.create(body), caller: caller)
                return Response.json(["port": .object(PortView.render(port, caller: caller))], status: .created)
            }
        }
        group.get("ports/:id") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let port = try await service.port(id: NeutronResponder.id(context), caller: caller)
                let fields = FieldSelection(fields: QueryFilters(request).fields)
                return Response.json(["port": fields.apply(PortView.render(port, caller: caller))])
            }
        }
        group.put("ports/:id") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let port = try await service.updatePort(id: NeutronResponder.id(context), try PortBody.update(body), caller: caller)
                return Response.json(["port": .object(PortView.render(port, caller: caller))])
            }
        }
        group.delete("ports/:id") { _, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                try await service.deletePort(id: NeutronResponder.id(context), caller: caller)
                return Response.empty(status: .noContent)
            }
        }
    }
}
