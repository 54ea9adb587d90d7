import Foundation
import NetworkModel

/// Where the Neutron API is and how to call it: the endpoint root (`http://host:9696`,
/// without `/v2.0`), an optional token sent as `X-Auth-Token` (none for a noauth
/// Neutron, whose callers without a project are admins), and how long one call may take.
public struct NeutronConfiguration: Sendable, Hashable {
    public var url: URL
    public var token: String?
    public var timeout: Duration

    public init(url: URL, token: String? = nil, timeout: Duration = .seconds(30)) {
        self.url = url
        self.token = token
        self.timeout = timeout
    }

    /// The root URL with any trailing `/` (or a `/v2.0` given by mistake) removed, so paths
    /// can be appended.
    public var root: String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/v2.0") { text.removeLast("/v2.0".count) }
        return text
    }

    /// Why `text` cannot be a Neutron endpoint root, or `nil` when it can.
    public static func problem(withURL text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "expected an http:// or https:// URL such as http://127.0.0.1:9696, got '\(text)'"
        }
        guard let host = url.host, !host.isEmpty else { return "the URL '\(text)' has no host" }
        if url.query != nil || url.fragment != nil { return "the URL '\(text)' must not have a query or fragment" }
        return nil
    }
}
