import APICore
@testable import ComputeAPI
import Testing

@Suite("Policy language and Nova's defaults")
struct PolicyTests {
    private let member = Identity(userID: "alice", projectID: "demo", roles: ["member", "reader"])
    private let reader = Identity(userID: "rita", projectID: "demo", roles: ["reader"])
    private let admin = Identity(userID: "admin", projectID: "admin", roles: ["admin", "member", "reader"])
    private let service = Identity(userID: "neutron", projectID: "service", roles: ["service"])
    private let demo = PolicyTarget(projectID: "demo", userID: "alice")

    private func allows(_ text: String, _ identity: Identity, target: PolicyTarget? = nil) throws -> Bool {
        let policy = try Policy(overrides: ["test:rule": text])
        return policy.allows("test:rule", identity, target: target ?? demo)
    }

    @Test("Nova's default rules by name")
    func novaDefaults() {
        let policy = Policy.novaDefaults
        let attach = "os_compute_api:os-attach-interfaces:create"
        #expect(policy.allows(attach, member, target: demo))
        #expect(!policy.allows(attach, reader, target: demo))
        #expect(policy.allows(attach, admin, target: demo))
        #expect(!policy.allows(attach, member, target: PolicyTarget(projectID: "other", userID: nil)))
        #expect(policy.allows("os_compute_api:os-attach-interfaces:list", reader, target: demo))
        #expect(!policy.allows("os_compute_api:os-pci-devices:index", member, target: demo))
        #expect(policy.allows("os_compute_api:os-server-external-events:create", service, target: PolicyTarget(projectID: "service", userID: nil)))
        #expect(!policy.allows("os_compute_api:os-server-external-events:create", member, target: demo))
        #expect(!policy.allows("no:such:rule", admin, target: demo))
        #expect(policy.isAdmin(admin) && !policy.isAdmin(member) && !policy.isAdmin(service))
    }

    @Test("@, !, the empty string, role (case-insensitive), generic checks against the target")
    func checks() throws {
        #expect(try allows("@", reader))
        #expect(try !allows("!", admin))
        #expect(try allows("", reader))
        #expect(try allows("role:Member", member))
        #expect(try !allows("role:member", reader))
        #expect(try allows("project_id:%(project_id)s", reader))
        #expect(try !allows("project_id:%(project_id)s", admin))
        #expect(try allows("user_id:%(user_id)s", member))
        #expect(try !allows("user_id:%(user_id)s", member, target: PolicyTarget(projectID: "demo", userID: nil)))
        #expect(try !allows("project_id:%(no_such_key)s", member))
        #expect(try allows("is_admin:True", admin))
        #expect(try !allows("is_admin:True", member))
        #expect(try allows("'demo':%(project_id)s", reader))
        #expect(try allows("project_id:demo", reader))
    }

    @Test("not binds tighter than and, and tighter than or; parentheses group")
    func precedence() throws {
        #expect(try allows("role:admin or role:member and not role:reader or role:reader", reader))
        #expect(try !allows("role:admin or role:member and not role:reader", member))
        #expect(try allows("(role:admin or role:member) and project_id:%(project_id)s", member))
        #expect(try !allows("(role:admin or role:member) and project_id:%(project_id)s", reader))
        #expect(try allows("not (role:admin and role:member)", member))
        #expect(try allows("((role:reader))", reader))
        #expect(try allows("rule:project_member_or_admin and not role:reader or rule:context_is_admin", admin))
    }

    @Test("a rule that does not parse, or rules in a circle, are refused naming the rule",
          arguments: [("role:admin or", "a check is missing at the end"), ("(role:admin", "'(' is not closed"),
                      ("admin", "'admin' is not a check"), ("role:a ) ", "unexpected ')'"),
                      ("and role:a", "unexpected 'and'"), ("http:example.com", "remote (http) checks")])
    func badRules(text: String, problem: String) {
        let error = #expect(throws: PolicyFileError.self) { try Policy(overrides: ["os_compute_api:servers:index": text]) }
        #expect(error?.rule == "os_compute_api:servers:index")
        #expect(error?.problem.contains(problem) == true)
    }

    @Test("rules that name each other in a circle are refused")
    func circle() {
        let error = #expect(throws: PolicyFileError.self) { try Policy(overrides: ["a": "rule:b", "b": "role:x or rule:a"]) }
        #expect(error?.problem.contains("a -> b -> a") == true)
    }

    @Test("a YAML policy file: quoted and plain scalars, comments, the sample generator's shape")
    func yamlFile() throws {
        let text = """
        # Detach is for admins only here.
        "os_compute_api:os-attach-interfaces:delete": "rule:context_is_admin"
        'os_compute_api:os-attach-interfaces:create': 'role:member and project_id:%(project_id)s'  # owners
        os_compute_api:servers:index: role:reader or role:auditor # plain
        "context_is_admin": "role:admin"
        "empty": ""
        "quote": 'it''s'
        ---
        """
        let rules = try PolicyFile.rules(in: text)
        #expect(rules == [
            "os_compute_api:os-attach-interfaces:delete": "rule:context_is_admin",
            "os_compute_api:os-attach-interfaces:create": "role:member and project_id:%(project_id)s",
            "os_compute_api:servers:index": "role:reader or role:auditor",
            "context_is_admin": "role:admin", "empty": "", "quote": "it's",
        ])
    }

    @Test("JSON policy files are read too")
    func jsonFile() throws {
        #expect(try PolicyFile.rules(in: #"{"a": "role:x", "b": "@"}"#) == ["a": "role:x", "b": "@"])
    }

    @Test("what the file cannot say is an error naming the line, never skipped",
          arguments: [("a: b\n  nested: c", "line 2"), ("a: [x, y]", "line 1"), ("\"a: b", "line 1"),
                      ("a: b\na: c", "a"), ("just text", "line 1"), ("a: \"b\" trailing", "line 1")])
    func badFile(text: String, rule: String) {
        let error = #expect(throws: PolicyFileError.self) { try PolicyFile.rules(in: text) }
        #expect(error?.rule == rule)
    }
}
