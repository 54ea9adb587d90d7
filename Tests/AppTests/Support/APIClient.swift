import APICore
import App
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONModel
import Testing
import TestSupport
import Virt

/// JSON over the test client, with the OpenStack headers real clients send.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let service: SRIOVService
    var microversion = "2.96"
    /// `nil`: the noauth admin. `"user:project"` for a project member.
    var token: String?

    func call(_ method: HTTPRequest.Method, _ path: String, _ body: JSON? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        headers[.openStackAPIVersion] = "compute \(microversion)"
        headers[.xOpenStackNovaAPIVersion] = microversion
        headers[.xAuthToken] = token ?? "notused"
        return try await client.send(method, path, headers: headers, body: body?.rendered)
    }

    func `as`(_ token: String) -> APIClient {
        var copy = self
        copy.token = token
        return copy
    }

    /// The service's simulated hypervisor, for fault injection; fails the test under the
    /// libvirt driver.
    func simulator(sourceLocation: SourceLocation = #_sourceLocation) throws -> SimulatedHypervisor {
        try #require(service.simulatedHypervisor, "the service runs the simulated hypervisor", sourceLocation: sourceLocation)
    }

    func at(_ microversion: String) -> APIClient {
        var copy = self
        copy.microversion = microversion
        return copy
    }

    // MARK: Networking

    func createNetwork(name: String = "net-" + UUID().uuidString.prefix(6), physnet: String? = "physnet2",
                       type: String = "vlan", segmentationID: Int? = 24) async throws -> String {
        var network: [String: JSON] = ["name": .string(name), "provider:network_type": .string(type)]
        if let physnet { network["provider:physical_network"] = .string(physnet) }
        if let segmentationID { network["provider:segmentation_id"] = .int(segmentationID) }
        let reply = try await call(.post, "/v2.0/networks", ["network": .object(network)])
        try #require(reply.status == 201, "network create: \(reply.status) \(reply.json?.rendered ?? "")")
        let id = try #require(reply.json?["network"]?["id"]?.stringValue)
        let subnet = try await call(.post, "/v2.0/subnets", ["subnet": ["network_id": .string(id), "ip_version": 4, "cidr": "10.24.0.0/24"]])
        try #require(subnet.status == 201, "subnet create: \(subnet.status) \(subnet.json?.rendered ?? "")")
        return id
    }

    func createPort(network: String, vnicType: String, name: String = "port-" + UUID().uuidString.prefix(6),
                    extra: [String: JSON] = [:]) async throws -> String {
        var port: [String: JSON] = ["network_id": .string(network), "binding:vnic_type": .string(vnicType), "name": .string(name)]
        port.merge(extra) { _, new in new }
        let reply = try await call(.post, "/v2.0/ports", ["port": .object(port)])
        try #require(reply.status == 201, "port create: \(reply.status) \(reply.json?.rendered ?? "")")
        return try #require(reply.json?["port"]?["id"]?.stringValue)
    }

    func port(_ id: String) async throws -> JSON {
        let reply = try await call(.get, "/v2.0/ports/\(id)")
        try #require(reply.status == 200, "port show: \(reply.status)")
        return try #require(reply.json?["port"])
    }

    // MARK: Compute

    func boot(name: String = "vm-" + UUID().uuidString.prefix(6), flavor: String = "1", ports: [String] = []) async throws -> String {
        let networks: JSON = ports.isEmpty ? "none" : .array(ports.map { ["port": .string($0)] })
        let reply = try await call(.post, "/v2.1/servers", ["server": ["name": .string(name), "flavorRef": .string(flavor),
                                                                       "imageRef": "", "networks": networks]])
        try #require(reply.status == 202, "boot: \(reply.status) \(reply.json?.rendered ?? "")")
        return try #require(reply.json?["server"]?["id"]?.stringValue)
    }

    /// A server whose boot failed (the simulator refuses its port's plug): ERROR, with no
    /// domain.
    func bootThatFails() async throws -> String {
        let net = try await createNetwork()
        let port = try await createPort(network: net, vnicType: "direct")
        try await simulator().failNextAttach(message: "QEMU said no")
        let server = try await boot(ports: [port])
        try #require(try await self.server(server)["status"] == "ERROR")
        return server
    }

    func server(_ id: String) async throws -> JSON {
        let reply = try await call(.get, "/v2.1/servers/\(id)")
        try #require(reply.status == 200, "server show: \(reply.status)")
        return try #require(reply.json?["server"])
    }

    func attach(_ server: String, port: String, tag: String? = nil) async throws -> APIResponse {
        var attachment: [String: JSON] = ["port_id": .string(port)]
        if let tag { attachment["tag"] = .string(tag) }
        return try await call(.post, "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": .object(attachment)])
    }

    /// Detaches and waits until the background detach has ended.
    func detach(_ server: String, port: String) async throws -> APIResponse {
        let reply = try await call(.delete, "/v2.1/servers/\(server)/os-interface/\(port)")
        await service.manager.backgroundTasks.waitUntilIdle()
        return reply
    }

    func interfacePortIDs(_ server: String) async throws -> [String] {
        let reply = try await call(.get, "/v2.1/servers/\(server)/os-interface")
        try #require(reply.status == 200)
        return (reply.json?["interfaceAttachments"]?.arrayValue ?? []).compactMap { $0["port_id"]?.stringValue }
    }

    /// `address → status` from the admin inventory.
    func pciStatuses() async throws -> [String: String] {
        let reply = try await call(.get, "/v2.1/os-pci-devices")
        try #require(reply.status == 200, "os-pci-devices: \(reply.status)")
        var statuses: [String: String] = [:]
        for device in reply.json?["pci_devices"]?.arrayValue ?? [] {
            if let address = device["address"]?.stringValue { statuses[address] = device["status"]?.stringValue }
        }
        return statuses
    }

    func action(_ server: String, requestID: String) async throws -> JSON? {
        let reply = try await call(.get, "/v2.1/servers/\(server)/os-instance-actions/\(requestID)")
        return reply.status == 200 ? reply.json?["instanceAction"] : nil
    }

    func actions(_ server: String) async throws -> [JSON] {
        let reply = try await call(.get, "/v2.1/servers/\(server)/os-instance-actions")
        return reply.json?["instanceActions"]?.arrayValue ?? []
    }
}
