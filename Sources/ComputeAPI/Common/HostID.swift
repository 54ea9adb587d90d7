/// Nova's `hostId`: an opaque per-project name for a host, `sha224(project + host)`, so
/// that a tenant can tell whether two of its servers share a host without learning the
/// host's name or correlating hosts across projects. Empty when there is no host.
enum HostID {
    static func make(host: String, projectID: String) -> String {
        host.isEmpty ? "" : SHA224.hexDigest(projectID + host)
    }
}
