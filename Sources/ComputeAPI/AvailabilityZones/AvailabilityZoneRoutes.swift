import APICore
import ComputeModel
import Hummingbird

/// `GET /v2.1/os-availability-zone` (any user, as Nova) and `/detail` (admin): the zone
/// `nova` and, in the detail, its hosts from the shared database.
struct AvailabilityZoneRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-availability-zone") { request in
            try request.refuseUnknownQuery()
            try request.authorize("os_compute_api:os-availability-zone:list")
            return .json(AvailabilityZoneView.zones(try await service.computeHosts(context: request.elevatedContext), detail: false))
        }
        routes.on(.get, "/v2.1/os-availability-zone/detail") { request in
            try request.refuseUnknownQuery()
            try request.authorize("os_compute_api:os-availability-zone:detail")
            return .json(AvailabilityZoneView.zones(try await service.computeHosts(context: request.computeContext), detail: true))
        }
    }
}
