/// Nova's `name` filter of a list (servers, and flavors from 2.102): a regular expression
/// matched anywhere in the name (`re.search`, or the database's REGEXP), its time bounded
/// there by the database; here by the linear-time matcher (`LinearRegex`: program × name
/// steps, where a backtracking engine took minutes on `(a+)+$`) and by a program size a
/// filter may have. A pattern the matcher refuses (a syntax error, a backreference, a
/// lookaround) is matched as text.
public struct NameFilter: Sendable {
    /// A filter whose program is larger than `limit` steps per character of each name.
    public struct TooComplex: Error, Sendable, Hashable {
        public let steps: Int
        public let limit: Int
    }

    /// At most this many steps per character of each name: a 255-character name then costs
    /// about half a million steps, a few milliseconds (`(?:a?){9999}` would cost 5 million).
    public static let maximumProgram = 2_000

    private let pattern: String
    private let regex: LinearRegex?

    public init(_ pattern: String) throws(TooComplex) {
        let regex = try? LinearRegex(pattern)
        if let regex, regex.programSize > Self.maximumProgram {
            throw TooComplex(steps: regex.programSize, limit: Self.maximumProgram)
        }
        self.pattern = pattern
        self.regex = regex
    }

    public func matches(_ name: String) -> Bool {
        regex.map { $0.search(in: name) } ?? name.contains(pattern)
    }
}
