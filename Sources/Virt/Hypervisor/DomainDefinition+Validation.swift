extension DomainDefinition {
    /// The checks libvirt makes when parsing a definition, with messages that say which
    /// field is wrong.
    public func validate() throws(HypervisorError) {
        let subject = "domain definition \(uuid.uuidString.lowercased())"
        guard !name.isEmpty, !name.contains("/") else {
            throw .operationFailed("XML error: \(subject) has an invalid name '\(name)': it must be non-empty and contain no '/'")
        }
        guard vcpus >= 1 else {
            throw .operationFailed("XML error: \(subject) ('\(name)') has \(vcpus) vCPUs, at least 1 is needed")
        }
        guard memoryMB >= 1 else {
            throw .operationFailed("XML error: \(subject) ('\(name)') has \(memoryMB) MiB of memory, at least 1 is needed")
        }
        if let numaCells, let bad = numaCells.first(where: { $0 < 0 }) {
            throw .operationFailed("XML error: \(subject) ('\(name)') names host NUMA node \(bad), node numbers start at 0")
        }
    }
}
