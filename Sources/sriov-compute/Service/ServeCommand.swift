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
        var banner = "sriov-compute: host \(configuration.hostName), \(devices.count) tracked PCI devices, database \(configuration.databasePath)\n"
        let report = service.recovery
        if report != .init() { banner += "start-up recovery: \(report)\n" }
        banner += "listening on http://\(configuration.listenHost):\(configuration.listenPort)\n"
        banner += "\n# clouds.yaml for the openstack CLI (export OS_CLOUD=sriov):\n" + service.cloudsYAML() + "\n\n"
        // Written unbuffered: the service runs until killed, and a redirected stdout would
        // otherwise hold the clouds.yaml back.
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await service.application().runService()
    }
}
