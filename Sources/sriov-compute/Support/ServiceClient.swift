import AsyncHTTPClient
import Foundation
import JSONModel
import NIOCore

/// A small JSON client for the service's own HTTP API, used by `demo` and `bench attach`.
struct ServiceClient: Sendable {
    struct Reply: Sendable {
        let status: Int
        let text: String
        var json: JSON? { JSON.parse(Data(text.utf8)) }
    }

    let client: HTTPClient
    let base: String
    var microversion = "2.70"

    /// `method` is the HTTP method's name (GET, POST, DELETE).
    func request(_ method: String, _ path: String, _ body: JSON? = nil, maxBytes: Int = 4 << 20) async throws -> Reply {
        try await request(method, path, raw: body?.rendered, maxBytes: maxBytes)
    }

    /// The body as given, for texts `JSON` cannot hold (thousands of keys in the order written).
    func request(_ method: String, _ path: String, raw body: String?, maxBytes: Int = 4 << 20) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "OpenStack-API-Version", value: "compute \(microversion)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: maxBytes)
        return Reply(status: Int(response.status.code), text: String(buffer: bytes))
    }

    /// A create that must succeed; returns `object.id` of the reply.
    func create(_ path: String, _ body: JSON, object: String) async throws -> String {
        let reply = try await request("POST", path, body)
        guard (200..<300).contains(reply.status), let id = reply.json?[object]?["id"]?.stringValue else {
            throw ValidationFailure("POST \(path) answered \(reply.status): \(reply.text)")
        }
        return id
    }

    /// A client of the service on 127.0.0.1:`port` for `body`, shut down after it.
    static func withClient<T>(port: Int, _ body: (ServiceClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: T
        do {
            result = try await body(ServiceClient(client: client, base: "http://127.0.0.1:\(port)"))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Polls until the service answers on `/`.
    func waitUntilListening() async throws {
        for _ in 0..<200 {
            if let reply = try? await request("GET", "/"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ValidationFailure("the service did not start listening at \(base)")
    }
}
