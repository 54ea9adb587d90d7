import Foundation
import Keystone
import TOMLKit

extension ServiceConfiguration {
    /// `[keystone]`: Keystone's v3 URL and the service's own credentials (a user's password
    /// scoped to a project, or an application credential), with the validation cache's
    /// times. Used by `[auth] strategy = "keystone"` and by the Neutron client.
    public struct KeystoneSettings: Sendable, Hashable {
        public var url = ""
        public var userName: String?
        public var password: String?
        public var userDomain = "Default"
        public var projectName: String?
        public var projectDomain = "Default"
        public var applicationCredentialID: String?
        public var applicationCredentialSecret: String?
        public var timeout: Duration = .seconds(10)
        public var tokenCacheTime: Duration = .seconds(300)
        public var refusalCacheTime: Duration = .seconds(10)

        public init() {}
    }

    static let keystoneKeys: Set<String> = [
        "url", "username", "password", "user_domain_name", "project_name", "project_domain_name",
        "application_credential_id", "application_credential_secret", "timeout", "token_cache_time", "refusal_cache_time",
    ]

    mutating func applyKeystone(_ reader: TOMLSectionReader) throws(ConfigurationError) {
        var settings = KeystoneSettings()
        guard let url = try reader.string("url") else {
            throw ConfigurationError(key: "keystone.url", "required: Keystone's identity v3 URL, e.g. http://127.0.0.1:5000/v3")
        }
        if let problem = KeystoneConfiguration.problem(withURL: url) { throw ConfigurationError(key: "keystone.url", problem) }
        settings.url = url
        settings.userName = try reader.line("username")
        settings.password = try reader.line("password")
        settings.projectName = try reader.line("project_name")
        settings.userDomain = try reader.line("user_domain_name") ?? settings.userDomain
        settings.projectDomain = try reader.line("project_domain_name") ?? settings.projectDomain
        settings.applicationCredentialID = try reader.line("application_credential_id")
        settings.applicationCredentialSecret = try reader.line("application_credential_secret")
        if let timeout = try reader.duration("timeout", allowZero: false) { settings.timeout = timeout }
        if let time = try reader.duration("token_cache_time", allowZero: true) { settings.tokenCacheTime = time }
        if let time = try reader.duration("refusal_cache_time", allowZero: true) { settings.refusalCacheTime = time }
        _ = try settings.credentials()
        keystone = settings
    }

    /// `[auth] strategy = "keystone"` needs `[keystone]`; a static `network.token` and the
    /// service's own Keystone token cannot both be what Neutron receives.
    func checkKeystone() throws(ConfigurationError) {
        if authStrategy == .keystone, keystone == nil {
            throw ConfigurationError(key: "keystone.url", "required with [auth] strategy = \"keystone\" (a [keystone] section with url and credentials)")
        }
        if keystone != nil, networkToken != nil {
            throw ConfigurationError(key: "network.token", "not with a [keystone] section: the service sends Neutron its own Keystone token")
        }
    }
}

extension ServiceConfiguration.KeystoneSettings {
    /// The credentials the keys describe: a password (username, password, project_name)
    /// or an application credential (id and secret), never both, never half of one.
    public func credentials() throws(ConfigurationError) -> KeystoneCredentials {
        let passwordKeys = [("username", userName), ("password", password), ("project_name", projectName)]
        let credentialKeys = [("application_credential_id", applicationCredentialID), ("application_credential_secret", applicationCredentialSecret)]
        let hasPassword = passwordKeys.contains { $0.1 != nil }
        let hasCredential = credentialKeys.contains { $0.1 != nil }
        if hasPassword, hasCredential {
            throw ConfigurationError(key: "keystone.application_credential_id", "either a password (username, password, project_name) or an application credential, not both")
        }
        if hasCredential {
            for (key, value) in credentialKeys where value == nil {
                throw ConfigurationError(key: "keystone.\(key)", "required with an application credential")
            }
            return .applicationCredential(id: applicationCredentialID ?? "", secret: applicationCredentialSecret ?? "")
        }
        for (key, value) in passwordKeys where value == nil {
            throw ConfigurationError(key: "keystone.\(key)", "required: the service's own credentials (username, password, project_name, or an application credential)")
        }
        return .password(.init(userName: userName ?? "", password: password ?? "", userDomain: userDomain,
                               projectName: projectName ?? "", projectDomain: projectDomain))
    }

    /// What the Keystone client needs.
    public func configuration() throws(ConfigurationError) -> KeystoneConfiguration {
        guard let url = URL(string: url) else { throw ConfigurationError(key: "keystone.url", "not a URL: '\(self.url)'") }
        return KeystoneConfiguration(url: url, credentials: try credentials(), timeout: timeout,
                                     cacheTime: tokenCacheTime, refusalCacheTime: refusalCacheTime)
    }
}

extension TOMLSectionReader {
    /// A non-empty string on one line (names, passwords, ids).
    func line(_ key: String) throws(ConfigurationError) -> String? {
        guard let text = try string(key) else { return nil }
        guard !text.isEmpty, !text.contains(where: \.isNewline) else {
            throw ConfigurationError(key: "\(section).\(key)", "must be a non-empty string on one line")
        }
        return text
    }
}
