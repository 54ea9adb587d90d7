import App
import ArgumentParser
import Foundation
import Logging
import PCI
import Store

/// `sriov-compute pci list`: the ledger as stored, without starting the service.
struct PCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pci", abstract: "The PCI ledger.", subcommands: [PCIListCommand.self, PCIReleaseCommand.self, PCIFitCommand.self])
}

struct PCIListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tracked PCI devices with their status and owner.")

    @OptionGroup var options: ConfigOption

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let configuration = try options.load()
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ValidationError("no database at \(configuration.databasePath): start the service once (sriov-compute serve) or pass --config")
        }
        let database = try await configuration.openStores(logger: Logger(label: "sriov-compute")).compute
        let host = configuration.hostName
        let devices = try await database.read { db in try PCIDeviceRecords.fetchAll(host: host, in: db) }
        await database.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(devices), as: UTF8.self))
        } else {
            print(InventoryTable(devices: devices, showOwners: true).rendered)
            let free = devices.filter { $0.status == .available }.count
            print("\(devices.count) devices on \(configuration.hostName), \(free) available")
            for device in devices where device.status == .quarantined {
                let since = device.quarantinedAt.map { " since \($0.formatted(.iso8601))" } ?? ""
                print("quarantined \(device.address)\(since): \(device.quarantineReason ?? "no reason recorded")")
            }
        }
    }
}
