import NetworkModel

/// `PUT /v2.0/networks/{id}`: only the attributes that are present change. Provider
/// attributes cannot be updated (the HTTP layer refuses them as ML2 does).
public struct NetworkUpdate: Sendable, Hashable {
    public var name: String?
    public var adminStateUp: Bool?
    public var shared: Bool?
    public var external: Bool?
    public var mtu: Int?
    public var description: String?

    public init(
        name: String? = nil, adminStateUp: Bool? = nil, shared: Bool? = nil, external: Bool? = nil, mtu: Int? = nil,
        description: String? = nil
    ) {
        self.name = name
        self.adminStateUp = adminStateUp
        self.shared = shared
        self.external = external
        self.mtu = mtu
        self.description = description
    }
}
