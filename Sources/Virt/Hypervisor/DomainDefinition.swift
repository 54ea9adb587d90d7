import Foundation

/// What the service asks the hypervisor to define: the guest's identity and size.
/// Devices are not part of it; they are attached one by one, as Nova does.
public struct DomainDefinition: Sendable, Hashable, Codable {
    public var uuid: UUID
    /// e.g. "instance-<uuid prefix>" or the server name; unique among defined domains.
    public var name: String
    public var vcpus: Int
    public var memoryMB: Int
    /// Host NUMA nodes the guest memory is bound to, if pinned.
    public var numaCells: [Int]?
    /// The image the server boots, which a real hypervisor maps to what the guest boots.
    public var imageID: String?

    public init(uuid: UUID, name: String, vcpus: Int, memoryMB: Int, numaCells: [Int]? = nil, imageID: String? = nil) {
        self.uuid = uuid
        self.name = name
        self.vcpus = vcpus
        self.memoryMB = memoryMB
        self.numaCells = numaCells
        self.imageID = imageID
    }
}
