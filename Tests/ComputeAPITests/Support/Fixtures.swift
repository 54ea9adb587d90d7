import ComputeModel
import Foundation
import PCI

/// Sample objects for the API tests, with fixed ids and times so that bodies are exact.
enum Fixtures {
    static let serverID = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
    static let otherServerID = UUID(uuidString: "66666666-7777-4888-9999-aaaaaaaaaaaa")!
    static let portID = "0f9e8d7c-6b5a-4948-8372-615049382716"
    static let netID = "a1b2c3d4-e5f6-4711-8899-aabbccddeeff"
    static let subnetID = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
    static let imageID = "c3a9b0b4-5e6f-4a0e-9d6b-0f8f3b0a1c01"
    static let created = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    static func server(
        id: UUID = serverID, name: String = "vm1", project: String = "demo", user: String = "alice",
        flavorID: String = "1", imageID: String? = Fixtures.imageID, vmState: VMState = .active,
        locked: Bool = false, lockedReason: String? = nil, createdAt: Date = created
    ) -> Server {
        Server(
            id: id, name: name, projectID: project, userID: user, flavorID: flavorID, imageID: imageID,
            vmState: vmState, locked: locked, lockedReason: lockedReason, hostName: "compute0",
            metadata: ["role": "test"], createdAt: createdAt, updatedAt: createdAt.addingTimeInterval(60),
            launchedAt: vmState == .building ? nil : createdAt.addingTimeInterval(30))
    }

    static let tiny = Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMB: 512, diskGB: 1,
                             extraSpecs: ["hw:pci_numa_affinity_policy": "preferred"])
    static let small = Flavor(id: "2", name: "m1.small", vcpus: 1, ramMB: 2048, diskGB: 20, swapMB: 512,
                              description: "small")
    static let privateFlavor = Flavor(id: "3", name: "secret", vcpus: 2, ramMB: 4096, diskGB: 40, isPublic: false)

    static func attachment(portID: String = portID, tag: String? = nil) -> InterfaceAttachment {
        InterfaceAttachment(
            portID: portID, netID: netID, macAddress: "fa:16:3e:12:34:56", portState: "ACTIVE",
            fixedIPs: [.init(ipAddress: "10.0.0.5", subnetID: subnetID)], tag: tag)
    }

    static func action(requestID: String = "req-attach", name: String = "attach_interface", failed: Bool = false) -> InstanceAction {
        let event = InstanceAction.Event(
            name: "compute_" + name, startTime: created, finishTime: created.addingTimeInterval(2),
            result: failed ? "Error" : "Success", details: failed ? "No free VF on physnet2" : nil, hostName: "compute0")
        return InstanceAction(
            action: name, instanceUUID: serverID, requestID: requestID, userID: "alice", projectID: "demo",
            startTime: created, updatedAt: created.addingTimeInterval(2), message: failed ? "Error" : nil,
            events: [event])
    }

    static let image = Image(id: imageID, name: "cirros-0.6.2", createdAt: created, minDiskGB: 1, minRAMMB: 64)

    static func pciListings() -> [PCIDeviceListing] {
        let pf = PCIDevice(address: PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 0), vendorID: "8086",
                           productID: "1572", type: .physicalFunction, status: .unavailable, numaNode: 0,
                           tags: ["physical_network": .string("physnet2")], parentIfname: nil)
        var vf = PCIDevice(address: PCIAddress(domain: 0, bus: 0x81, slot: 2, function: 1), vendorID: "8086",
                           productID: "154c", type: .virtualFunction, status: .allocated, numaNode: 0,
                           parentAddress: pf.address, tags: ["physical_network": .string("physnet2")],
                           parentIfname: "ens1f0")
        vf.instanceUUID = serverID
        vf.requestID = UUID(uuidString: "99999999-8888-4777-a666-555555555555")
        let free = PCIDevice(address: PCIAddress(domain: 0, bus: 0x81, slot: 2, function: 2), vendorID: "8086",
                             productID: "154c", type: .virtualFunction, numaNode: nil, parentAddress: pf.address)
        return [PCIDeviceListing(host: "compute0", device: free), PCIDeviceListing(host: "compute0", device: vf),
                PCIDeviceListing(host: "compute0", device: pf)]
    }
}
