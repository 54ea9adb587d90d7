@testable import ComputeAPI
import Testing

/// Known answers from FIPS 180-4's examples and Python's hashlib.
enum SHA224Reference {
    static func hex(_ text: String) -> String { SHA224.hexDigest(text) }
}

@Suite("SHA-224 and hostId")
struct SHA224Tests {
    @Test("matches the standard's test vectors", arguments: [
        ("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"),
        ("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"),
    ])
    func vectors(input: String, digest: String) {
        #expect(SHA224.hexDigest(input) == digest)
    }

    @Test("hashes inputs longer than one block")
    func longInput() {
        #expect(SHA224.hexDigest(String(repeating: "a", count: 1000))
            == "4e8f0ce90b64661a2b5e84be6d93a7d9b76871062f1814433d04a03d")
    }

    @Test("hostId is sha224(project + host), empty without a host")
    func hostID() {
        #expect(HostID.make(host: "compute0", projectID: "demo") == SHA224.hexDigest("democompute0"))
        #expect(HostID.make(host: "", projectID: "demo") == "")
        #expect(HostID.make(host: "compute0", projectID: "a") != HostID.make(host: "compute0", projectID: "b"))
    }
}
