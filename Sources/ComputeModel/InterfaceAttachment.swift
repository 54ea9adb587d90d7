/// One port attached to a server, as `os-interface` shows it.
public struct InterfaceAttachment: Sendable, Hashable, Codable {
    public struct FixedIP: Sendable, Hashable, Codable {
        public var ipAddress: String
        public var subnetID: String

        public init(ipAddress: String, subnetID: String) {
            self.ipAddress = ipAddress
            self.subnetID = subnetID
        }
    }

    public var portID: String
    public var netID: String
    public var macAddress: String
    /// The port's `status` (`DOWN`, `ACTIVE`, …).
    public var portState: String
    public var fixedIPs: [FixedIP]?
    /// The tag given at attach (2.49+), shown from 2.70.
    public var tag: String?

    public init(portID: String, netID: String, macAddress: String, portState: String, fixedIPs: [FixedIP]?, tag: String?) {
        self.portID = portID
        self.netID = netID
        self.macAddress = macAddress
        self.portState = portState
        self.fixedIPs = fixedIPs
        self.tag = tag
    }
}
