import ComputeModel
import Foundation
import Virt

extension ComputeManager {
    /// Nova's `get_console_output`: the guest's console; with `lines`, Nova's tail (the
    /// text split at line feeds, the last `lines` pieces joined again, so a final line feed
    /// counts as a line; 0 gives nothing); control characters but tab and line feed
    /// removed, as Nova's API removes them. A server without a domain is not ready; a console
    /// nobody keeps is not available.
    public func consoleOutput(of id: UUID, lines: Int?, context: RequestContext) async throws(ComputeError) -> String {
        _ = try await visibleServer(id, context: context)
        let output: String?
        do {
            output = try await hypervisor.consoleOutput(of: id)
        } catch .domainNotFound {
            throw .serverNotReady(id)
        } catch {
            throw .consoleUnreadable(id, cause: "\(error)")
        }
        guard var text = output else { throw .consoleNotAvailable }
        if let lines {
            text = lines == 0 ? "" : text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || $0.value >= 0x20 }))
    }
}
