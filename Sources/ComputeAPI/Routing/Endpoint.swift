import APICore
import ComputeModel
import Hummingbird

/// Runs a handler the way Nova's `wsgi.Resource` does: negotiate the microversion, turn
/// every error into a Nova fault, and stamp the response with the version and request-id
/// headers.
struct Endpoint: Sendable {
    /// The authority for links when a request has no Host header.
    let fallbackHost: String
    let policy: Policy

    typealias Handler = @Sendable (ComputeRequest) async throws -> Response

    /// `versioned: false` is for the root version document, which Nova keeps outside
    /// microversion control (no negotiation, no version headers).
    /// Rethrows only HTTP framing errors (a broken chunked body), which the server answers
    /// itself with 400 and a closed connection.
    func respond(
        to request: Request, context: APIRequestContext, versioned: Bool = true, _ handler: @escaping Handler
    ) async throws -> Response {
        var version = Microversion.minimum
        var headers: Microversion? = nil
        if versioned {
            switch Microversion.negotiate(headers: request.headers) {
            case .success(let negotiated):
                version = negotiated
                headers = negotiated
            case .failure(let error):
                // Nova keeps the out-of-range version it parsed and echoes it on the 406;
                // a malformed one never becomes a version, so the 400 has no version headers.
                if case .unsupported(let requested) = error { headers = requested }
                let fault = APIFault(status: error.httpStatus, message: error.message)
                return stamp(fault.response, version: headers, context: context)
            }
        }
        let links = LinkBuilder(scheme: request.head.scheme, authority: request.head.authority, fallbackHost: fallbackHost)
        let computeRequest = ComputeRequest(request: request, context: context, version: version, links: links, policy: policy)
        let response: Response
        do {
            if request.method == .get || request.method == .head {
                // A read whose client has gone stops at its next cancellation check.
                response = try await context.cancellingWhenClientLeaves { try await handler(computeRequest) }
            } else {
                // A change runs to its end whoever is listening: stopping it half-way
                // would leave the ledger, the network or the guest half-done.
                response = try await handler(computeRequest)
            }
        } catch where isHTTPFramingError(error) {
            throw error
        } catch where error is CancellationError || (error as? ComputeError) == .cancelled {
            context.logger.info("\(request.method) \(request.uri.path) stopped: the client closed its connection",
                                metadata: ["request_id": "\(context.requestID)"])
            response = APIFault.clientClosedRequest.response
        } catch {
            let fault = APIFault.from(error)
            if fault.status >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(fault.message)",
                                     metadata: ["request_id": "\(context.requestID)", "cause": "\(fault.logDetail ?? "none")"])
            }
            response = fault.response
        }
        return stamp(response, version: headers, context: context)
    }

    private func stamp(_ response: Response, version: Microversion?, context: APIRequestContext) -> Response {
        var response = response
        if let version {
            response.headers[.openStackAPIVersion] = "compute \(version)"
            response.headers[.xOpenStackNovaAPIVersion] = version.description
            response.headers[.vary] = "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
        }
        response.headers[.xComputeRequestID] = context.requestID
        return response
    }
}
