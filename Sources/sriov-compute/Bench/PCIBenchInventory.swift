import Foundation
import HostInventory
import JSONModel
import PCI

/// The host a PCI benchmark runs on: a fake sysfs tree written and scanned through the
/// real scanner and device_spec, laid out as `nova_pci_bench.py` lays out its devices
/// (Mellanox 15b3:101d PFs with 15b3:101e VFs, PFs spread over 2 NUMA nodes, physnet1).
struct PCIBenchInventory {
    static let physnet = "physnet1"

    let engine: PCIClaimEngine
    let record: JSONObject

    init(pfs: Int, vfsPerPF: Int, trackPFs: Bool, workDirectory: URL) throws {
        let root = workDirectory.appendingPathComponent("sysfs-\(pfs)x\(vfsPerPF)").path
        let layout = FakeHostLayout(pfCount: pfs, vfsPerPF: vfsPerPF, numaNodes: 2, sockets: 1)
        let writeStart = Stopwatch.nanoseconds()
        try FakeSysfsWriter(layout: layout).write(to: root)
        let scanStart = Stopwatch.nanoseconds()
        let host = try SysfsScanner(root: root).scan()
        var specs = [#"{"vendor_id": "15b3", "product_id": "101e", "physical_network": "\#(Self.physnet)"}"#]
        if trackPFs { specs.append(#"{"vendor_id": "15b3", "product_id": "101d", "physical_network": "\#(Self.physnet)"}"#) }
        let devices = try DeviceSpecList(jsonStrings: specs, host: host).trackedDevices(in: host)
        let engineStart = Stopwatch.nanoseconds()
        engine = PCIClaimEngine(hostName: "bench", hostNUMA: host.numaTopology, devices: devices)
        let done = Stopwatch.nanoseconds()
        try? FileManager.default.removeItem(atPath: root)

        let freeVFs = engine.allDevices.filter { $0.type == .virtualFunction && $0.status == .available }.count
        guard freeVFs == pfs * vfsPerPF else {
            throw ValidationFailure("expected \(pfs * vfsPerPF) free VFs after the scan, found \(freeVFs)")
        }
        record = [
            "tracked_devices": .int(devices.count),
            "pools": .int(engine.poolSummaries.count),
            "free_vfs": .int(freeVFs),
            "free_pfs": .int(engine.allDevices.filter { $0.type == .physicalFunction && $0.status == .available }.count),
            "fake_sysfs_write_s": .figure(Double(scanStart - writeStart) / 1e9),
            "scan_and_spec_s": .figure(Double(engineStart - scanStart) / 1e9),
            "engine_init_s": .figure(Double(done - engineStart) / 1e9),
        ]
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
