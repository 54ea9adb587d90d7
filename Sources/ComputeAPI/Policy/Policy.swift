import APICore

/// Nova's policy enforcement: named rules (Nova's defaults, overridden by name by the
/// operator's policy file), each checked against the caller and a target project.
public struct Policy: Sendable {
    let rules: [String: PolicyCheck]
    /// The rule names the operator's file set, for the start-up log.
    public let overridden: [String]

    /// Nova's defaults only.
    public static let novaDefaults: Policy = {
        do {
            return try Policy(overrides: [:])
        } catch {
            fatalError("Nova's default policy does not parse: \(error)")
        }
    }()

    /// The defaults with `overrides` (rule name → check string) put over them. A check
    /// string that does not parse, or rules that name each other in a circle, are refused
    /// naming the rule.
    public init(overrides: [String: String]) throws(PolicyFileError) {
        var texts = NovaPolicyDefaults.all
        for (name, text) in overrides { texts[name] = text }
        var rules: [String: PolicyCheck] = [:]
        for (name, text) in texts {
            do throws(PolicyParser.Failure) {
                rules[name] = try PolicyParser.parse(text)
            } catch {
                throw PolicyFileError(rule: name, error.message)
            }
        }
        if let circle = Self.circle(in: rules) {
            throw PolicyFileError(rule: circle[0], "rules refer to each other in a circle: \(circle.joined(separator: " -> "))")
        }
        self.rules = rules
        overridden = overrides.keys.sorted()
    }

    /// Whether `identity` passes `rule` for a resource of `target`. An unknown rule
    /// allows nobody.
    func allows(_ rule: String, _ identity: Identity, target: PolicyTarget) -> Bool {
        guard let check = rules[rule] else { return false }
        return check.allows(credentials(identity), target, rules: rules)
    }

    /// Nova's `context.is_admin`: the caller passes `context_is_admin`.
    func isAdmin(_ identity: Identity) -> Bool {
        var credentials = PolicyCredentials(identity)
        credentials.isAdmin = false
        let target = PolicyTarget(projectID: identity.projectID, userID: identity.userID)
        return rules["context_is_admin"]?.allows(credentials, target, rules: rules) ?? false
    }

    /// Nova's `context.can(rule, target)`: 403 "Policy doesn't allow … to be performed."
    func authorize(_ rule: String, _ identity: Identity, target: PolicyTarget) throws(APIFault) {
        guard allows(rule, identity, target: target) else { throw .policy(rule) }
    }

    private func credentials(_ identity: Identity) -> PolicyCredentials {
        var credentials = PolicyCredentials(identity)
        credentials.isAdmin = isAdmin(identity)
        return credentials
    }

    /// A path of rule names that comes back to its start, if any.
    private static func circle(in rules: [String: PolicyCheck]) -> [String]? {
        var finished: Set<String> = []
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            guard !finished.contains(name), let check = rules[name] else { return nil }
            path.append(name)
            for next in check.referencedRules {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            finished.insert(name)
            return nil
        }
        for name in rules.keys.sorted() {
            if let found = visit(name) { return found }
        }
        return nil
    }
}

/// A policy file that cannot be used, naming the rule (or line) at fault.
public struct PolicyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let rule: String
    public let problem: String

    public init(rule: String, _ problem: String) {
        self.rule = rule
        self.problem = problem
    }

    public var description: String { "\(rule): \(problem)" }
}
