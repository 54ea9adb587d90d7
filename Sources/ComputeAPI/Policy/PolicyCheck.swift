/// One parsed oslo.policy check string: `@`, `!`, `role:R`, `rule:NAME`, a generic
/// `key:value` (the value may name the target, `%(project_id)s`), and `not`, `and`, `or`
/// with parentheses.
indirect enum PolicyCheck: Sendable, Hashable {
    case always
    case never
    case role(String)
    case rule(String)
    /// `kind:match`: the caller's `kind` credential (or a quoted literal) equals `match`
    /// once `%(…)s` is filled from the target.
    case generic(kind: String, match: String)
    case not(PolicyCheck)
    case and([PolicyCheck])
    case or([PolicyCheck])

    /// The rules this check names, for the cycle check when a policy is loaded.
    var referencedRules: [String] {
        switch self {
        case .always, .never, .role, .generic: []
        case .rule(let name): [name]
        case .not(let inner): inner.referencedRules
        case .and(let checks), .or(let checks): checks.flatMap(\.referencedRules)
        }
    }

    /// Whether the caller passes, resolving `rule:` through `rules` (an unknown rule
    /// fails, as in oslo.policy).
    func allows(_ credentials: PolicyCredentials, _ target: PolicyTarget, rules: [String: PolicyCheck]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .role(let role): return credentials.roles.contains(role.lowercased())
        case .rule(let name): return rules[name]?.allows(credentials, target, rules: rules) ?? false
        case .generic(let kind, let match):
            guard let expected = target.substitute(into: match) else { return false }
            if let literal = Self.literal(kind) { return literal == expected }
            return credentials.values(of: kind).contains(expected)
        case .not(let inner): return !inner.allows(credentials, target, rules: rules)
        case .and(let checks): return checks.allSatisfy { $0.allows(credentials, target, rules: rules) }
        case .or(let checks): return checks.contains { $0.allows(credentials, target, rules: rules) }
        }
    }

    /// `'text'`, `"text"`, `True`, `False` or a number on the left of a generic check, as
    /// Python's `ast.literal_eval` reads it (then compared as `str()`).
    private static func literal(_ kind: String) -> String? {
        if kind.count >= 2, let first = kind.first, first == "'" || first == "\"", kind.last == first {
            return String(kind.dropFirst().dropLast())
        }
        if kind == "True" || kind == "False" { return kind }
        if Int(kind) != nil { return kind }
        return nil
    }
}
