import JSONModel
import NetworkModel

/// `POST /v2.0/ports`, parsed. `binding:host_id` and `binding:profile` are admin-only;
/// with a host the port is bound at once, as Neutron does.
public struct PortCreate: Sendable, Hashable {
    public var networkID: String
    public var name: String
    public var projectID: String?
    /// `nil`: a generated `fa:16:3e:xx:xx:xx`.
    public var macAddress: String?
    /// `nil`: one address from the network's first IPv4 subnet with a free one; `[]`: none.
    public var fixedIPs: [FixedIPRequest]?
    public var adminStateUp: Bool
    public var deviceID: String
    public var deviceOwner: String
    public var vnicType: String
    public var bindingHostID: String?
    public var bindingProfile: [String: JSON]?
    public var numaAffinityPolicy: String?
    public var description: String

    public init(
        networkID: String, name: String = "", projectID: String? = nil, macAddress: String? = nil,
        fixedIPs: [FixedIPRequest]? = nil, adminStateUp: Bool = true, deviceID: String = "", deviceOwner: String = "",
        vnicType: String = "normal", bindingHostID: String? = nil, bindingProfile: [String: JSON]? = nil,
        numaAffinityPolicy: String? = nil, description: String = ""
    ) {
        self.networkID = networkID
        self.name = name
        self.projectID = projectID
        self.macAddress = macAddress
        self.fixedIPs = fixedIPs
        self.adminStateUp = adminStateUp
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.vnicType = vnicType
        self.bindingHostID = bindingHostID
        self.bindingProfile = bindingProfile
        self.numaAffinityPolicy = numaAffinityPolicy
        self.description = description
    }
}
