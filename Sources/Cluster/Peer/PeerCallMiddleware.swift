import Compute
import ComputeModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Store

/// The callee's side: `POST /cluster/v1/call` from another host, answered before the API's
/// authentication (the call carries no user token; its signature is its authentication),
/// run on this host's own manager, never forwarded again. Everything else goes on to the
/// API.
public struct PeerCallMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let manager: ComputeManager
    let signature: CallSignature
    /// The largest call read (a create with its ports and metadata is a few kilobytes).
    static var bodyLimit: Int { 1 << 20 }

    public init(manager: ComputeManager, signature: CallSignature) {
        self.manager = manager
        self.signature = signature
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == PeerClient.path else { return try await next(request, context) }
        guard request.method == .post else { return Self.answer(405, "Only POST is served at \(PeerClient.path).") }
        let body = Array(buffer: try await request.body.collect(upTo: Self.bodyLimit))
        do {
            try signature.verify(method: "POST", path: PeerClient.path, body: body,
                                 timestamp: request.headers[HTTPField.Name(CallSignature.timestampHeader)!],
                                 signature: request.headers[HTTPField.Name(CallSignature.signatureHeader)!], now: Date())
        } catch {
            context.logger.warning("refused a call from another host: \(error)")
            return Self.answer(401, error.description)
        }
        let call: PeerRequest
        do {
            call = try JSONColumn.decode(PeerRequest.self, from: String(decoding: body, as: UTF8.self))
        } catch {
            return Self.answer(400, "The call could not be read: \(error)")
        }
        context.logger.info("\(call.call.name) call from another host (\(call.context.requestID))")
        let answer = await call.call.run(on: manager, context: call.context)
        do {
            return Self.answer(200, try JSONColumn.encode(answer), json: true)
        } catch {
            return Self.answer(500, "The answer could not be written: \(error)")
        }
    }

    static func answer(_ status: Int, _ text: String, json: Bool = false) -> Response {
        Response(status: .init(code: status),
                 headers: [.contentType: json ? "application/json" : "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
