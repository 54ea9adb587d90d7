/// One `fixed_ips` entry of a port.
public struct FixedIP: Sendable, Hashable {
    public var subnetID: String
    public var ipAddress: String

    public init(subnetID: String, ipAddress: String) {
        self.subnetID = subnetID
        self.ipAddress = ipAddress
    }
}
