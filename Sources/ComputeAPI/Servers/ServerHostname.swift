import Foundation

/// Nova's `utils.sanitize_hostname`, for `OS-EXT-SRV-ATTR:hostname`: the display name cut
/// to 63 characters, spaces, dots and underscores turned into hyphens, anything else that is
/// not a word character dropped, lower-cased, and hyphens and dots trimmed from the ends.
enum ServerHostname {
    static func sanitize(_ name: String, id: UUID) -> String {
        // Characters outside Latin-1 are dropped before anything else, as Nova encodes to it.
        let latin1 = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value < 256 }))
        var text = String(latin1.prefix(63))
        text = String(text.map { $0 == " " || $0 == "_" || $0 == "." ? "-" : $0 })
        text = String(text.filter { $0 == "-" || $0.isLetter || $0.isNumber })
        text = text.lowercased()
        while let first = text.first, first == "-" || first == "." { text.removeFirst() }
        while let last = text.last, last == "-" || last == "." { text.removeLast() }
        return text.isEmpty ? String("Server-\(id.uuidString.lowercased())".prefix(63)) : text
    }
}
