import App
import Foundation
import JSONModel
import NetworkModel
import NeutronClient
import Testing

/// Issue 12's one network for the cluster: host 1 serves its embedded network, and the
/// other hosts use it as their Neutron (`[network] backend = "neutron"`, `url` = host 1's
/// root). The Neutron client's calls (those Nova makes) against our own Networking API,
/// and a second host on the same compute store binding through host 1 with its own physnets.
struct ClusterNetworkTests {
    /// The Neutron client pointed at a service's root, as another host's configuration has it.
    static func client(of api: APIClient) throws -> NeutronNetworkService {
        let port = try #require(api.client.port, "the live test server has a port")
        return NeutronNetworkService(configuration: NeutronConfiguration(url: URL(string: "http://127.0.0.1:\(port)")!, token: nil))
    }

    /// Runs `body` with the client, shutting it down before any failure ends the test.
    static func using<T: Sendable>(_ client: NeutronNetworkService, _ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try await client.shutdown()
        return try result.get()
    }

    @Test func theNeutronClientMakesNovasCallsOnTheEmbeddedNetwork() async throws {
        try await ServiceHarness.make().run { api in
            let networkID = try await api.createNetwork(physnet: "physnet2", segmentationID: 42)
            let neutron = try Self.client(of: api)
            try await Self.using(neutron) {
                // A network with its provider attributes, as Nova reads it for the PCI request.
                let network = try await neutron.network(id: networkID)
                #expect(network.networkType == "vlan" && network.physicalNetwork == "physnet2" && network.segmentationID == 42)

                // `--nic net-id`: Nova's port create for the server's project, then the list by device.
                let server = UUID().uuidString.lowercased()
                let created = try await neutron.createPort(networkID: networkID, projectID: "alice", deviceID: server, fixedIP: "10.24.0.9")
                #expect(created.projectID == "alice" && created.deviceID == server && created.vifType == "unbound")
                #expect(created.fixedIPs.map(\.ipAddress) == ["10.24.0.9"])
                #expect(try await neutron.ports(deviceID: server).map(\.id) == [created.id])

                // The attach's bind: host, device, owner, Nova's profile keys over the user's.
                let direct = try await api.createPort(network: networkID, vnicType: "direct", extra: ["binding:profile": ["trusted": true]])
                let binding = PortBinding(hostID: "compute0", deviceID: server, deviceOwner: "compute:nova",
                                          profile: ["pci_slot": "0000:81:00.1", "pci_vendor_info": "15b3:101e", "physical_network": "physnet2"])
                let bound = try await neutron.bindPort(direct, binding)
                #expect(bound.vifType == "hw_veb" && bound.bindingHostID == "compute0" && bound.deviceOwner == "compute:nova")
                #expect(bound.vifDetails["vlan"] == "42")
                #expect(bound.bindingProfile == ["trusted": true, "pci_slot": "0000:81:00.1", "pci_vendor_info": "15b3:101e",
                                                 "physical_network": "physnet2"])
                #expect(try await neutron.ports(boundToHost: "compute0").map(\.id) == [direct])
                let (port, portNetwork) = try await neutron.portWithNetwork(id: direct)
                #expect(port == bound && portNetwork.id == networkID)

                // The detach's unbind (`binding:host_id: null`): Nova's keys go, the user's stay.
                let unbound = try await neutron.unbindPort(direct, removingProfileKeys: PortBinding.novaProfileKeys)
                #expect(unbound.vifType == "unbound" && unbound.bindingHostID == "" && unbound.deviceID == "" && unbound.deviceOwner == "")
                #expect(unbound.bindingProfile == ["trusted": true])
                #expect(try await neutron.ports(boundToHost: "compute0").isEmpty)
                #expect(try await api.port(direct)["binding:host_id"] == "")

                // A deleted port is the network's own "no such port", on every call.
                try await neutron.deletePort(created.id)
                await #expect(throws: NetworkError.portNotFound(created.id)) { try await neutron.deletePort(created.id) }
                await #expect(throws: NetworkError.portNotFound(created.id)) { try await neutron.port(id: created.id) }
                let missing = UUID().uuidString.lowercased()
                await #expect(throws: NetworkError.networkNotFound(missing)) { try await neutron.network(id: missing) }
                await #expect(throws: NetworkError.self) {
                    try await neutron.createPort(networkID: missing, projectID: "alice", deviceID: server, fixedIP: nil)
                }
            }
        }
    }

    @Test func aSecondHostBindsThroughTheFirstHostsNetworkWhichLearnsItsPhysnetsFromTheStore() async throws {
        let first = try await ServiceHarness.make(physnet: "physnet2")
        try await first.run { api1 in
            let root = "http://127.0.0.1:\(try #require(api1.client.port))/networking"
            let second = try await ServiceHarness.make(physnet: "physnet3", neutronURL: root) { configuration in
                configuration.hostName = "compute1"
                configuration.databasePath = first.service.configuration.databasePath
            }
            // Host 1's network has not heard of compute1 before a binding names it.
            let agents = try #require(first.service.embeddedNetwork?.agents)
            #expect(agents.physicalNetworks(onHost: "compute1") == nil)
            let own = try await api1.createNetwork(name: "physnet3-net", physnet: "physnet3", segmentationID: 33)
            let foreign = try await api1.createNetwork(name: "physnet2-net", physnet: "physnet2", segmentationID: 22)
            let vf = try await api1.createPort(network: own, vnicType: "direct")
            let unmapped = try await api1.createPort(network: foreign, vnicType: "direct")

            try await second.run { api2 in
                // Booted with the port: only compute1 has physnet3 devices, so with several
                // hosts placement puts it there too.
                let server = try await api2.boot(ports: [vf])
                #expect(try await api2.server(server)["status"] == "ACTIVE")
                let allocated = try await api2.pciStatuses().filter { $0.value == "allocated" }.map(\.key)
                #expect(allocated.count == 1)
                let bound = try await api1.port(vf)
                #expect(bound["binding:host_id"] == "compute1")
                #expect(bound["binding:vif_type"] == "hw_veb")
                #expect(bound["device_id"] == .string(server))
                #expect(bound["binding:profile"]?["pci_slot"] == allocated.first.map(JSON.string))
                #expect(bound["binding:profile"]?["physical_network"] == "physnet3")
                #expect(agents.physicalNetworks(onHost: "compute1") == ["physnet3"])
                #expect(try await api2.interfacePortIDs(server) == [vf])

                // compute1 has no device on physnet2: no claim (no VF matches), nothing bound.
                let refused = try await api2.attach(server, port: unmapped)
                #expect(refused.status == 400, "\(refused.json?.rendered ?? "")")
                #expect(try await api1.port(unmapped)["binding:host_id"] == "")

                #expect(try await api2.detach(server, port: vf).status == 202)
                let unbound = try await api1.port(vf)
                #expect(unbound["binding:host_id"] == "" && unbound["device_id"] == "" && unbound["binding:vif_type"] == "unbound")
                #expect(unbound["binding:profile"] == [:])
                #expect(try await api2.pciStatuses().values.allSatisfy { $0 == "available" })
                #expect(try await api2.call(.delete, "/v2.1/servers/\(server)").status == 204)
                await api2.service.manager.backgroundTasks.waitUntilIdle()
            }
            // Host 1's own ledger never moved.
            #expect(try await api1.pciStatuses().values.allSatisfy { $0 == "available" })
        }
    }
}
