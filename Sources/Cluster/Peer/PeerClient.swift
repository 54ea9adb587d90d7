import AsyncHTTPClient
import ComputeModel
import Foundation
import NIOCore
import NIOPosix
import Store

/// Sends `PeerCall`s to other hosts over HTTP, signed (`CallSignature`), and reads their
/// typed answers. What a failure means for the call decides the error: a host that could
/// not be reached was never asked (nothing happened, as a down host); a call sent whose
/// answer is lost may have run, and says so.
public struct PeerClient: Sendable {
    /// The route every host serves the calls of the others on.
    public static let path = "/cluster/v1/call"
    /// How long a call may take: a create boots the server and attaches its ports.
    public static let callTimeout: TimeAmount = .seconds(120)
    /// The largest answer read (a server, a console log).
    static let answerLimit = 16 << 20
    /// How long a connection to another host may take to open.
    public static let connectTimeout: TimeAmount = .seconds(5)

    let signature: CallSignature

    /// The process's connections to other hosts, whose opening is not retried: a host that
    /// cannot be reached fails the call at once (AsyncHTTPClient's pool would retry until
    /// the call's deadline, holding every call to a host that is gone for two minutes).
    /// Like `HTTPClient.shared` it lives as long as the process and is never shut down.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(signature: CallSignature) {
        self.signature = signature
    }

    /// The owner's answer to `call`, or the error the receiving host answers with.
    func send(_ call: PeerCall, context: RequestContext, to host: ComputeHost, server: UUID?) async throws(ComputeError) -> PeerAnswer {
        guard let peerURL = host.peerURL, !peerURL.isEmpty else {
            throw .hostUnavailable(host: host.name, server: server, reason: "takes no calls from other hosts (it has no [cluster] peer_url)")
        }
        let body: [UInt8]
        let headers: [(String, String)]
        do {
            body = Array(try JSONColumn.encode(PeerRequest(call: call, context: context)).utf8)
            headers = try signature.headers(method: "POST", path: Self.path, body: body, at: Date())
        } catch let refusal as CallSignature.Refusal {
            throw .hostCallRefused(host: host.name, reason: "this host cannot sign its call: \(refusal)")
        } catch {
            throw .unexpected(cause: "encoding the \(call.name) call for \(host.name): \(error)")
        }
        var request = HTTPClientRequest(url: peerURL.trimmingSuffix("/") + Self.path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: UInt
        let answer: ByteBuffer
        do {
            let response = try await Self.client.execute(request, timeout: Self.callTimeout)
            status = response.status.code
            answer = try await response.body.collect(upTo: Self.answerLimit)
        } catch {
            if Self.wasNeverSent(error) {
                throw .hostUnavailable(host: host.name, server: server, reason: "could not be reached at \(peerURL) (\(error))")
            }
            throw .hostOutcomeUnknown(host: host.name, cause: "\(call.name) call to \(peerURL): \(error)")
        }
        let text = String(buffer: answer)
        guard status == 200 else {
            if status == 401 { throw .hostCallRefused(host: host.name, reason: text) }
            throw .hostOutcomeUnknown(host: host.name, cause: "\(call.name) call to \(peerURL) answered \(status): \(text.prefix(500))")
        }
        do {
            return try JSONColumn.decode(PeerAnswer.self, from: text)
        } catch {
            throw .hostOutcomeUnknown(host: host.name, cause: "\(call.name) call to \(peerURL): unreadable answer: \(error)")
        }
    }

    /// Whether the call failed before any byte of it could reach the host: no connection
    /// was made (refused, unreachable, or the connect timed out).
    static func wasNeverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        if error is NIOConnectionError { return true }
        if let error = error as? IOError {
            return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return false
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
