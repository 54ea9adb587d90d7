import APICore
import EmbeddedNetwork
import Hummingbird
import NetworkModel

/// Serves the embedded network as Neutron's API v2.0 subset under `<prefix>/v2.0`: the
/// version index, extensions, networks, subnets and ports. Callers are resolved by the auth
/// middleware the app installs (`NoAuthMiddleware`): add it to the router *before* calling
/// this, because Hummingbird applies middleware only to routes added after it.
///
/// With a prefix, `<prefix>` also answers Neutron's root version list, so clients can use
/// `<prefix>` as the network endpoint on the same port as the compute API, whose root
/// document would otherwise send their version discovery to `/v2.1`.
public func addNetworkRoutes(to router: Router<APIRequestContext>, service: EmbeddedNetworkService, prefix: String = "") {
    VersionRoutes.register(on: router, prefix: prefix)
    let group = router.group(RouterPath(prefix + "/v2.0"))
    ExtensionRoutes.register(on: group)
    NetworkRoutes.register(on: group, service: service)
    SubnetRoutes.register(on: group, service: service)
    PortRoutes.register(on: group, service: service)
}
