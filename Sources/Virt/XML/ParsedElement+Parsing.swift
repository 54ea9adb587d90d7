import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension ParsedElement {
    /// Parses text whose root element must be `root`, with the errors of
    /// `LibvirtXML.parse`; `what` names the text in them.
    static func parse(_ text: String, root: String, what: String) throws(HypervisorError) -> ParsedElement {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw .internalError("\(what) is empty, expected a <\(root)> document")
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        guard builder.startedRoot else {
            throw .internalError("\(what) has no element at its root, expected <\(root)>")
        }
        guard parsed, let element = builder.root else {
            throw .internalError("\(what) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "it ends inside an element")")
        }
        guard element.tag == root else {
            throw .internalError("\(what) has <\(element.tag)> at its root, expected <\(root)>")
        }
        return element
    }

    /// Collects the parser's events into elements: the open ones on a stack, each added to
    /// its parent when it closes.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var open: [ParsedElement] = []
        var root: ParsedElement?
        var startedRoot = false

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            startedRoot = true
            open.append(ParsedElement(tag: qualifiedName ?? elementName, attributes: attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !open.isEmpty else { return }
            open[open.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard var element = open.popLast() else { return }
            // Indentation between child elements is not text.
            if !element.children.isEmpty || element.text.allSatisfy(\.isWhitespace) { element.text = "" }
            if open.isEmpty {
                root = element
            } else {
                open[open.count - 1].children.append(element)
            }
        }
    }
}
