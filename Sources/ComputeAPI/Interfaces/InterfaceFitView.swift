import ComputeModel
import JSONModel

/// `{"interfaceFit": …}`: whether the port would attach now; the device it would get, or
/// the answer the attach would give (`refusal`: its status and Nova's message).
enum InterfaceFitView {
    static func view(_ fit: PortFit) -> JSON {
        let device = fit.device
        var refusal = JSON.null
        if let error = fit.refusal {
            let fault = APIFault.from(error)
            refusal = ["code": .int(fault.status), "message": .string(fault.message)]
        }
        return ["interfaceFit": [
            "server_id": .string(fit.serverID),
            "port_id": .string(fit.portID),
            "fits": .bool(fit.fits),
            "vnic_type": .optional(fit.vnicType),
            "pci_slot": .optional(device?.address.description),
            "dev_type": .optional(device?.type.rawValue),
            "numa_node": device?.numaNode.map(JSON.int) ?? .null,
            "parent_addr": .optional(device?.parentAddress?.description),
            "physical_network": .optional(device?.physicalNetwork),
            "refusal": refusal,
        ]]
    }
}
