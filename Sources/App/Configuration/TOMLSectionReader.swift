import Foundation
import TOMLKit

/// Typed reads from one `[section]`, each failure naming `section.key`.
struct TOMLSectionReader {
    let section: String
    let table: TOMLTable

    private func value(_ key: String) -> TOMLValueConvertible? { table[key] }

    private func fail(_ key: String, _ problem: String) -> ConfigurationError {
        ConfigurationError(key: "\(section).\(key)", problem)
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.string else { throw fail(key, "expected a string, got \(value.type)") }
        return text
    }

    func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(key) else { return nil }
        if let text = value.string { return [text] }
        guard let array = value.array else { throw fail(key, "expected a list of strings, got \(value.type)") }
        var texts: [String] = []
        for item in array {
            guard let text = item.string else { throw fail(key, "every entry must be a string (a JSON object as text)") }
            texts.append(text)
        }
        return texts
    }

    func int(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int else { throw fail(key, "expected an integer, got \(value.type)") }
        guard range.contains(number) else { throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)") }
        return number
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.bool else { throw fail(key, "expected true or false, got \(value.type)") }
        return flag
    }

    /// Seconds as a number (`2.5`), or a string with a unit (`"30s"`, `"500ms"`, `"2m"`).
    func duration(_ key: String, allowZero: Bool) throws(ConfigurationError) -> Duration? {
        guard let value = value(key) else { return nil }
        let seconds: Double
        if let number = value.double ?? value.int.map(Double.init) {
            seconds = number
        } else if let text = value.string {
            guard let parsed = Self.seconds(in: text) else {
                throw fail(key, "expected seconds as a number or a duration such as \"30s\", \"500ms\" or \"2m\", got '\(text)'")
            }
            seconds = parsed
        } else {
            throw fail(key, "expected seconds as a number or a duration string such as \"30s\", got \(value.type)")
        }
        guard seconds.isFinite, seconds >= 0, allowZero || seconds > 0, seconds <= 3600 else {
            throw fail(key, "must be \(allowZero ? "0" : "more than 0") to 3600 seconds, got \(seconds)")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// `"<number><unit>"` with unit `ms`, `s` or `m`; `nil` for anything else.
    static func seconds(in text: String) -> Double? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number) else { return nil }
            return value * unit.seconds
        }
        return nil
    }

    func enumeration<E: RawRepresentable>(_ key: String, _ type: E.Type) throws(ConfigurationError) -> E? where E.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let parsed = E(rawValue: text) else { throw fail(key, "unknown value '\(text)'") }
        return parsed
    }

    /// `host:port`.
    func listenAddress(_ key: String, example: String) throws(ConfigurationError) -> ServiceConfiguration.ListenAddress? {
        guard let listen = try string(key) else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port) else {
            throw fail(key, "expected host:port, e.g. \(example), got '\(listen)'")
        }
        return .init(host: String(listen[..<colon]), port: port)
    }

    /// `"NODESxPFSxVFS"`, e.g. `"2x2x8"` (2 NUMA nodes, 2 PFs each, 8 VFs per PF).
    func fakeHost(_ key: String) throws(ConfigurationError) -> ServiceConfiguration.FakeHost? {
        guard let text = try string(key) else { return nil }
        let parts = text.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 3, (1...8).contains(parts[0]), (1...64).contains(parts[1]), (1...256).contains(parts[2]) else {
            throw fail(key, "expected NODESxPFSxVFS such as 2x2x8 (nodes 1–8, PFs per node 1–64, VFs per PF 1–256), got '\(text)'")
        }
        return .init(numaNodes: parts[0], pfCount: parts[0] * parts[1], vfsPerPF: parts[2])
    }
}
