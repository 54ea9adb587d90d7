import Foundation

/// The `[keystone]` section: where Keystone's v3 API is, the service's own credentials,
/// and how long validation results are kept.
public struct KeystoneConfiguration: Sendable, Hashable {
    /// The identity v3 root, e.g. `http://127.0.0.1:5000/v3` (what clients use as auth URL).
    public var url: URL
    public var credentials: KeystoneCredentials
    /// How long one call to Keystone may take.
    public var timeout: Duration
    /// A valid token is trusted for this long at most (and never past its expiry), as
    /// keystonemiddleware's `token_cache_time`: a revoked token is refused at the latest
    /// this long after its revocation.
    public var cacheTime: Duration
    /// A token Keystone refused is refused without asking again for this long, so that
    /// garbage tokens cannot hammer Keystone.
    public var refusalCacheTime: Duration
    /// The service's own token is renewed this long before it expires.
    public var renewalMargin: Duration
    /// At most this many tokens are remembered (valid and refused together).
    public var cacheCapacity: Int

    public init(url: URL, credentials: KeystoneCredentials, timeout: Duration = .seconds(10),
                cacheTime: Duration = .seconds(300), refusalCacheTime: Duration = .seconds(10),
                renewalMargin: Duration = .seconds(120), cacheCapacity: Int = 10_000) {
        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.cacheTime = cacheTime
        self.refusalCacheTime = refusalCacheTime
        self.renewalMargin = renewalMargin
        self.cacheCapacity = cacheCapacity
    }

    /// The v3 root without a trailing `/`, so paths can be appended.
    public var root: String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Why `text` cannot be Keystone's v3 root, or `nil` when it can.
    public static func problem(withURL text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "expected an http:// or https:// URL such as http://127.0.0.1:5000/v3, got '\(text)'"
        }
        guard let host = url.host, !host.isEmpty else { return "the URL '\(text)' has no host" }
        if url.query != nil || url.fragment != nil { return "the URL '\(text)' must not have a query or fragment" }
        var path = url.path
        while path.hasSuffix("/") { path.removeLast() }
        guard path.hasSuffix("/v3") else { return "expected the identity v3 root (ending in /v3), got '\(text)'" }
        return nil
    }
}
