import Foundation

/// What Nova reads from Neutron to build a port's PCI request (§4.8, §5.1).
public struct PortPCIContext: Sendable, Hashable {
    public var portID: String
    public var vnicType: VNICType
    /// The network's physnet (`provider:physical_network`, or the first segment's).
    public var physicalNetwork: String?
    /// `provider:network_type`; tunnel types carry no physnet.
    public var networkType: String?
    /// `binding:profile.trusted`, if set.
    public var trusted: TagValue?
    /// The port's `numa_affinity_policy`.
    public var portNUMAPolicy: String?
    /// The flavor's `hw:pci_numa_affinity_policy`.
    public var flavorNUMAPolicy: String?

    public static let tunnelTypes: Set<String> = ["vxlan", "gre", "geneve"]

    public init(
        portID: String, vnicType: VNICType, physicalNetwork: String? = nil, networkType: String? = nil,
        trusted: TagValue? = nil, portNUMAPolicy: String? = nil, flavorNUMAPolicy: String? = nil
    ) {
        self.portID = portID
        self.vnicType = vnicType
        self.physicalNetwork = physicalNetwork
        self.networkType = networkType
        self.trusted = trusted
        self.portNUMAPolicy = portNUMAPolicy
        self.flavorNUMAPolicy = flavorNUMAPolicy
    }
}

extension PCIRequest {
    /// Nova's `create_resource_requests` for one port: `nil` when the vnic type needs no
    /// device; accelerator ports are refused.
    public static func forPort(_ port: PortPCIContext, requestID: UUID = UUID()) throws(PCIRequestError) -> PCIRequest? {
        if port.vnicType.isAccelerator { throw .acceleratorPort(vnicType: port.vnicType) }
        guard port.vnicType.needsPCIDevice else { return nil }

        let tunnelled = port.networkType.map { PortPCIContext.tunnelTypes.contains($0.lowercased()) } ?? false
        let physnet: TagValue = (tunnelled ? nil : port.physicalNetwork).map(TagValue.string) ?? .null
        var spec: [String: TagValue] = [
            "physical_network": physnet,
            // Always present, so remote-managed devices serve only remote-managed ports.
            "remote_managed": .string(port.vnicType == .remoteManaged ? "True" : "False"),
        ]
        if let type = port.vnicType.requestedDeviceType { spec["dev_type"] = .string(type.rawValue) }
        if let trusted = port.trusted {
            spec["trusted"] = .string(BooleanTag.parseLenient(trusted) ? "True" : "False")
        }

        // The port's own policy wins over the flavor's.
        var policy: NUMAAffinityPolicy?
        if let text = port.portNUMAPolicy {
            policy = try NUMAAffinityPolicy(parsing: text, field: "numa_affinity_policy")
        } else if let text = port.flavorNUMAPolicy {
            policy = try NUMAAffinityPolicy(parsing: text, field: "hw:pci_numa_affinity_policy")
        }
        return try PCIRequest(count: 1, spec: [spec], requestID: requestID, requesterID: port.portID, numaPolicy: policy)
    }
}
