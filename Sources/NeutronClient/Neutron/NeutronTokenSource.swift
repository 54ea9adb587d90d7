import NetworkModel

/// Where the Neutron client gets the token it sends as `X-Auth-Token` when Neutron is
/// behind Keystone: the service's own token, renewed before it expires. When Neutron
/// refuses a token (401), the client reports it here and asks again, once.
public protocol NeutronTokenSource: Sendable {
    /// A token to send; an error when none can be had (Keystone unreachable, the
    /// service's credentials refused), which fails the call as Neutron being unavailable.
    func token() async throws(NetworkError) -> String
    /// Neutron answered 401 to `token`: the next `token()` must be a new one.
    func refused(_ token: String) async
}
