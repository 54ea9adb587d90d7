import Compute
import ComputeAPI
import EmbeddedNetwork
import Foundation
import GRDB
import Keystone
import Libvirt
import Logging
import Store
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
        /// Keystone (`[keystone]`), whose token source the Neutron client also uses.
        var identity: Identity?
    }

    /// Keystone's client and the validator (with the service's own token) over it, when
    /// `[keystone]` is configured.
    struct Identity {
        var client: KeystoneClient
        var validator: TokenValidator
    }

    static func identity(_ configuration: ServiceConfiguration) throws(ConfigurationError) -> Identity? {
        guard let settings = configuration.keystone else { return nil }
        let client = KeystoneClient(configuration: try settings.configuration())
        return Identity(client: client, validator: TokenValidator(keystone: client, configuration: client.configuration))
    }

    /// Nova's default policy, with the operator's file over it; a file that cannot be read
    /// or has a bad rule stops start-up naming `auth.policy_file` and the rule.
    static func policy(_ configuration: ServiceConfiguration) throws(ConfigurationError) -> Policy {
        guard let path = configuration.policyFile else { return .novaDefaults }
        do {
            return try PolicyFile.load(path: path)
        } catch {
            throw ConfigurationError(key: "auth.policy_file", "\(path): \(error)")
        }
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

    /// The embedded network binds for the physnets the ledger's devices carry: this host's
    /// from its scan, every other host's (when it is the network of several hosts) from
    /// their device rows in the compute store, read when a binding first names the host.
    /// Last of what can fail when assembling: a Neutron client must be shut down before it
    /// is released. With `[keystone]`, Keystone's client too (closed again when the network
    /// fails).
    static func network(_ configuration: ServiceConfiguration, database: any DatabaseWriter, computeStore: any ComputeStore,
                        physnets: Set<String>, logger: Logger) async throws -> Network {
        let identity = try identity(configuration)
        switch configuration.networkBackend {
        case .embedded:
            let agents = BindingAgents([configuration.hostName: physnets], directory: StoreAgentDirectory(store: computeStore))
            let embedded = EmbeddedNetworkService(database: database, agents: agents, bridge: configuration.normalPortBridge)
            return Network(service: embedded, embedded: embedded, neutron: nil, identity: identity)
        case .neutron:
            let neutron: NeutronConfiguration
            do {
                neutron = try neutronConfiguration(configuration)
            } catch {
                try? await identity?.client.shutdown()
                throw error
            }
            let tokens = identity.map { KeystoneNeutronTokens(source: $0.validator.serviceToken) }
            let client = NeutronNetworkService(configuration: neutron, tokenSource: tokens, logger: logger)
            return Network(service: client, embedded: nil, neutron: client, identity: identity)
        }
    }

    static func compute(_ configuration: ServiceConfiguration, metrics: any OperationMetrics) -> ComputeConfiguration {
        ComputeConfiguration(
            hostName: configuration.hostName,
            detachPolicy: DetachPolicy(timeout: configuration.detachTimeout, attempts: configuration.detachAttempts),
            images: CatalogSeed.images(configured: configuration.images),
            hostRescan: HostRescan(sysfsRoot: configuration.sysfsRoot, deviceSpec: configuration.deviceSpec),
            metrics: metrics, serviceDownTime: seconds(configuration.serviceDownTime))
    }

    /// A configured duration as `TimeInterval`, its fraction kept (`"2.5s"` is 2.5).
    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
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
