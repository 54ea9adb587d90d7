import ArgumentParser
import Foundation
import HostInventory
import PCI

/// `sriov-compute demo`: a fake host in a temporary folder, walked through claims, a
/// refusal that explains itself, and frees, printing the ledger as it goes.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk a fake SR-IOV host through claims, a refused claim and frees, printing each step."
    )

    func run() throws {
        let work = URL(fileURLWithPath: ScratchFolder.fastest()).appendingPathComponent("sriov-demo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: work) }
        let root = work.appendingPathComponent("sys").path
        let layout = FakeHostLayout(pfCount: 2, vfsPerPF: 4, numaNodes: 2, sockets: 1)
        try FakeSysfsWriter(layout: layout).write(to: root)
        let host = try SysfsScanner(root: root).scan()
        let specs = [
            #"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "physnet1"}"#,
            #"{"vendor_id": "15b3", "product_id": "101d", "physical_network": "physnet1"}"#,
        ]
        var engine = PCIClaimEngine(
            hostName: "demo-host", hostNUMA: host.numaTopology,
            devices: try DeviceSpecList(jsonStrings: specs, host: host).trackedDevices(in: host))

        step("A fake host: 2 PFs × 4 VFs on NUMA nodes 0 and 1, device_spec tracks PFs and VFs on physnet1")
        print(InventoryTable(devices: engine.allDevices).rendered)

        let web = UUID(), db = UUID(), pinned = UUID()
        try attach("server web gets a direct port (VF; highest address of the first pool first)",
                   .direct, to: web, &engine)
        try attach("server db gets a direct-physical port (a whole PF: the PF whose VFs are all free)",
                   .directPhysical, to: db, &engine)
        try attach("server pinned (NUMA node 0, policy required) gets a direct port",
                   .direct, to: pinned, numa: [0], policy: .required, &engine)
        try attach("server pinned asks for a second VF on node 1 only (policy required): refused",
                   .direct, to: pinned, numa: [1], policy: .required, &engine)

        step("server db is deleted: its PF and the PF's VFs go back to the pools")
        print("freed:", engine.freeAll(ownedBy: db).map(\.description).joined(separator: ", "))
        try attach("server pinned asks again for a VF on node 1 (policy required)",
                   .direct, to: pinned, numa: [1], policy: .required, &engine)

        step("The ledger now")
        print(InventoryTable(devices: engine.allDevices).rendered)
        for (owner, name) in [(web, "web"), (pinned, "pinned")] {
            print("\(name): " + engine.devices(ownedBy: owner).map { "\($0.address) (\($0.status.rawValue))" }.joined(separator: ", "))
        }
    }

    private func attach(
        _ title: String, _ vnic: VNICType, to server: UUID, numa cells: [Int]? = nil,
        policy: NUMAAffinityPolicy? = nil, _ engine: inout PCIClaimEngine
    ) throws {
        step(title)
        let port = PortPCIContext(portID: "port-\(vnic.rawValue)", vnicType: vnic, physicalNetwork: "physnet1",
                                  networkType: "vlan", portNUMAPolicy: policy?.rawValue)
        guard let request = try PCIRequest.forPort(port) else { return }
        let addresses: [PCIAddress]
        do {
            addresses = try engine.claim(request, for: server, numa: cells.map(InstanceNUMATopology.init(cells:)))
        } catch {
            print(error.message(context: "during interface attach"))
            return
        }
        try engine.allocate(instance: server)
        for address in addresses {
            let device = engine.device(at: address)!
            print("claimed and allocated \(address) (\(device.type.rawValue), NUMA node \(device.numaNode.map(String.init) ?? "-"))")
        }
    }

    private func step(_ title: String) {
        print("\n== " + title)
    }
}
