import APICore

/// What a generic check can read of the caller: oslo.policy's credentials as Nova builds
/// them from its request context.
struct PolicyCredentials: Sendable, Hashable {
    var userID: String
    var projectID: String
    /// Lower-cased, as oslo.policy compares them.
    var roles: Set<String>
    /// The `is_admin` credential: `context_is_admin` evaluated for the caller.
    var isAdmin = false

    init(_ identity: Identity) {
        userID = identity.userID
        projectID = identity.projectID
        roles = Set(identity.roles.map { $0.lowercased() })
    }

    /// The credential's values as oslo.policy's `str()` shows them; a list is matched
    /// by membership.
    func values(of kind: String) -> [String] {
        switch kind {
        case "user_id": [userID]
        case "project_id", "tenant_id", "tenant": projectID.isEmpty ? [] : [projectID]
        case "roles": Array(roles)
        case "is_admin": [isAdmin ? "True" : "False"]
        default: []
        }
    }
}

/// The object a rule is checked against: Nova's `target`, the project (and user) that
/// owns the resource; for a collection, the caller's own.
struct PolicyTarget: Sendable, Hashable {
    var projectID: String
    var userID: String?

    /// `match` with each `%(key)s` filled in; `nil` when a key is not in the target
    /// (oslo.policy's KeyError, which fails the check).
    func substitute(into match: String) -> String? {
        var result = ""
        var rest = Substring(match)
        while let open = rest.range(of: "%(") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: ")s") else { return nil }
            let key = rest[open.upperBound..<close.lowerBound]
            switch key {
            case "project_id": result += projectID
            case "user_id":
                guard let userID else { return nil }
                result += userID
            default: return nil
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
