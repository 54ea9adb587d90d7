import Foundation
import JSONModel
import PCI

/// A Neutron port with the binding extension's attributes, as the admin sees it.
public struct Port: Sendable, Hashable {
    public var id: String
    public var name: String
    public var networkID: String
    public var projectID: String
    public var macAddress: String
    public var fixedIPs: [FixedIP]
    /// `DOWN`, `ACTIVE`, `BUILD` or `ERROR` (see `PortStatus`).
    public var status: String
    public var adminStateUp: Bool
    public var deviceID: String
    public var deviceOwner: String
    /// `binding:host_id`; empty when unbound.
    public var bindingHostID: String
    /// The raw `binding:vnic_type`.
    public var vnicType: String
    public var bindingProfile: [String: JSON]
    /// `binding:vif_type` (see `VIFType`).
    public var vifType: String
    public var vifDetails: [String: JSON]
    public var numaAffinityPolicy: String?
    /// Neutron's `resource_request` (QoS minimum bandwidth or packet rate); empty when none.
    public var resourceRequest: [String: JSON]
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date
    public var revisionNumber: Int

    public init(
        id: String, name: String = "", networkID: String, projectID: String, macAddress: String,
        fixedIPs: [FixedIP] = [], status: String = PortStatus.down, adminStateUp: Bool = true, deviceID: String = "",
        deviceOwner: String = "", bindingHostID: String = "", vnicType: String = VNICType.normal.rawValue,
        bindingProfile: [String: JSON] = [:], vifType: String = VIFType.unbound, vifDetails: [String: JSON] = [:],
        numaAffinityPolicy: String? = nil, resourceRequest: [String: JSON] = [:], description: String = "", createdAt: Date = Date(timeIntervalSince1970: 0),
        updatedAt: Date = Date(timeIntervalSince1970: 0), revisionNumber: Int = 0
    ) {
        self.id = id
        self.name = name
        self.networkID = networkID
        self.projectID = projectID
        self.macAddress = macAddress
        self.fixedIPs = fixedIPs
        self.status = status
        self.adminStateUp = adminStateUp
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.bindingHostID = bindingHostID
        self.vnicType = vnicType
        self.bindingProfile = bindingProfile
        self.vifType = vifType
        self.vifDetails = vifDetails
        self.numaAffinityPolicy = numaAffinityPolicy
        self.resourceRequest = resourceRequest
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revisionNumber = revisionNumber
    }

    /// The vnic type as the PCI module knows it; `nil` only for a value stored by a
    /// backend that knows more types than we do.
    public var vnic: VNICType? { VNICType(rawValue: vnicType) }

    /// Nova's PortBindingFailed check (§5.3 step 2).
    public var bindingFailed: Bool { vifType == VIFType.bindingFailed }

    /// Nova's PortInUse check (§5.3 step 2).
    public var inUse: Bool { !deviceID.isEmpty }

    /// `binding:profile.trusted`, which becomes the PCI request's `trusted` tag (§4.8).
    public var trusted: JSON? { bindingProfile["trusted"] }
}
