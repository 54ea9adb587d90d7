import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// `/v2.0/subnets` and `/v2.0/subnets/{id}`.
enum SubnetRoutes {
    static func register(on group: RouterGroup<APIRequestContext>, service: EmbeddedNetworkService) {
        group.get("subnets") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let query = QueryFilters(request)
                let subnets = try await service.subnets(matching: query.subnetFilter, caller: caller)
                let fields = FieldSelection(fields: query.fields)
                return Response.json(["subnets": .array(subnets.map { fields.apply(SubnetView.render($0)) })])
            }
        }
        group.post("subnets") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let subnet = try await service.createSubnet(try SubnetBody.create(body), caller: caller)
                return Response.json(["subnet": .object(SubnetView.render(subnet))], status: .created)
            }
        }
        group.get("subnets/:id") { request, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let subnet = try await service.subnet(id: NeutronResponder.id(context), caller: caller)
                let fields = FieldSelection(fields: QueryFilters(request).fields)
                return Response.json(["subnet": fields.apply(SubnetView.render(subnet))])
            }
        }
        group.put("subnets/:id") { request, context -> Response in
            let body = try await request.jsonBody()
            return await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                let subnet = try await service.updateSubnet(
                    id: NeutronResponder.id(context), try SubnetBody.update(body), caller: caller)
                return Response.json(["subnet": .object(SubnetView.render(subnet))])
            }
        }
        group.delete("subnets/:id") { _, context -> Response in
            await NeutronResponder.respond(context) { caller throws(NetworkFault) in
                try await service.deleteSubnet(id: NeutronResponder.id(context), caller: caller)
                return Response.empty(status: .noContent)
            }
        }
    }
}
