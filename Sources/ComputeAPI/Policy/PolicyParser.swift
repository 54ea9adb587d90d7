/// oslo.policy's check-string language: whitespace-separated checks joined by `and`,
/// `or` and `not` (binding tightest), with parentheses. An empty string allows everyone,
/// as in oslo.policy. Unlike oslo.policy, which logs a bad rule and denies it, a bad rule
/// is an error here: the policy file is refused at start-up naming it.
struct PolicyParser {
    struct Failure: Error, Sendable, Hashable { let message: String }

    private var tokens: [String]
    private var position = 0

    static func parse(_ text: String) throws(Failure) -> PolicyCheck {
        var parser = PolicyParser(tokens: tokenize(text))
        if parser.tokens.isEmpty { return .always }
        let check = try parser.orExpression()
        if parser.position < parser.tokens.count {
            throw Failure(message: "unexpected '\(parser.tokens[parser.position])' in '\(text)'")
        }
        return check
    }

    /// Words split on whitespace, with the parentheses at either end of a word split off.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            var core = Substring(word)
            var closing = 0
            while core.first == "(" { tokens.append("("); core = core.dropFirst() }
            while core.last == ")" { closing += 1; core = core.dropLast() }
            if !core.isEmpty { tokens.append(String(core)) }
            tokens += Array(repeating: ")", count: closing)
        }
        return tokens
    }

    private var next: String? { position < tokens.count ? tokens[position] : nil }

    private mutating func orExpression() throws(Failure) -> PolicyCheck {
        var checks = [try andExpression()]
        while next == "or" {
            position += 1
            checks.append(try andExpression())
        }
        return checks.count == 1 ? checks[0] : .or(checks)
    }

    private mutating func andExpression() throws(Failure) -> PolicyCheck {
        var checks = [try unary()]
        while next == "and" {
            position += 1
            checks.append(try unary())
        }
        return checks.count == 1 ? checks[0] : .and(checks)
    }

    private mutating func unary() throws(Failure) -> PolicyCheck {
        guard let token = next else { throw Failure(message: "a check is missing at the end") }
        position += 1
        switch token {
        case "not":
            return .not(try unary())
        case "(":
            let inner = try orExpression()
            guard next == ")" else { throw Failure(message: "'(' is not closed") }
            position += 1
            return inner
        case ")", "and", "or":
            throw Failure(message: "unexpected '\(token)' where a check was expected")
        default:
            return try Self.check(token)
        }
    }

    private static func check(_ token: String) throws(Failure) -> PolicyCheck {
        if token == "@" { return .always }
        if token == "!" { return .never }
        guard let colon = token.firstIndex(of: ":") else {
            throw Failure(message: "'\(token)' is not a check (expected @, !, role:NAME, rule:NAME or key:value)")
        }
        let kind = String(token[..<colon])
        let match = String(token[token.index(after: colon)...])
        guard !kind.isEmpty, !match.isEmpty else { throw Failure(message: "'\(token)' has an empty side") }
        switch kind {
        case "role": return .role(match)
        case "rule": return .rule(match)
        case "http", "https": throw Failure(message: "'\(token)': remote (http) checks are not supported")
        default: return .generic(kind: kind, match: match)
        }
    }
}
