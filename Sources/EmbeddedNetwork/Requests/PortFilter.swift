import NetworkModel

/// Query filters for listing ports (`openstack port list --server` filters by device_id).
public struct PortFilter: Sendable, Hashable {
    public var ids: [String]?
    public var names: [String]?
    public var networkIDs: [String]?
    public var projectIDs: [String]?
    public var deviceIDs: [String]?
    public var deviceOwners: [String]?
    public var macAddresses: [String]?
    public var statuses: [String]?
    public var hostIDs: [String]?
    public var vnicTypes: [String]?
    /// Neutron's `fixed_ips=ip_address=…` / `fixed_ips=subnet_id=…`: a port matches when
    /// one of its addresses matches any entry.
    public var fixedIPs: [FixedIPRequest]?

    public init(
        ids: [String]? = nil, names: [String]? = nil, networkIDs: [String]? = nil, projectIDs: [String]? = nil,
        deviceIDs: [String]? = nil, deviceOwners: [String]? = nil, macAddresses: [String]? = nil,
        statuses: [String]? = nil, hostIDs: [String]? = nil, vnicTypes: [String]? = nil,
        fixedIPs: [FixedIPRequest]? = nil
    ) {
        self.ids = ids
        self.names = names
        self.networkIDs = networkIDs
        self.projectIDs = projectIDs
        self.deviceIDs = deviceIDs
        self.deviceOwners = deviceOwners
        self.macAddresses = macAddresses
        self.statuses = statuses
        self.hostIDs = hostIDs
        self.vnicTypes = vnicTypes
        self.fixedIPs = fixedIPs
    }

    func matches(_ port: Port) -> Bool {
        guard ids.accepts(port.id), names.accepts(port.name), networkIDs.accepts(port.networkID),
            projectIDs.accepts(port.projectID), deviceIDs.accepts(port.deviceID),
            deviceOwners.accepts(port.deviceOwner), statuses.accepts(port.status),
            hostIDs.accepts(port.bindingHostID), vnicTypes.accepts(port.vnicType)
        else { return false }
        if let macAddresses, !macAddresses.contains(where: { $0.lowercased() == port.macAddress }) { return false }
        if let fixedIPs, !port.fixedIPs.contains(where: { ip in fixedIPs.contains { $0.matches(ip) } }) {
            return false
        }
        return true
    }
}
