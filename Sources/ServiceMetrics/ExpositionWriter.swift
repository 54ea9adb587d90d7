/// Writes metric families in the Prometheus text format (version 0.0.4) for what is read
/// at scrape time rather than counted in the registry.
struct ExpositionWriter {
    enum Kind: String { case gauge, counter }

    var buffer: [UInt8]

    mutating func family(_ name: String, _ kind: Kind, help: String) {
        append("# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n")
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        append(name)
        if !labels.isEmpty {
            append("{")
            for (index, (key, value)) in labels.enumerated() {
                if index > 0 { append(",") }
                append(key)
                append("=\"")
                append(Self.escaped(value))
                append("\"")
            }
            append("}")
        }
        append(" \(value)\n")
    }

    private mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// Label values escape `\`, `"` and line feeds, as the text format requires.
    static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            return value
        }
        var text = ""
        for character in value {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.append(character)
            }
        }
        return text
    }
}
