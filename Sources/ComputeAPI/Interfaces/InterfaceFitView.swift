import ComputeModel
import JSONModel

/// `{"interfaceFit": …}` for a port that would attach now: the device it would get.
enum InterfaceFitView {
    static func view(_ fit: PortFit) -> JSON {
        let device = fit.device
        return ["interfaceFit": [
            "server_id": .string(fit.serverID),
            "port_id": .string(fit.portID),
            "fits": true,
            "vnic_type": .optional(fit.vnicType),
            "pci_slot": .optional(device?.address.description),
            "dev_type": .optional(device?.type.rawValue),
            "numa_node": device?.numaNode.map(JSON.int) ?? .null,
            "parent_addr": .optional(device?.parentAddress?.description),
            "physical_network": .optional(device?.physicalNetwork),
        ]]
    }
}
