import Compute
import EmbeddedNetwork
import Foundation
import GRDB
import Libvirt
import Logging
import NetworkModel
import NeutronClient
import Virt

/// The parts a configuration names, built the same way for the service (`SRIOVService`)
/// and for the tools that work on its ledger while it is stopped (`LedgerTools`).
enum ServiceParts {
    struct Network {
        var service: any NetworkService
        var embedded: EmbeddedNetworkService?
        var neutron: NeutronNetworkService?
    }

    static func hypervisor(_ configuration: ServiceConfiguration, logger: Logger) throws -> (any Hypervisor, SimulatedHypervisor?) {
        switch configuration.hypervisorDriver {
        case .simulated:
            let simulated = try SimulatedHypervisor(directory: URL(fileURLWithPath: configuration.hypervisorStateDirectory),
                                                    removalDelay: configuration.removalDelay, logger: logger)
            return (simulated, simulated)
        case .libvirt:
            return (try libvirtHypervisor(configuration, logger: logger), nil)
        }
    }

    /// The embedded network binds for the physnets the ledger's devices carry. Last of what
    /// can fail when assembling: a Neutron client must be shut down before it is released.
    static func network(_ configuration: ServiceConfiguration, database: any DatabaseWriter, physnets: Set<String>,
                        logger: Logger) throws -> Network {
        switch configuration.networkBackend {
        case .embedded:
            let embedded = EmbeddedNetworkService(database: database, agents: BindingAgents([configuration.hostName: physnets]))
            return Network(service: embedded, embedded: embedded, neutron: nil)
        case .neutron:
            let client = NeutronNetworkService(configuration: try neutronConfiguration(configuration), logger: logger)
            return Network(service: client, embedded: nil, neutron: client)
        }
    }

    static func compute(_ configuration: ServiceConfiguration, metrics: any OperationMetrics) -> ComputeConfiguration {
        ComputeConfiguration(
            hostName: configuration.hostName,
            detachPolicy: DetachPolicy(timeout: configuration.detachTimeout, attempts: configuration.detachAttempts),
            images: CatalogSeed.images(configured: configuration.images),
            hostRescan: HostRescan(sysfsRoot: configuration.sysfsRoot, deviceSpec: configuration.deviceSpec),
            metrics: metrics)
    }

    static func neutronConfiguration(_ configuration: ServiceConfiguration) throws(ConfigurationError) -> NeutronConfiguration {
        guard let text = configuration.networkURL, NeutronConfiguration.problem(withURL: text) == nil, let url = URL(string: text) else {
            throw ConfigurationError(key: "network.url", "backend = \"neutron\" needs the Neutron endpoint root, e.g. http://127.0.0.1:9696")
        }
        return NeutronConfiguration(url: url, token: configuration.networkToken, timeout: configuration.networkTimeout)
    }

    /// The libvirt driver at `hypervisor.uri`; a connection failure stops start-up naming
    /// that key, with libvirt's message.
    private static func libvirtHypervisor(_ configuration: ServiceConfiguration, logger: Logger) throws -> LibvirtHypervisor {
        guard let uri = configuration.hypervisorURI else {
            throw ConfigurationError(key: "hypervisor.uri", "required with driver = \"libvirt\", e.g. \"qemu:///system\"")
        }
        let options = LibvirtOptions(
            uri: uri, virtType: configuration.virtType, pciePorts: configuration.pciePorts,
            images: Dictionary(configuration.images.map { ($0.id, $0.boot) }, uniquingKeysWith: { first, _ in first }),
            consoleDirectory: configuration.consoleDirectory)
        do {
            return try LibvirtHypervisor(options: options, logger: logger)
        } catch {
            throw ConfigurationError(key: "hypervisor.uri", error.description)
        }
    }
}
