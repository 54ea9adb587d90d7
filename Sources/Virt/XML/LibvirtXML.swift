import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Building, printing and parsing libvirt XML with Foundation's XML tree.
///
/// Two quirks of swift-corelibs-foundation shape this: an element that belongs to no
/// document loses its children when pretty-printed, and parsing an empty string crashes
/// while malformed text is "recovered" silently. So every element is printed from inside a
/// document, and every parse is guarded and checked for the expected root.
enum LibvirtXML {
    static func element(
        _ name: String, _ attributes: [(String, String)] = [], text: String? = nil,
        children: [XMLElement] = []
    ) -> XMLElement {
        let element = XMLElement(name: name)
        // Attributes are added one by one: `setAttributesWith(_:)` takes a dictionary and
        // would print them in an arbitrary order.
        for (key, value) in attributes {
            element.addAttribute(attribute(key, value))
        }
        if let text { element.stringValue = text }
        for child in children { element.addChild(child) }
        return element
    }

    static func attribute(_ name: String, _ value: String) -> XMLNode {
        let attribute = XMLNode(kind: .attribute)
        attribute.name = name
        attribute.stringValue = value
        return attribute
    }

    /// Indented text without an XML declaration, as `virsh dumpxml` prints it.
    static func string(of element: XMLElement) -> String {
        if element.parent != nil || element.rootDocument != nil {
            return element.xmlString(options: [.nodePrettyPrint, .nodeCompactEmptyElement])
        }
        let holder = XMLDocument(rootElement: element)
        return withExtendedLifetime(holder) {
            element.xmlString(options: [.nodePrettyPrint, .nodeCompactEmptyElement])
        }
    }

    /// Parses text whose root element must be `root`; `what` names the text in errors.
    static func parse(_ text: String, root: String, what: String) throws(HypervisorError) -> XMLDocument {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw .internalError("\(what) is empty, expected a <\(root)> document")
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(xmlString: text, options: [.nodeLoadExternalEntitiesNever])
        } catch {
            throw .internalError("\(what) is not well-formed XML: \(error)")
        }
        guard let element = document.rootElement(), element.name == root else {
            let found = document.rootElement()?.name.map { "<\($0)>" } ?? "no element"
            throw .internalError("\(what) has \(found) at its root, expected <\(root)>")
        }
        return document
    }
}
