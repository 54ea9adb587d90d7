import ComputeModel
import Foundation

/// `GET /v2/images`'s query: the filters Glance applies (`id`, `name`, `status`,
/// `visibility`, each a value or `in:a,b`), then Glance's default order (newest first,
/// then by id) and `limit`/`marker` pagination. Anything else is ignored, as Glance ignores
/// properties it does not index.
struct GlanceImageQuery: Sendable {
    let parameters: QueryParameters

    init(query: String?) {
        parameters = QueryParameters(query: query)
    }

    struct Page: Sendable {
        var images: [Image]
        /// Set when `limit` cut the list: the id the next page starts after.
        var nextMarker: String?
    }

    func page(of images: [Image]) -> Page {
        let matching = images.filter(matches).sorted { lhs, rhs in
            lhs.createdAt != rhs.createdAt ? lhs.createdAt > rhs.createdAt : lhs.id > rhs.id
        }
        var start = matching.startIndex
        // An unknown marker gives an empty page (Glance answers 400): a client that pages
        // on never loops.
        if let marker = parameters["marker"] {
            guard let index = matching.firstIndex(where: { $0.id == marker }) else { return Page(images: []) }
            start = matching.index(after: index)
        }
        let rest = Array(matching[start...])
        guard let limitText = parameters["limit"], let limit = Int(limitText), limit >= 0, limit < rest.count else {
            return Page(images: rest)
        }
        let cut = Array(rest.prefix(limit))
        return Page(images: cut, nextMarker: cut.last?.id)
    }

    private func matches(_ image: Image) -> Bool {
        accepts("id", image.id) && accepts("name", image.name) && accepts("status", image.status)
            && accepts("visibility", "public")
    }

    /// No filter, the value itself, or one of an `in:` list.
    private func accepts(_ name: String, _ value: String) -> Bool {
        guard let wanted = parameters[name] else { return true }
        if wanted.hasPrefix("in:") { return wanted.dropFirst(3).split(separator: ",").contains { $0 == value } }
        return wanted == value
    }

    /// The query of the `first` link: the request's filters and limit, without a marker.
    var firstLinkQuery: String { linkQuery(marker: nil) }

    func nextLinkQuery(marker: String) -> String { linkQuery(marker: marker) }

    private func linkQuery(marker: String?) -> String {
        var pairs = parameters.names.filter { $0 != "marker" }.compactMap { name in parameters[name].map { (name, $0) } }
        if let marker { pairs.append(("marker", marker)) }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:,"))) ?? text
    }
}
