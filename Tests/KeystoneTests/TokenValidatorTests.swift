import Foundation
@testable import Keystone
import JSONModel
import Testing

@Suite("Token validation against Keystone")
struct TokenValidatorTests {
    let clock = TestClock()
    let keystone: ScriptedKeystone
    let validator: TokenValidator

    init() {
        keystone = ScriptedKeystone(clock: clock)
        let configuration = KeystoneConfiguration(
            url: URL(string: "http://keystone.test/v3")!,
            credentials: .password(.init(userName: "sriov-compute", password: "pw", projectName: "service")),
            cacheTime: .seconds(300), refusalCacheTime: .seconds(10), renewalMargin: .seconds(120), cacheCapacity: 4)
        let clock = clock
        validator = TokenValidator(keystone: keystone, configuration: configuration, now: { clock.now() })
    }

    private var calls: (issued: Int, validations: Int) { keystone.state.withLock { ($0.issued, $0.validations) } }

    @Test("a valid token is asked about once, then served from the cache with its identity")
    func cachesValid() async {
        keystone.know("alice", roles: ["member", "reader"])
        guard case .valid(let first) = await validator.check("alice") else { Issue.record("not valid"); return }
        #expect(first.projectID == "demo" && first.roles == ["member", "reader"])
        for _ in 0..<100 { #expect(await validator.check("alice") == .valid(first)) }
        #expect(calls.validations == 1)
        #expect(calls.issued == 1)
    }

    @Test("concurrent requests with one new token make one Keystone call")
    func coalesces() async {
        keystone.know("alice")
        let validator = validator
        let results = await withTaskGroup(of: TokenCheck.self) { group in
            for _ in 0..<20 { group.addTask { await validator.check("alice") } }
            return await group.reduce(into: [TokenCheck]()) { $0.append($1) }
        }
        #expect(results.count == 20)
        #expect(Set(results).count == 1)
        #expect(calls.validations == 1)
    }

    @Test("a cached token is asked about again after the cache time (a revocation shows then)")
    func cacheTimeBounds() async {
        keystone.know("alice")
        _ = await validator.check("alice")
        keystone.state.withLock { $0.known["alice"] = nil }  // revoked
        clock.advance(299)
        #expect(await validator.check("alice") != .refused)
        clock.advance(2)
        #expect(await validator.check("alice") == .refused)
        #expect(calls.validations == 2)
    }

    @Test("a token is refused once it expires, before the cache time")
    func expiryBounds() async {
        keystone.know("alice", expiresIn: 30)
        if case .valid = await validator.check("alice") {} else { Issue.record("not valid") }
        clock.advance(31)
        // Keystone itself would now answer 404; the scripted one still knows the token,
        // so the refusal comes from the expiry the validator read.
        #expect(await validator.check("alice") == .refused)
    }

    @Test("refusals are remembered briefly: garbage does not hammer Keystone")
    func cachesRefusals() async {
        for _ in 0..<50 { #expect(await validator.check("garbage") == .refused) }
        #expect(calls.validations == 1)
        clock.advance(11)
        #expect(await validator.check("garbage") == .refused)
        #expect(calls.validations == 2)
    }

    @Test("Keystone unreachable: unavailable with the reason, not remembered, never a refusal")
    func unreachable() async {
        keystone.know("alice")
        keystone.state.withLock { $0.reachable = false }
        guard case .unavailable(let reason) = await validator.check("alice") else { Issue.record("not unavailable"); return }
        #expect(reason.contains("unreachable: connection refused"))
        keystone.state.withLock { $0.reachable = true }
        if case .valid = await validator.check("alice") {} else { Issue.record("the outage was cached") }
    }

    @Test("a refused service token is renewed and the validation asked again")
    func renewsServiceToken() async throws {
        keystone.know("alice")
        _ = await validator.check("bob")
        keystone.state.withLock { _ = $0.revokedServiceTokens.insert("service-1") }
        if case .valid = await validator.check("alice") {} else { Issue.record("not valid") }
        #expect(calls.issued == 2)
        #expect(try await validator.serviceToken.token() == "service-2")
    }

    @Test("a service token refused again after renewal is reported, not read as the caller's refusal")
    func serviceTokenAlwaysRefused() async {
        keystone.know("alice")
        keystone.state.withLock { $0.revokedServiceTokens = ["service-1", "service-2"] }
        guard case .unavailable(let reason) = await validator.check("alice") else { Issue.record("not unavailable"); return }
        #expect(reason.contains("twice"))
    }

    @Test("the cache stays within its capacity, and a flood of garbage does not evict valid tokens")
    func capacity() async {
        keystone.know("alice")
        keystone.know("bob")
        _ = await validator.check("alice")
        _ = await validator.check("bob")
        for index in 0..<20 { _ = await validator.check("garbage-\(index)") }
        let before = calls.validations
        _ = await validator.check("alice")
        _ = await validator.check("bob")
        #expect(calls.validations == before)
    }
}

@Suite("The service's own token")
struct ServiceTokenSourceTests {
    @Test("issued once, renewed within the margin of its expiry, and again after a refusal")
    func renewal() async throws {
        let clock = TestClock()
        let keystone = ScriptedKeystone(clock: clock)
        let source = ServiceTokenSource(keystone: keystone, renewalMargin: .seconds(120), now: { clock.now() })
        #expect(try await source.token() == "service-1")
        clock.advance(3600 - 121)
        #expect(try await source.token() == "service-1")
        clock.advance(2)
        #expect(try await source.token() == "service-2")
        await source.invalidate("service-1")  // an old token: nothing changes
        #expect(try await source.token() == "service-2")
        await source.invalidate("service-2")
        #expect(try await source.token() == "service-3")
        #expect(await source.issued == 3)
    }

    @Test("a token living less than the margin is used for half its life")
    func shortLived() async throws {
        let clock = TestClock()
        let keystone = ScriptedKeystone(clock: clock)
        keystone.state.withLock { $0.serviceTokenLifetime = 60 }
        let source = ServiceTokenSource(keystone: keystone, renewalMargin: .seconds(120), now: { clock.now() })
        #expect(try await source.token() == "service-1")
        clock.advance(29)
        #expect(try await source.token() == "service-1")
        clock.advance(2)
        #expect(try await source.token() == "service-2")
    }

    @Test("Keystone unreachable: the error says so")
    func unreachable() async {
        let clock = TestClock()
        let keystone = ScriptedKeystone(clock: clock)
        keystone.state.withLock { $0.reachable = false }
        let source = ServiceTokenSource(keystone: keystone, renewalMargin: .seconds(120), now: { clock.now() })
        await #expect(throws: KeystoneError.unreachable("Keystone at http://keystone.test/v3 is unreachable: connection refused")) {
            try await source.token()
        }
    }
}

@Suite("Keystone's token bodies")
struct KeystoneTokenTests {
    @Test("a validation body gives user, project, roles and expiry (fraction dropped)")
    func parse() throws {
        let body = JSON.parse(#"""
        {"token": {"user": {"id": "u1", "name": "alice"}, "project": {"id": "p1", "name": "demo"},
         "roles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "reader"}],
         "expires_at": "2026-12-06T09:20:01.123456Z", "methods": ["password"]}}
        """#)
        let token = try #require(KeystoneToken(body: body))
        #expect(token.userID == "u1" && token.projectID == "p1" && token.roles == ["member", "reader"])
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_796_548_801))
    }

    @Test("bodies that are not tokens are not read as one", arguments: [
        #"{}"#, #"{"token": {"user": {"id": "u1"}}}"#, #"{"token": {"user": {"id": "u1"}, "expires_at": "tomorrow"}}"#,
    ])
    func notTokens(text: String) {
        #expect(KeystoneToken(body: JSON.parse(text)) == nil)
    }
}
