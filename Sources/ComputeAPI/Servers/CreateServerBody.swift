import ComputeModel
import Foundation
import JSONModel

/// Turns a schema-valid `POST /servers` body into a `CreateServerRequest`, with the checks
/// Nova's controller makes after the schema (`_get_requested_networks`, counts).
enum CreateServerBody {
    static func request(from body: JSON, version: Microversion) throws(APIFault) -> CreateServerRequest {
        let server = body["server"]?.objectValue ?? [:]
        try checkCounts(server)
        return CreateServerRequest(
            name: server["name"]?.stringValue ?? "",
            flavorID: flavorID(server["flavorRef"]),
            imageID: try imageID(server["imageRef"], mappings: server["block_device_mapping_v2"]),
            networks: try networks(server["networks"]),
            metadata: (server["metadata"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
            schedulerHints: schedulerHints(body),
            forcedHost: try forcedHost(server["availability_zone"]?.stringValue))
    }

    /// The zone every host is in (Nova's `default_availability_zone`).
    static let availabilityZone = "nova"

    /// Nova's `_handle_availability_zone`: `ZONE`, `ZONE:HOST` or `ZONE:HOST:NODE` (a node
    /// is its host here). A zone other than `nova` is Nova's AvailabilityZoneNotFound (400).
    static func forcedHost(_ value: String?) throws(APIFault) -> String? {
        guard let value, !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts[0] == availabilityZone || parts[0].isEmpty && parts.count > 1 else {
            throw .badRequest("The requested availability zone is not available")
        }
        let host = parts.count > 1 && !parts[1].isEmpty ? parts[1] : parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
        return host
    }

    /// `os:scheduler_hints` (or the legacy `OS-SCH-HNT:scheduler_hints`) as Nova's request
    /// spec stores them: a list value as it is, any other value as a one-item list, each
    /// item as Python's `str()` writes it.
    static func schedulerHints(_ body: JSON) -> [String: [String]] {
        let hints = (body["os:scheduler_hints"] ?? body["OS-SCH-HNT:scheduler_hints"])?.objectValue ?? [:]
        var stored: [String: [String]] = [:]
        for (name, value) in hints {
            stored[name] = (value.arrayValue ?? [value]).map { PythonRepr.str($0) }
        }
        return stored
    }

    /// `flavorRef` may be an id, a number, or a link whose last path segment is the id.
    static func flavorID(_ value: JSON?) -> String {
        switch value {
        case .int(let number)?: return String(number)
        case .number(let number)?: return PythonRepr.float(number)
        case .string(let text)?:
            let path = URLComponents(string: text)?.path ?? text
            return path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? text
        default: return ""
        }
    }

    /// `imageRef`, or the image of the block device mappings (OSC names it in both, Nova
    /// clients may name it in the mappings only); `""` and absent are no image. UUIDs are
    /// normalised to lower case.
    static func imageID(_ value: JSON?, mappings: JSON?) throws(APIFault) -> String? {
        let reference = value?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let mapped = try BlockDeviceMappings.bootImage(mappings)
        guard let text = reference ?? mapped else { return nil }
        let image = UUID.fromUUIDLike(text)?.lowercasedString ?? text
        if let mapped, (UUID.fromUUIDLike(mapped)?.lowercasedString ?? mapped) != image {
            throw .badRequest("imageRef and block_device_mapping_v2 name different images.")
        }
        return image
    }

    /// Before 2.37 an absent list means "allocate a network for me", which is `auto`.
    static func networks(_ value: JSON?) throws(APIFault) -> CreateServerRequest.Networks {
        switch value {
        case nil: return .auto
        case .string("none")?: return .none
        case .string("auto")?: return .auto
        case .array(let items)?: return .list(try requestedNetworks(items))
        default: throw .badRequest("Bad networks format")
        }
    }

    private static func requestedNetworks(_ items: [JSON]) throws(APIFault) -> [CreateServerRequest.RequestedNetwork] {
        var ports = Set<String>()
        var result: [CreateServerRequest.RequestedNetwork] = []
        for item in items {
            let fixedIP = item["fixed_ip"]?.stringValue
            let tag = item["tag"]?.stringValue
            if let port = item["port"]?.stringValue, !port.isEmpty {
                guard ports.insert(port).inserted else {
                    throw .badRequest("Port ID '\(port)' was specified twice: you cannot attach a port multiple times.")
                }
                if let fixedIP {
                    throw .badRequest(
                        "Specified Fixed IP '\(fixedIP)' cannot be used with port '\(port)': the two cannot be specified together.")
                }
                result.append(.port(id: port, tag: tag))
            } else {
                guard let network = item["uuid"]?.stringValue else {
                    throw .badRequest("Bad network format: missing 'uuid'")
                }
                guard SchemaFormat.isUUIDLike(network) else {
                    throw .badRequest("Bad networks format: network uuid is not in proper format (\(network))")
                }
                result.append(.network(id: network, fixedIP: fixedIP, tag: tag))
            }
        }
        return result
    }

    /// Nova's `min_count <= max_count` rule; then this service's own limit of one server per
    /// request (multi-create would need reservation ids and name templating).
    private static func checkCounts(_ server: JSONObject) throws(APIFault) {
        // Python's `int()`, unbounded: a count of `1e30` is a huge number, never an `Int`
        // that traps or a missing value that defaults to 1.
        func count(_ key: String) -> Double? {
            switch server[key] {
            case .int(let number)?: Double(number)
            case .number(let number)?: number.rounded(.towardZero)
            case .string(let text)?: Double(text)
            default: nil
            }
        }
        let minimum = count("min_count") ?? 1
        let maximum = count("max_count") ?? minimum
        guard minimum <= maximum else { throw .badRequest("min_count must be <= max_count") }
        guard maximum == 1 else {
            throw .badRequest("This service creates one server per request: min_count and max_count must be 1.")
        }
    }
}
