import Compute
import ComputeModel
import Foundation

extension PeerCall {
    /// Runs the call on this host's own manager: the callee's side of a forward. Every
    /// failure comes back typed, for the caller to answer as its own.
    func run(on manager: ComputeManager, context: RequestContext) async -> PeerAnswer {
        do throws(ComputeError) {
            switch self {
            case .createPlaced(let request):
                return .server(try await manager.createServer(request, context: context, placed: true))
            case .delete(let server):
                try await manager.deleteServer(id: server, context: context)
                return .done
            case .perform(let action, let server):
                try await manager.perform(action, on: server, context: context)
                return .done
            case .consoleOutput(let server, let lines):
                return .text(try await manager.consoleOutput(of: server, lines: lines, context: context))
            case .attach(let request, let server):
                return .interface(try await manager.attachInterface(request, to: server, context: context))
            case .detach(let port, let server):
                try await manager.detachInterface(port, from: server, context: context)
                return .done
            case .portFit(let port, let server):
                return .portFit(try await manager.portFit(port, on: server, context: context))
            case .externalEvents(let events):
                return .dispositions(try await manager.deliverExternalEvents(events, context: context))
            }
        } catch {
            return .failed(error)
        }
    }
}
