import ComputeModel
import Foundation

/// A `ComputeService` call one host forwards to the host that runs the server: the typed
/// request, exactly as the receiving host's API validated it. The owner runs it on its
/// local manager (`run(on:context:)`), never forwards it again.
public enum PeerCall: Sendable, Hashable, Codable {
    /// Placement chose the callee: it boots here, or withdraws on a lost claim.
    case createPlaced(CreateServerRequest)
    case delete(server: UUID)
    case perform(ServerAction, server: UUID)
    case consoleOutput(server: UUID, lines: Int?)
    case attach(AttachInterfaceRequest, server: UUID)
    case detach(port: String, server: UUID)
    case portFit(port: String, server: UUID)
    /// Events of servers that all run on the callee, in the order they were sent.
    case externalEvents([ExternalEvent])

    /// For logs.
    public var name: String {
        switch self {
        case .createPlaced: "create"
        case .delete: "delete"
        case .perform(let action, _): action.actionName
        case .consoleOutput: "console output"
        case .attach: "attach"
        case .detach: "detach"
        case .portFit: "port fit"
        case .externalEvents: "external events"
        }
    }
}

/// What goes over the wire: the call and who asked (the caller's identity and request
/// id, which the owner's instance actions record).
public struct PeerRequest: Sendable, Hashable, Codable {
    public var call: PeerCall
    public var context: RequestContext

    public init(call: PeerCall, context: RequestContext) {
        self.call = call
        self.context = context
    }
}
