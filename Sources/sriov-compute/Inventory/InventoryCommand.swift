import ArgumentParser
import Foundation
import HostInventory
import PCI

/// `sriov-compute inventory`: what the scanner finds under a sysfs root and, with
/// device_spec entries, which devices the tracker would follow with which tags.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Scan a sysfs tree and list its PCI devices (tracked ones only, with --device-spec)."
    )

    @Option(help: "The sysfs root to scan.")
    var sysfsRoot = HostInventory.defaultRoot

    @Option(help: "A [pci] device_spec entry (JSON dict or list); repeat for several.")
    var deviceSpec: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let result: ScanResult
        do {
            result = try SysfsScanner(root: sysfsRoot).scanWithWarnings()
        } catch {
            throw ValidationError("--sysfs-root: \(error.description)")
        }
        for warning in result.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let host = result.snapshot
        let devices: [PCIDevice]
        if deviceSpec.isEmpty {
            devices = host.devices.map { PCIDevice(discovered: $0, tags: [:]) }
        } else {
            do {
                devices = try DeviceSpecList(jsonStrings: deviceSpec, host: host).trackedDevices(in: host)
            } catch {
                throw ValidationError("--device-spec: \(error.description)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(InventoryListing(numa: host.numaTopology, devices: devices, scanned: host.devices)), as: UTF8.self))
        } else {
            print(InventoryTable(devices: devices).rendered)
            let nodes = host.numaTopology.nodes.map { "node \($0.id)" + ($0.socket.map { " (socket \($0))" } ?? "") }
            print("\(devices.count) devices; NUMA: " + (nodes.isEmpty ? "none" : nodes.joined(separator: ", ")))
        }
    }
}

/// `--json`: the devices (tracked ones only, with --device-spec) and, under `scanned`,
/// every device as the scanner found it, with what only the host knows (IOMMU group, PCI
/// class, VF counts).
struct InventoryListing: Encodable {
    let numa: HostNUMATopology
    let devices: [PCIDevice]
    let scanned: [DiscoveredDevice]
}
