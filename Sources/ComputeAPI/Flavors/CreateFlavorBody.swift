import ComputeModel
import Foundation
import JSONModel

/// `POST /flavors` (admin): Nova's schema (`schemas/flavors.py`) and the conversion
/// `compute/flavors.create` makes (numeric strings, generated ids, trimmed names).
enum CreateFlavorBody {
    static func schema(for version: Microversion) -> Schema {
        let positive = Schema([.type([.integer, .string]), .pattern("^[0-9]+$"), .minimum(1), .maximum(0x7FFF_FFFF)])
        let nonNegative = Schema([.type([.integer, .string]), .pattern("^[0-9]+$"), .minimum(0), .maximum(0x7FFF_FFFF)])
        var properties: [(name: String, schema: Schema)] = [
            (name: "name", schema: .name),
            (name: "id", schema: Schema([
                .type([.string, .number, .null]), .minLength(1), .maxLength(255),
                .pattern("^(?! )[a-zA-Z0-9. _-]+(?<! )$"),
            ])),
            (name: "ram", schema: positive),
            (name: "vcpus", schema: positive),
            (name: "disk", schema: nonNegative),
            (name: "OS-FLV-EXT-DATA:ephemeral", schema: nonNegative),
            (name: "swap", schema: nonNegative),
        ]
        // Gone from 2.102: refused by name, as any other unknown property.
        if !version.supports(.v2(102)) {
            properties.append((name: "rxtx_factor", schema: Schema([
                .type([.number, .string]), .pattern(#"^[0-9]+(\.[0-9]+)?$"#), .exclusiveMinimum(0),
                .maximum(3.40282e+38),
            ])))
        }
        properties.append((name: "os-flavor-access:is_public", schema: .boolean))
        if version.supports(.v2(55)) {
            properties.append((name: "description", schema: Schema([
                .type([.string, .null]), .minLength(0), .maxLength(65535),
            ])))
        }
        return .object([(name: "flavor", schema: .object(properties, required: ["name", "ram", "vcpus", "disk"]))],
                       required: ["flavor"])
    }

    static func flavor(from body: JSON, version: Microversion) -> Flavor {
        let fields = body["flavor"]?.objectValue ?? [:]
        func integer(_ key: String, _ fallback: Int) -> Int {
            guard let value = fields[key] else { return fallback }
            return value.intValue ?? value.stringValue.flatMap { Int($0) } ?? fallback
        }
        let rxtx: Double = switch fields["rxtx_factor"] {
        case .int(let number)?: Double(number)
        case .number(let number)?: number
        case .string(let text)?: Double(text) ?? 1.0
        default: 1.0
        }
        let isPublic = fields["os-flavor-access:is_public"].map { value in
            value.boolValue ?? value.stringValue.flatMap(OsloBool.parse) ?? true
        } ?? true
        return Flavor(
            id: flavorID(fields["id"]),
            name: (fields["name"]?.stringValue ?? "").trimmingWhitespace(),
            vcpus: integer("vcpus", 1), ramMB: integer("ram", 1), diskGB: integer("disk", 0),
            ephemeralGB: integer("OS-FLV-EXT-DATA:ephemeral", 0), swapMB: integer("swap", 0),
            rxtxFactor: rxtx, isPublic: isPublic,
            description: version.supports(.v2(55)) ? fields["description"]?.stringValue : nil)
    }

    /// The given id as Python's `str()` writes it, or a new UUID when none (or `""`) is given.
    private static func flavorID(_ value: JSON?) -> String {
        switch value {
        case .string(let text)? where !text.isEmpty: text
        case .int(let number)?: String(number)
        case .number(let number)? where number != 0: PythonRepr.float(number)
        default: UUID().lowercasedString
        }
    }
}
