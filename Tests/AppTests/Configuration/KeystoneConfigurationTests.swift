import TestSupport
import App
import Foundation
import Keystone
import Testing

/// `[auth]` and `[keystone]`: what is read, and every bad value stopping start-up naming its key.
struct KeystoneConfigurationTests {
    private let keystone = """
        [keystone]
        url = "http://127.0.0.1:5000/v3"
        username = "sriov-compute"
        password = "secret"
        project_name = "service"
        """

    @Test func keystoneStrategyIsRead() throws {
        let configuration = try ServiceConfiguration(toml: """
            [auth]
            strategy = "keystone"
            policy_file = "/etc/sriov/policy.yaml"
            \(keystone)
            user_domain_name = "Users"
            token_cache_time = "60s"
            refusal_cache_time = 2
            timeout = "5s"
            """)
        #expect(configuration.authStrategy == .keystone)
        #expect(configuration.policyFile == "/etc/sriov/policy.yaml")
        let settings = try #require(configuration.keystone)
        let client = try settings.configuration()
        #expect(client.root == "http://127.0.0.1:5000/v3")
        #expect(client.credentials == .password(.init(userName: "sriov-compute", password: "secret", userDomain: "Users",
                                                      projectName: "service", projectDomain: "Default")))
        #expect(client.cacheTime == .seconds(60) && client.refusalCacheTime == .seconds(2) && client.timeout == .seconds(5))
    }

    @Test func applicationCredentialIsRead() throws {
        let configuration = try ServiceConfiguration(toml: """
            [auth]
            strategy = "keystone"
            [keystone]
            url = "http://127.0.0.1:5000/v3/"
            application_credential_id = "abc"
            application_credential_secret = "s3cret"
            """)
        #expect(try configuration.keystone?.credentials() == .applicationCredential(id: "abc", secret: "s3cret"))
    }

    @Test(arguments: [
        ("[auth]\nstrategy = \"keystone\"", "keystone.url"),
        ("[auth]\nstrategy = \"ldap\"", "auth.strategy"),
        ("[keystone]\nusername = \"x\"", "keystone.url"),
        ("[keystone]\nurl = \"http://127.0.0.1:5000\"\nusername = \"x\"\npassword = \"y\"\nproject_name = \"z\"", "keystone.url"),
        ("[keystone]\nurl = \"ftp://k/v3\"", "keystone.url"),
        ("[keystone]\nurl = \"http://k/v3\"\nusername = \"x\"\npassword = \"y\"", "keystone.project_name"),
        ("[keystone]\nurl = \"http://k/v3\"\napplication_credential_id = \"x\"", "keystone.application_credential_secret"),
        ("[keystone]\nurl = \"http://k/v3\"\napplication_credential_id = \"x\"\napplication_credential_secret = \"y\"\nusername = \"u\"",
         "keystone.application_credential_id"),
        ("[keystone]\nurl = \"http://k/v3\"\nusername = \"\"\npassword = \"y\"\nproject_name = \"z\"", "keystone.username"),
        ("[keystone]\nurl = \"http://k/v3\"\ntoken_cache_time = \"forever\"\nusername = \"x\"\npassword = \"y\"\nproject_name = \"z\"",
         "keystone.token_cache_time"),
        ("[keystone]\nurl = \"http://k/v3\"\nregion = \"RegionOne\"", "keystone.region"),
        ("[auth]\npolicy_file = \"\"", "auth.policy_file"),
    ])
    func badValuesNameTheKey(text: String, key: String) {
        let error = #expect(throws: ConfigurationError.self) { try ServiceConfiguration(toml: text) }
        #expect(error?.key == key)
    }

    @Test func staticNeutronTokenAndKeystoneConflict() {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration(toml: """
                [network]
                backend = "neutron"
                url = "http://127.0.0.1:9696"
                token = "static"
                \(keystone)
                """)
        }
        #expect(error?.key == "network.token")
    }

    @Test func badPolicyFileStopsStartUpNamingTheRule() async throws {
        let directory = try TemporaryDirectory(prefix: "policy")
        defer { directory.remove() }
        let policy = directory.path + "/policy.yaml"
        try #"""
        "os_compute_api:os-attach-interfaces:delete": "role:admin or"
        """#.write(toFile: policy, atomically: true, encoding: .utf8)
        var configuration = ServiceConfiguration.embedded(dataDirectory: directory.path)
        configuration.policyFile = policy
        let error = await #expect(throws: ConfigurationError.self) { try await SRIOVService.start(configuration) }
        #expect(error?.key == "auth.policy_file")
        #expect(error?.problem.contains("os_compute_api:os-attach-interfaces:delete") == true)

        configuration.policyFile = directory.path + "/missing.yaml"
        let missing = await #expect(throws: ConfigurationError.self) { try await SRIOVService.start(configuration) }
        #expect(missing?.key == "auth.policy_file")
    }
}
