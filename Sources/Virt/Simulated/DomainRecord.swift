import Foundation

/// What the simulator keeps in memory of every domain: all of `SimulatedDomain` but its
/// persistent and live XML, which stay in the domain's file until an operation needs
/// them. 4,096 domains held 21 MB of XML that nothing read until the first operation, and
/// decoding it was a fifth of a restart's CPU.
struct DomainRecord: Sendable, Equatable {
    var definition: DomainDefinition
    var state: DomainState
    var pendingUnplugs: Set<String>
    var unplugRequestedAt: [String: Date]?
    var boot: Int

    init(_ domain: SimulatedDomain) {
        definition = domain.definition
        state = domain.state
        pendingUnplugs = domain.pendingUnplugs
        unplugRequestedAt = domain.unplugRequestedAt
        boot = domain.boot
    }

    var name: String { definition.name }
    var uuid: UUID { definition.uuid }
}

extension DomainRecord: Decodable {
    private enum CodingKeys: String, CodingKey {
        case definition, state, pendingUnplugs, unplugRequestedAt, boot, persistentXML
    }

    /// Reads a domain file as `SimulatedDomain` writes it, without its XML: the decoder
    /// only checks that the persistent XML is there (a file without it is as broken as
    /// before), so its text is never copied out of the file.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.persistentXML) else {
            throw DecodingError.keyNotFound(
                CodingKeys.persistentXML, .init(codingPath: container.codingPath, debugDescription: "a domain file holds its persistent XML"))
        }
        definition = try container.decode(DomainDefinition.self, forKey: .definition)
        state = try container.decode(DomainState.self, forKey: .state)
        pendingUnplugs = try container.decode(Set<String>.self, forKey: .pendingUnplugs)
        unplugRequestedAt = try container.decodeIfPresent([String: Date].self, forKey: .unplugRequestedAt)
        boot = try container.decode(Int.self, forKey: .boot)
    }
}
