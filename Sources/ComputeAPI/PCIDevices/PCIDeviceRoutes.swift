import APICore
import ComputeModel
import Hummingbird
import PCI

/// `GET /v2.1/os-pci-devices` (admin only): every tracked device, in address order.
/// `POST /v2.1/os-pci-devices/{address}/action` `{"release": null}` (admin only): a
/// quarantined device freed once no guest and no port holds it (409 saying which holds it,
/// or which source could not be checked).
struct PCIDeviceRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-pci-devices") { request in
            try request.authorize("os_compute_api:os-pci-devices:index")
            let listings = try await service.pciDevices(context: request.computeContext)
                .sorted { ($0.host, $0.device.address) < ($1.host, $1.device.address) }
            return .json(["pci_devices": .array(listings.map(PCIDeviceView.view))])
        }
        routes.on(.post, "/v2.1/os-pci-devices/:address/action") { request in
            try request.authorize("os_compute_api:os-pci-devices:release")
            let text = request.parameter("address")
            guard let address = PCIAddress(text) else {
                throw APIFault.notFound("PCI device \(text) could not be found: not a PCI address (dddd:bb:ss.f).")
            }
            switch try PCIDeviceActionBody.action(from: try await request.body()) {
            case .release:
                let listing = try await service.releaseQuarantinedDevice(address, context: request.computeContext)
                return .json(["pci_device": PCIDeviceView.view(listing)])
            }
        }
    }
}
