/// A compute API microversion `X.Y`.
///
/// Ordered numerically on (major, minor) — so 2.10 is later than 2.9, which a string
/// comparison would get wrong.
public struct Microversion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `X.Y` exactly as Nova's `APIVersionRequest` does (`^([1-9]\d*)\.([1-9]\d*|0)$`):
    /// no leading zeros, no sign, no spaces, no third component. `nil` for anything else.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let major = Self.number(parts[0], allowZero: false),
              let minor = Self.number(parts[1], allowZero: true)
        else { return nil }
        self.init(major, minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: Microversion, rhs: Microversion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// Whether this request version is at least `version` (Nova's `is_supported`).
    public func supports(_ version: Microversion) -> Bool { self >= version }

    /// `X.Y` from the literal `2.47`-style shorthand used throughout the views.
    public static func v2(_ minor: Int) -> Microversion { Microversion(2, minor) }

    private static func number(_ digits: some StringProtocol, allowZero: Bool) -> Int? {
        guard let first = digits.first, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if first == "0" {
            // "0" alone is a valid minor; "01" never is.
            return allowZero && digits.count == 1 ? 0 : nil
        }
        // Guard against absurdly long numbers overflowing Int: they are simply invalid.
        return digits.count <= 9 ? Int(digits) : nil
    }
}

extension Microversion {
    /// The versions this service speaks: Nova's whole range, up to Nova 34's 2.104. The
    /// versions that change only APIs not served here (shares, consoles, volumes) are
    /// accepted and change nothing (docs/ARCHITECTURE.md lists them).
    public static let minimum = Microversion(2, 1)
    public static let maximum = Microversion(2, 104)
}
