import ComputeModel
import Foundation

/// The owner's answer to a `PeerCall`: the call's result, or its typed `ComputeError`,
/// which the receiving host's API answers as if it had run the call itself.
public enum PeerAnswer: Sendable, Hashable, Codable {
    case server(Server)
    case done
    case text(String)
    case interface(InterfaceAttachment)
    case portFit(PortFit)
    case dispositions([ExternalEvent.Disposition])
    case failed(ComputeError)
}
