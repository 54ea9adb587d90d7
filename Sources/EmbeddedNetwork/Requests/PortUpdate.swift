import JSONModel
import NetworkModel

/// `PUT /v2.0/ports/{id}`: only present attributes change. A change to the host, the
/// profile or the vnic type re-runs the binding, as ML2 does.
public struct PortUpdate: Sendable, Hashable {
    public var name: String?
    public var macAddress: String?
    /// Replaces the port's addresses: entries equal to a current one keep it.
    public var fixedIPs: [FixedIPRequest]?
    public var adminStateUp: Bool?
    public var deviceID: String?
    public var deviceOwner: String?
    public var vnicType: String?
    /// `""` (or JSON `null`) clears the host and unbinds.
    public var bindingHostID: String?
    /// Replaces the whole profile (JSON `null` is `[:]`).
    public var bindingProfile: [String: JSON]?
    /// `.some(nil)` clears the policy.
    public var numaAffinityPolicy: String??
    public var description: String?

    public init(
        name: String? = nil, macAddress: String? = nil, fixedIPs: [FixedIPRequest]? = nil, adminStateUp: Bool? = nil,
        deviceID: String? = nil, deviceOwner: String? = nil, vnicType: String? = nil, bindingHostID: String? = nil,
        bindingProfile: [String: JSON]? = nil, numaAffinityPolicy: String?? = nil, description: String? = nil
    ) {
        self.name = name
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

    var touchesBinding: Bool { bindingHostID != nil || bindingProfile != nil || vnicType != nil }
}
