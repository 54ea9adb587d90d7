import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parsed domain configs by their exact text, so that the simulator does not parse the
/// same XML on every call (parsing was a fifth of the CPU an attach and detach cost).
/// A tree leaves the cache when it is handed out, because the caller may edit it, and
/// comes back only as the tree of the text it was printed as.
struct ParsedXMLCache {
    /// Enough for the live and persistent configs of many domains; past it the cache starts
    /// again rather than tracking use.
    static let capacity = 512

    private var documents: [String: XMLDocument] = [:]

    mutating func take(_ text: String) -> XMLDocument? {
        documents.removeValue(forKey: text)
    }

    mutating func keep(_ document: XMLDocument, as text: String) {
        if documents.count >= Self.capacity { documents.removeAll(keepingCapacity: true) }
        documents[text] = document
    }
}
