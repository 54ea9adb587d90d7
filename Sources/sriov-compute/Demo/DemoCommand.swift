import App
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import JSONModel
import Logging
import PCI

/// `sriov-compute demo`: the whole service in a temporary folder, on a small fake host
/// (one PF with two VFs on physnet1), walked through attach, a refused attach on the
/// exhausted pool, and detach — over its HTTP API, printing each step and the inventory.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Boot the service in a temporary folder and walk through SR-IOV attach and detach, printing each step."
    )

    @Option(help: "The port the demo service listens on.")
    var port = 18775

    func run() async throws {
        let directory = ScratchFolder.fastest() + "/sriov-demo-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ServiceConfiguration.embedded(dataDirectory: directory, port: port)
        configuration.fakeHost = .init(numaNodes: 1, pfCount: 1, vfsPerPF: 2)
        configuration.removalDelay = .milliseconds(50)
        var logger = Logger(label: "demo")
        // Cancelling the server at the end makes Hummingbird log its shutdown as errors.
        logger.logLevel = .critical
        let service = try await SRIOVService.start(configuration, logger: logger)
        let serving = Task { try await service.application().runService() }
        defer { serving.cancel() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await walkThrough(ServiceClient(client: client, base: "http://127.0.0.1:\(port)"), service)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func walkThrough(_ api: ServiceClient, _ service: SRIOVService) async throws {
        try await api.waitUntilListening()
        step("The service started on a fake host in \(service.configuration.sysfsRoot); its PCI inventory:")
        await printInventory(service)

        step("POST /v2.0/networks (VLAN 100 on physnet1), /v2.0/subnets, three direct ports; POST /v2.1/servers")
        let net = try await api.create("/v2.0/networks", ["network": ["name": "sriov-net", "provider:network_type": "vlan",
                                                                     "provider:physical_network": "physnet1", "provider:segmentation_id": 100]], object: "network")
        _ = try await api.create("/v2.0/subnets", ["subnet": ["network_id": .string(net), "ip_version": 4, "cidr": "192.168.100.0/24"]], object: "subnet")
        var ports: [String] = []
        for name in ["vf-a", "vf-b", "vf-c"] {
            ports.append(try await api.create("/v2.0/ports", ["port": ["network_id": .string(net), "name": .string(name), "binding:vnic_type": "direct"]], object: "port"))
        }
        let server = try await api.create("/v2.1/servers", ["server": ["name": "vm1", "flavorRef": "1", "imageRef": "", "networks": "none"]], object: "server")
        print("server vm1 = \(server); ports vf-a, vf-b, vf-c = \(ports.joined(separator: ", "))")

        for (index, name) in ["vf-a", "vf-b"].enumerated() {
            step("POST /v2.1/servers/vm1/os-interface {port_id: \(name)}")
            let reply = try await api.request("POST", "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(ports[index])]])
            print("\(reply.status) \(reply.text)")
            let view = try await api.request("GET", "/v2.0/ports/\(ports[index])").json?["port"]
            print("port \(name): binding:vif_type=\(view?["binding:vif_type"]?.stringValue ?? "?") binding:profile=\(view?["binding:profile"]?.rendered ?? "?")")
        }
        await printInventory(service)

        step("POST /v2.1/servers/vm1/os-interface {port_id: vf-c}: the pool is exhausted")
        let refused = try await api.request("POST", "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(ports[2])]])
        print("\(refused.status) \(refused.text)")

        step("DELETE /v2.1/servers/vm1/os-interface/vf-a (202; the guest releases the VF, then it is freed)")
        let detached = try await api.request("DELETE", "/v2.1/servers/\(server)/os-interface/\(ports[0])")
        print("\(detached.status)")
        await service.manager.backgroundTasks.waitUntilIdle()
        let view = try await api.request("GET", "/v2.0/ports/\(ports[0])").json?["port"]
        print("port vf-a: device_id=\"\(view?["device_id"]?.stringValue ?? "?")\" binding:profile=\(view?["binding:profile"]?.rendered ?? "?")")
        await printInventory(service)

        step("POST /v2.1/servers/vm1/os-interface {port_id: vf-c} again: the freed VF serves it")
        let retried = try await api.request("POST", "/v2.1/servers/\(server)/os-interface", ["interfaceAttachment": ["port_id": .string(ports[2])]])
        print("\(retried.status) \(retried.text)")

        step("GET /v2.1/servers/vm1/os-instance-actions")
        for action in try await api.request("GET", "/v2.1/servers/\(server)/os-instance-actions").json?["instanceActions"]?.arrayValue ?? [] {
            print("\(action["action"]?.stringValue ?? "?")  request \(action["request_id"]?.stringValue ?? "?")  \(action["message"]?.stringValue ?? "")")
        }
        await printInventory(service)
    }

    private func printInventory(_ service: SRIOVService) async {
        print(InventoryTable(devices: await service.manager.tracker.devices, showOwners: true).rendered)
    }

    private func step(_ title: String) {
        print("\n== " + title)
    }
}
