import ArgumentParser
import Foundation
import JSONModel
import Keystone

/// `sriov-compute bench tokens`: what Keystone authentication adds to a request, against a
/// real Keystone. Fresh tokens are issued for the given user; each is validated once
/// (Keystone's `GET /v3/auth/tokens`, the cost of a request with a new token), then
/// checked `--repeats` times from the cache (the added time per request with a cached
/// token, target ≤ 0.2 ms), then a burst of concurrent checks on one more new token
/// shows how many Keystone calls a token costs.
struct BenchTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Token validation cost with a cached token, and Keystone calls per token, against a real Keystone."
    )

    @Option(name: .customLong("keystone-url"), help: "Keystone's identity v3 URL, e.g. http://127.0.0.1:5000/v3.")
    var keystoneURL: String

    @Option(help: "A user with the service (or admin) role, whose tokens are issued and validated.")
    var username: String

    @Option(help: "Its password.")
    var password: String

    @Option(name: .customLong("project-name"), help: "The project the tokens are scoped to.")
    var projectName = "service"

    @Option(help: "Fresh tokens to issue and validate.")
    var tokens = 20

    @Option(help: "Cached checks per token.")
    var repeats = 5000

    @Option(help: "Concurrent requests bringing one new token.")
    var burst = 50

    func validate() throws {
        if let problem = KeystoneConfiguration.problem(withURL: keystoneURL) { throw ValidationError("--keystone-url: \(problem)") }
        guard (1...1000).contains(tokens) else { throw ValidationError("--tokens must be 1…1000") }
        guard (1...1_000_000).contains(repeats) else { throw ValidationError("--repeats must be 1…1000000") }
        guard (1...1000).contains(burst) else { throw ValidationError("--burst must be 1…1000") }
    }

    func run() async throws {
        guard let url = URL(string: keystoneURL) else { throw ValidationError("--keystone-url: not a URL") }
        let configuration = KeystoneConfiguration(
            url: url, credentials: .password(.init(userName: username, password: password, projectName: projectName)))
        let client = KeystoneClient(configuration: configuration)
        do {
            try await measure(client, configuration)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func measure(_ client: KeystoneClient, _ configuration: KeystoneConfiguration) async throws {
        let validator = TokenValidator(keystone: client, configuration: configuration)
        var issued: [String] = []
        for _ in 0...tokens { issued.append(try await client.issueServiceToken().token) }
        let burstToken = issued.removeLast()

        var first: [UInt64] = []
        var cached: [UInt64] = []
        cached.reserveCapacity(tokens * repeats)
        for token in issued {
            first.append(try await Self.time { guard case .valid = await validator.check(token) else { throw Refused() } })
            for _ in 0..<repeats {
                cached.append(try await Self.time { guard case .valid = await validator.check(token) else { throw Refused() } })
            }
        }
        let callsBefore = validator.keystoneValidations
        let valid = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<burst { group.addTask { if case .valid = await validator.check(burstToken) { true } else { false } } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let burstCalls = validator.keystoneValidations - callsBefore

        let serviceTokens = await validator.serviceToken.issued
        let firstSummary = LatencySummary(nanoseconds: first)
        let cachedSummary = LatencySummary(nanoseconds: cached)
        var line: JSONObject = ["bench": "token_validation", "keystone": .string(configuration.root)]
        line["tokens"] = .int(tokens)
        line["repeats"] = .int(repeats)
        let firstFigures: JSONObject = [
            "p50": .figure(firstSummary.p50), "p90": .figure(firstSummary.p90), "max": .figure(firstSummary.max),
        ]
        line["first_request_us"] = .object(firstFigures)
        let cachedFigures: JSONObject = [
            "p50": .figure(cachedSummary.p50), "p99": .figure(cachedSummary.p99), "p999": .figure(cachedSummary.p999),
            "mean": .figure(cachedSummary.mean),
        ]
        line["cached_request_us"] = .object(cachedFigures)
        line["cached_target_us"] = .int(200)
        line["keystone_calls_per_token"] = .figure(Double(callsBefore) / Double(tokens))
        let burstFigures: JSONObject = ["requests": .int(burst), "valid": .int(valid), "keystone_calls": .int(burstCalls)]
        line["burst"] = .object(burstFigures)
        line["service_tokens_issued"] = .int(serviceTokens)
        line.print()
    }

    private struct Refused: Error, CustomStringConvertible {
        var description: String { "Keystone refused a token the benchmark had just issued" }
    }

    private static func time(_ body: () async throws -> Void) async throws -> UInt64 {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
    }
}
