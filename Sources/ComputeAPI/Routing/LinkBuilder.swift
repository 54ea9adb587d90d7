import JSONModel

/// Builds the absolute links of Nova's views from the address the client used, so that
/// the links it follows come back to this service (Nova: `request.application_url`).
struct LinkBuilder: Sendable, Hashable {
    /// `http://host:port`, without a trailing slash.
    let root: String

    init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// `scheme://authority`; the authority is the request's Host, or `fallbackHost` for a
    /// client that sent none (HTTP/1.0).
    init(scheme: String?, authority: String?, fallbackHost: String) {
        let host = authority.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackHost
        self.init(root: (scheme ?? "http") + "://" + host)
    }

    /// `…/v2.1/<collection>/<id>`.
    func selfLink(_ collection: String, _ id: String) -> String {
        root + "/v2.1/" + collection + "/" + id
    }

    /// `…/<collection>/<id>`: Nova's version-less bookmark.
    func bookmark(_ collection: String, _ id: String) -> String {
        root + "/" + collection + "/" + id
    }

    /// `[{"rel": "self", …}, {"rel": "bookmark", …}]`.
    func links(_ collection: String, _ id: String) -> JSON {
        [
            ["rel": "self", "href": .string(selfLink(collection, id))],
            ["rel": "bookmark", "href": .string(bookmark(collection, id))],
        ]
    }

    /// `[{"rel": "bookmark", …}]`: the one link of an embedded flavor or image.
    func bookmarkOnly(_ collection: String, _ id: String) -> JSON {
        [["rel": "bookmark", "href": .string(bookmark(collection, id))]]
    }

    /// The `next` link of a page: the collection URL with the query and the new marker.
    func next(_ collectionPath: String, query: QueryParameters, marker: String) -> JSON {
        var parameters = query.items.filter { $0.name != "marker" }.map { ($0.name, $0.value) }
        parameters.append(("marker", marker))
        // Nova sorts the parameters (an OrderedDict of the sorted params).
        parameters.sort { $0.0 < $1.0 }
        let encoded = parameters.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return [["rel": "next", "href": .string(root + "/v2.1/" + collectionPath + "?" + encoded)]]
    }

    private static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}
