import AsyncHTTPClient
import Foundation
import JSONModel
import NIOCore
import NIOHTTP1
import NetworkModel

extension NeutronNetworkService {
    /// Neutron's answers are small; anything larger is not an answer the service can use.
    static let maximumAnswerBytes = 16 << 20

    /// One call: the JSON of a 2xx answer (`nil` for an empty body), or the mapped error.
    /// The whole call, answer body included, must finish within the configured timeout.
    /// With a token source, a 401 renews the token and the call is sent once more.
    func send(
        _ method: HTTPMethod, _ path: String, body: JSON? = nil, about resource: NeutronErrorMapping.Resource, call: String
    ) async throws(NetworkError) -> JSON? {
        guard let tokenSource else {
            return try await send(method, path, body: body, token: configuration.token, renewable: false, about: resource, call: call)?.json
        }
        let token = try await tokenSource.token()
        if let answer = try await send(method, path, body: body, token: token, renewable: true, about: resource, call: call) {
            return answer.json
        }
        await tokenSource.refused(token)
        logger.info("Neutron refused the service's token on \(call); authenticating again")
        return try await send(method, path, body: body, token: try await tokenSource.token(), renewable: false, about: resource, call: call)?.json
    }

    /// What a 2xx answer carried.
    private struct Answer { var json: JSON? }

    /// `nil` when Neutron answered 401 and the token is `renewable`.
    private func send(
        _ method: HTTPMethod, _ path: String, body: JSON?, token: String?, renewable: Bool,
        about resource: NeutronErrorMapping.Resource, call: String
    ) async throws(NetworkError) -> Answer? {
        var request = HTTPClientRequest(url: configuration.root + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sriov-compute")
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.rendered))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(configuration.timeout))
        let status: Int
        let data: Data
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(request, deadline: deadline)
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maximumAnswerBytes)
            data = Data(buffer.readableBytesView)
        } catch {
            logCall(call, outcome: "failed", since: started)
            throw NeutronErrorMapping.transportError(
                error, call: call, endpoint: configuration.root, timeout: configuration.timeout)
        }
        logCall(call, outcome: String(status), since: started)
        if status == 401, renewable { return nil }
        let json = data.isEmpty ? nil : JSON.parse(data)
        guard (200..<300).contains(status) else {
            throw NeutronErrorMapping.error(status: status, body: json, resource: resource, call: call)
        }
        if !data.isEmpty, json == nil {
            throw .unavailable("Neutron's answer to \(call) is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return Answer(json: json)
    }

    /// `neutron call: <call> -> <status> in <µs> us`, one line a call, at debug level.
    private func logCall(_ call: String, outcome: String, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        logger.debug("neutron call: \(call) -> \(outcome) in \(Self.nanoseconds(elapsed) / 1000) us")
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
