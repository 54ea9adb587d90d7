import APICore
import Foundation
import Hummingbird
import HummingbirdTesting
import JSONModel
import Testing

/// Issue 10, finding 7: the server-name filter is a regular expression (as in Nova), and
/// Swift's backtracking engine took 63 s on `(a+)+$` against a 21-character name, going on
/// after the client had gone. Without the fix this test never ends (the limit fails it).
struct NameFilterTests {
    @Test(.timeLimit(.minutes(1)))
    func aCatastrophicPatternAnswersAtOnce() async throws {
        let harness = try await ServiceHarness.make()
        try await harness.run { api in
            let long = try await api.boot(name: String(repeating: "a", count: 40) + "!")
            let plain = try await api.boot(name: "aaaa")
            let parenthesis = try await api.boot(name: "x(y")
            let reply = try await api.call(.get, "/v2.1/servers?name=(a%2B)%2B%24")
            #expect(reply.status == 200)
            let ids = reply.json?["servers"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == [plain])
            // The same filter still finds by any regular expression, or as text when it is not one.
            let both = try await api.call(.get, "/v2.1/servers?name=%5Ea%7B4%7D")
            #expect(Set(both.json?["servers"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == [long, plain])
            let costly = try await api.call(.get, "/v2.1/servers?name=(%3F:a%3F)%7B9999%7D")
            #expect(costly.status == 400)
            #expect(costly.faultMessage?.hasPrefix("The name filter is too complex") == true)
            let literal = try await api.call(.get, "/v2.1/servers?name=x%28")
            #expect(literal.json?["servers"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [parenthesis])
        }
    }

    /// The mechanism the compute API's reads run under: when the client closes its
    /// connection, the work is cancelled instead of running on for nobody.
    @Test(.timeLimit(.minutes(1)))
    func aReadWhoseClientLeavesIsCancelled() async throws {
        let cancelled = Flag(false)
        let started = Flag(false)
        let router = Router(context: APIRequestContext.self)
        router.get("/slow") { _, context -> Response in
            do {
                return try await context.cancellingWhenClientLeaves {
                    await started.set(true)
                    try await Task.sleep(for: .seconds(50))
                    return Response(status: .ok)
                }
            } catch is CancellationError {
                await cancelled.set(true)
                return Response(status: .init(code: 499))
            }
        }
        let app = Application(router: router, server: .http1(configuration: .init(additionalChannelHandlers: [ClientDepartureHandler()])),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // The client sends the request, then goes away without waiting for the answer.
            _ = try? await RawHTTP.exchange(port: port, "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", timeout: .milliseconds(300))
            while await !cancelled.value { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await started.value)
        }
    }
}
