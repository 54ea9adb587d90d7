import Cluster
import Foundation
import Testing

@Suite struct CallSignatureTests {
    let signer = CallSignature(secret: "s3cret")
    let body = Array(#"{"call":{}}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func signed(_ signer: CallSignature, path: String = "/cluster/v1/call", body: [UInt8]? = nil, at date: Date? = nil) throws -> (String, String) {
        let headers = try signer.headers(method: "POST", path: path, body: body ?? self.body, at: date ?? now)
        return (headers.first { $0.0 == CallSignature.timestampHeader }!.1, headers.first { $0.0 == CallSignature.signatureHeader }!.1)
    }

    @Test func aCallSignedWithTheSameSecretIsAccepted() throws {
        let (timestamp, signature) = try signed(signer)
        try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: timestamp, signature: signature, now: now.addingTimeInterval(5))
    }

    @Test func anotherSecretIsRefused() throws {
        let (timestamp, signature) = try signed(CallSignature(secret: "other"))
        #expect(throws: CallSignature.Refusal.badSignature) {
            try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: timestamp, signature: signature, now: now)
        }
    }

    @Test func anAlteredBodyOrPathIsRefused() throws {
        let (timestamp, signature) = try signed(signer)
        #expect(throws: CallSignature.Refusal.badSignature) {
            try signer.verify(method: "POST", path: "/cluster/v1/call", body: Array(#"{"call":{"x":1}}"#.utf8), timestamp: timestamp,
                              signature: signature, now: now)
        }
        #expect(throws: CallSignature.Refusal.badSignature) {
            try signer.verify(method: "POST", path: "/cluster/v1/other", body: body, timestamp: timestamp, signature: signature, now: now)
        }
        // The timestamp is signed too: moving it into the window breaks the signature.
        #expect(throws: CallSignature.Refusal.badSignature) {
            try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: String(Int(now.timeIntervalSince1970) + 1),
                              signature: signature, now: now)
        }
    }

    @Test func aStaleOrFutureTimestampIsRefused() throws {
        let (timestamp, signature) = try signed(signer)
        #expect(throws: CallSignature.Refusal.staleTimestamp(skew: 31)) {
            try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: timestamp, signature: signature,
                              now: now.addingTimeInterval(31))
        }
        #expect(throws: CallSignature.Refusal.staleTimestamp(skew: 31)) {
            try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: timestamp, signature: signature,
                              now: now.addingTimeInterval(-31))
        }
    }

    @Test func missingOrMalformedHeadersAreRefused() throws {
        let (timestamp, signature) = try signed(signer)
        let malformed: [(String?, String?)] = [(nil, signature), (timestamp, nil), ("soon", signature), (timestamp, "zz" + signature.dropFirst(2)),
                                                (timestamp, "abc")]
        for (stamp, mac) in malformed {
            #expect(throws: CallSignature.Refusal.missingHeaders) {
                try signer.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: stamp, signature: mac, now: now)
            }
        }
    }

    @Test func withoutASecretNothingIsSignedOrAccepted() throws {
        let (timestamp, signature) = try signed(signer)
        for unset in [CallSignature(secret: nil), CallSignature(secret: "")] {
            #expect(throws: CallSignature.Refusal.noSecret) { try unset.headers(method: "POST", path: "/p", body: [], at: now) }
            #expect(throws: CallSignature.Refusal.noSecret) {
                try unset.verify(method: "POST", path: "/cluster/v1/call", body: body, timestamp: timestamp, signature: signature, now: now)
            }
        }
    }
}
