import APICore
import Hummingbird

/// `GET /v2.1/os-aggregates` (admin): this service groups no hosts into aggregates, so the
/// list is empty, as Nova's is before an operator creates one. `openstack hypervisor show`
/// reads it to say which aggregates hold the host.
struct AggregateRoutes {
    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-aggregates") { request in
            try request.refuseUnknownQuery()
            try request.authorize("os_compute_api:os-aggregates:index")
            return .json(["aggregates": []])
        }
    }
}
