import Foundation

/// What the simulated hypervisor's domain file says, read as a new process would read it:
/// the tests that restart a host mid-operation wait on it, so that the old guest's state
/// is on disk before the new simulator reads the files.
public enum SimulatedDomainFile {
    /// Whether the domain's file in `directory` holds an unplug the guest has not finished.
    /// A request landing after a new simulator read the files would be one it never
    /// finishes, and the retry would wait out its timeout.
    public static func hasPendingUnplug(in directory: URL, server: UUID) -> Bool {
        let file = directory.appendingPathComponent(server.uuidString.lowercased() + ".json")
        guard let data = try? Data(contentsOf: file), let domain = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return false
        }
        return (domain["pendingUnplugs"] as? [Any])?.isEmpty == false
    }
}
