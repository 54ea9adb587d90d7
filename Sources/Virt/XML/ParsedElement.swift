/// An element of XML read for looking only: its name, attributes, child elements and text,
/// as plain values. Built by `ParsedElement.parse` with Foundation's streaming `XMLParser`,
/// which keeps nothing once it is done; a parsed `XMLDocument` is never freed on Linux
/// (swift-corelibs-foundation keeps every node alive), which cost 240 MB when start-up
/// read 4,096 domains.
struct ParsedElement: Sendable, Hashable {
    let tag: String
    /// Attribute values by name (their order in the text is not kept: XML gives it no meaning).
    var attributes: [String: String] = [:]
    var children: [ParsedElement] = []
    /// The text directly inside the element, when it has no child elements.
    var text = ""

    init(tag: String, attributes: [String: String]) {
        self.tag = tag
        self.attributes = attributes
    }

    /// The element as compact XML, attributes by name: the same element for libvirt (which
    /// matches devices by their fields, not by their text), not the same characters.
    var xml: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        out += "<" + tag
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            out += " " + name + "=\"" + Self.escaped(value, quotes: true) + "\""
        }
        guard !children.isEmpty || !text.isEmpty else {
            out += "/>"
            return
        }
        out += ">"
        if children.isEmpty { out += Self.escaped(text, quotes: false) }
        for child in children { child.write(to: &out) }
        out += "</" + tag + ">"
    }

    private static func escaped(_ text: String, quotes: Bool) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || (quotes && $0 == "\"") }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension ParsedElement: LibvirtElementReading {
    var name: String? { tag }

    func attributeValue(_ name: String) -> String? {
        attributes[name]
    }

    func firstChild(named name: String) -> ParsedElement? {
        children.first { $0.tag == name }
    }
}
