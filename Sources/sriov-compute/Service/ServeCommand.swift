import App
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `sriov-compute serve`: the service, on the embedded defaults or a TOML configuration.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the compute service (Compute API v2.1 and the embedded Networking API v2.0)."
    )

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let configuration = try options.load()
        var logger = Logger(label: "sriov-compute")
        logger.logLevel = .info
        let service: SRIOVService
        do {
            service = try await SRIOVService.start(configuration, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        for warning in service.scanWarnings { logger.warning("\(warning)") }
        let devices = await service.manager.tracker.devices
        print("sriov-compute: host \(configuration.hostName), \(devices.count) tracked PCI devices, database \(configuration.databasePath)")
        let report = service.recovery
        if report != .init() { print("start-up recovery: \(report)") }
        print("listening on http://\(configuration.listenHost):\(configuration.listenPort)")
        print("\n# clouds.yaml for the openstack CLI (export OS_CLOUD=sriov):\n" + service.cloudsYAML())
        try await service.application().runService()
    }
}
