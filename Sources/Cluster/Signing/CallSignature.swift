import Crypto
import Foundation

/// How hosts authenticate their calls to each other: HMAC-SHA256 with the cloud's shared
/// `[cluster] secret` over the method, the path, a timestamp and the body. A call without
/// a valid signature, or whose timestamp is further than `maximumSkew` from the callee's
/// clock (a replay, or clocks too far apart), is refused; a host with no secret configured
/// neither signs nor accepts calls.
public struct CallSignature: Sendable {
    public static let timestampHeader = "X-Cluster-Timestamp"
    public static let signatureHeader = "X-Cluster-Signature"

    /// Why a call was refused (the callee answers 401 with this text).
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case noSecret
        case missingHeaders
        case staleTimestamp(skew: TimeInterval)
        case badSignature

        public var description: String {
            switch self {
            case .noSecret: "this host has no [cluster] secret configured, so it takes no calls from other hosts"
            case .missingHeaders: "the call is not signed (\(CallSignature.timestampHeader) and \(CallSignature.signatureHeader) are required)"
            case .staleTimestamp(let skew):
                "the call's timestamp is \(Int(skew.rounded())) s away from this host's clock (at most \(Int(CallSignature.maximumSkew)) s is accepted)"
            case .badSignature: "the call's signature does not match (a different [cluster] secret, or the call was altered)"
            }
        }
    }

    /// Calls older or newer than this are refused.
    public static let maximumSkew: TimeInterval = 30

    private let key: SymmetricKey?

    /// `secret`: `[cluster] secret`; nil or empty signs nothing and accepts nothing.
    public init(secret: String?) {
        key = secret.flatMap { $0.isEmpty ? nil : SymmetricKey(data: Data($0.utf8)) }
    }

    /// The headers that sign a call: the timestamp (Unix seconds) and the hex HMAC.
    public func headers(method: String, path: String, body: [UInt8], at date: Date) throws(Refusal) -> [(String, String)] {
        guard let key else { throw .noSecret }
        let timestamp = String(Int64(date.timeIntervalSince1970.rounded(.down)))
        let mac = HMAC<SHA256>.authenticationCode(for: Self.message(method: method, path: path, timestamp: timestamp, body: body), using: key)
        return [(Self.timestampHeader, timestamp), (Self.signatureHeader, Self.hex(Array(mac)))]
    }

    /// Checks a received call; throws why it is refused.
    public func verify(method: String, path: String, body: [UInt8], timestamp: String?, signature: String?, now: Date) throws(Refusal) {
        guard let key else { throw .noSecret }
        guard let timestamp, let signature, let seconds = Int64(timestamp), let mac = Self.bytes(hex: signature) else {
            throw .missingHeaders
        }
        let skew = abs(now.timeIntervalSince1970 - TimeInterval(seconds))
        guard skew <= Self.maximumSkew else { throw .staleTimestamp(skew: skew) }
        // Constant time: swift-crypto compares the codes without an early exit.
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(method: method, path: path, timestamp: timestamp, body: body),
                                                     using: key) else {
            throw .badSignature
        }
    }

    /// What is signed: the method, path and timestamp on a line each, then the body.
    static func message(method: String, path: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        Array("\(method.uppercased())\n\(path)\n\(timestamp)\n".utf8) + body
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
