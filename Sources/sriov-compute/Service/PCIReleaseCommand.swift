import App
import ArgumentParser
import ComputeModel
import Foundation
import PCI

/// `sriov-compute pci release ADDRESS`: ends a device's quarantine while the service is
/// stopped, as `POST /v2.1/os-pci-devices/{address}/action {"release": null}` does while it
/// runs: only once no guest and no port holds the device.
struct PCIReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Free a quarantined PCI device once no guest and no port holds it (the service must be stopped).")

    @OptionGroup var options: ConfigOption

    @Argument(help: "The device's PCI address, e.g. 0000:81:00.3.")
    var address: String

    func validate() throws {
        guard PCIAddress(address) != nil else { throw ValidationError("'\(address)' is not a PCI address (dddd:bb:ss.f)") }
    }

    func run() async throws {
        let configuration = try options.load()
        guard let device = PCIAddress(address) else { throw ValidationError("'\(address)' is not a PCI address (dddd:bb:ss.f)") }
        let tools = try await LedgerToolsCommand.open(configuration, tool: "sriov-compute pci release")
        let context = RequestContext(userID: "sriov-compute", projectID: "admin", isAdmin: true,
                                     requestID: "req-" + UUID().uuidString.lowercased())
        let result: Result<PCIDeviceListing, ComputeError>
        do {
            result = .success(try await tools.manager.releaseQuarantinedDevice(device, context: context))
        } catch {
            result = .failure(error)
        }
        try await tools.shutdown()
        switch result {
        case .success(let listing):
            print("released \(listing.device.address): \(listing.device.status.rawValue)")
        case .failure(let error):
            FileHandle.standardError.write(Data("sriov-compute pci release: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
