public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(String)
    case duplicate(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing(let what): "\(what) is not in the database"
        case .duplicate(let what): "\(what) already exists"
        case .unreadable(let what): "\(what) cannot be read"
        }
    }
}
