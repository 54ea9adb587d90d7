import APICore
import ComputeModel
import Hummingbird

/// The OpenStack Compute API v2.1 in front of a `ComputeService`: version discovery,
/// microversions, Nova's faults, and the servers, flavors, images, `os-interface`,
/// `os-instance-actions`, `os-pci-devices` and `os-server-external-events` resources (DESIGN §7),
/// the hosts of the cloud (`os-services`, `os-hypervisors`, `os-availability-zone`) and the
/// audit (`os-sriov-audit`).
///
/// The app adds `NoAuthMiddleware` or `KeystoneAuthMiddleware` before these routes; every
/// route here reads the caller from `APIRequestContext.identity` and checks Nova's policy
/// rule for what it does.
public struct ComputeAPI: Sendable {
    let service: any ComputeService
    let hostName: String
    let policy: Policy

    /// `hostName` names this host in links when a client sends no `Host` header; `policy`
    /// decides who may do what (Nova's defaults unless the operator's file overrides them).
    public init(service: any ComputeService, hostName: String, policy: Policy = .novaDefaults) {
        self.service = service
        self.hostName = hostName
        self.policy = policy
    }

    public func addRoutes(to router: Router<APIRequestContext>) {
        let routes = RouteTable(router: router, endpoint: Endpoint(fallbackHost: hostName, policy: policy))
        VersionRoutes().register(on: routes)
        ServerRoutes(service: service).register(on: routes)
        FlavorRoutes(service: service).register(on: routes)
        ExtraSpecRoutes(service: service).register(on: routes)
        InterfaceRoutes(service: service).register(on: routes)
        InstanceActionRoutes(service: service).register(on: routes)
        PCIDeviceRoutes(service: service).register(on: routes)
        AuditRoutes(service: service).register(on: routes)
        ServiceRoutes(service: service).register(on: routes)
        HypervisorRoutes(service: service).register(on: routes)
        AvailabilityZoneRoutes(service: service).register(on: routes)
        AggregateRoutes().register(on: routes)
        ExternalEventRoutes(service: service).register(on: routes)
        ImageRoutes(service: service).register(on: routes)
        UnknownRoutes().register(on: routes)
    }
}
