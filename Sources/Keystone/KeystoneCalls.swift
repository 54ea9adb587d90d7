/// The calls to Keystone the token source and the validator make: `KeystoneClient` over
/// HTTP, or a scripted Keystone in tests.
public protocol KeystoneCalls: Sendable {
    func issueServiceToken() async throws(KeystoneError) -> (token: String, details: KeystoneToken)
    func validate(_ subject: String, serviceToken: String) async throws(KeystoneError) -> KeystoneClient.Validation
}

extension KeystoneClient: KeystoneCalls {}
