import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension XMLElement {
    func attributeValue(_ name: String) -> String? {
        attribute(forName: name)?.stringValue
    }

    func firstChild(named name: String) -> XMLElement? {
        elements(forName: name).first
    }

    var childElements: [XMLElement] {
        (children ?? []).compactMap { $0 as? XMLElement }
    }
}
