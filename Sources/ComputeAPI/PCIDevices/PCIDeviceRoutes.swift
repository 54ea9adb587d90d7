import APICore
import ComputeModel
import Hummingbird

/// `GET /v2.1/os-pci-devices` (admin only): every tracked device, in address order.
struct PCIDeviceRoutes {
    let service: any ComputeService

    func register(on routes: RouteTable) {
        routes.on(.get, "/v2.1/os-pci-devices") { request in
            try request.requireAdmin(rule: "os_compute_api:os-pci-devices:index")
            let listings = try await service.pciDevices(context: request.computeContext)
                .sorted { ($0.host, $0.device.address) < ($1.host, $1.device.address) }
            return .json(["pci_devices": .array(listings.map(PCIDeviceView.view))])
        }
    }
}
