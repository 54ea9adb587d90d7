import Foundation
import Hummingbird

/// The request context every route of the service sees: the caller's identity (set by
/// `NoAuthMiddleware`) and the request id echoed in response headers.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity
    /// `req-<uuid>`.
    public var requestID: String
    /// Tells whether the client has gone; nil when the request came without a real
    /// connection (the router tests).
    public let departure: ClientDeparture?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        departure = ClientDeparture.of(source.channel)
        identity = Identity(userID: "admin", projectID: "admin", isAdmin: true)
        requestID = "req-" + UUID().uuidString.lowercased()
        // Every line the request logs names it as the client sees it (x-openstack-request-id).
        logger[metadataKey: "request_id"] = .string(requestID)
    }

    /// Hummingbird's own body limit, kept in step with ours.
    public var maxUploadSize: Int { RequestLimits.maximumBodyBytes }
}
