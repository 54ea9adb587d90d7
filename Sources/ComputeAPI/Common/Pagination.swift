/// Nova's `limit`/`marker` paging (`common.get_limit_and_marker`) over an already
/// filtered and sorted list, with its error texts.
struct Pagination: Sendable {
    /// `CONF.api.max_limit`.
    static let maxLimit = 1000

    let limit: Int
    let marker: String?

    init(query: QueryParameters) throws(APIFault) {
        marker = query["marker"]
        guard let text = query["limit"] else {
            limit = Self.maxLimit
            return
        }
        guard let value = Int(text) else { throw .badRequest("limit param must be an integer") }
        guard value >= 0 else { throw .badRequest("limit param must be positive") }
        limit = min(value, Self.maxLimit)
    }

    /// The page after the marker; an unknown marker is a 400, as in Nova.
    func page<T>(_ items: [T], id: (T) -> String) throws(APIFault) -> [T] {
        var start = 0
        if let marker {
            guard let index = items.firstIndex(where: { id($0) == marker }) else {
                throw .badRequest("marker [\(marker)] not found")
            }
            start = index + 1
        }
        return Array(items[start...].prefix(limit))
    }

    /// Whether a `next` link belongs under the page (Nova: a full page means there may be more).
    func isFull(_ count: Int) -> Bool {
        limit > 0 && count == limit
    }
}
