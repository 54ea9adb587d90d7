import APICore
import Hummingbird
import Networking

/// Serves the embedded network as Neutron's API v2.0 subset under `/v2.0`: the version
/// index, extensions, networks, subnets and ports. Callers are resolved by the auth
/// middleware the app installs (`NoAuthMiddleware`): add it to the router *before* calling
/// this, because Hummingbird applies middleware only to routes added after it.
public func addNetworkRoutes(to router: Router<APIRequestContext>, service: EmbeddedNetworkService) {
    VersionRoutes.register(on: router)
    let group = router.group("/v2.0")
    ExtensionRoutes.register(on: group)
    NetworkRoutes.register(on: group, service: service)
    SubnetRoutes.register(on: group, service: service)
    PortRoutes.register(on: group, service: service)
}
