import NetworkModel

/// One requested `fixed_ips` entry: a subnet (the first free address in it), an address
/// (in whichever subnet of the network holds it), or both. Also a `fixed_ips` list filter.
public struct FixedIPRequest: Sendable, Hashable {
    public var subnetID: String?
    public var ipAddress: String?

    public init(subnetID: String? = nil, ipAddress: String? = nil) {
        self.subnetID = subnetID
        self.ipAddress = ipAddress
    }

    func matches(_ fixedIP: FixedIP) -> Bool {
        (subnetID.map { $0 == fixedIP.subnetID } ?? true) && (ipAddress.map { $0 == fixedIP.ipAddress } ?? true)
    }
}
