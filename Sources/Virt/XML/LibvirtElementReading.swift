import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What reading a device out of libvirt XML needs from an element, so that the same code
/// reads Foundation's editable tree (the simulator edits it) and the read-only
/// `ParsedElement` (every read that edits nothing: Foundation's parsed documents are never
/// freed on Linux, about 30 KB each).
protocol LibvirtElementReading {
    associatedtype Child: LibvirtElementReading
    var name: String? { get }
    func attributeValue(_ name: String) -> String?
    func firstChild(named name: String) -> Child?
}

extension XMLElement: LibvirtElementReading {}
