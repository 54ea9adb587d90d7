@testable import App
import Foundation
import JSONModel
import Logging
import Synchronization
import Testing

/// `[log] format = "json"`: one object per line, and every line of an operation says which
/// request, server, port and device it is about.
struct JSONLogTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var objects: [JSON] { lines.withLock { $0 }.compactMap { JSON.parse(Data($0.utf8)) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func eachLineIsOneObjectWithTheLoggersAndTheCallsMetadata() throws {
        let lines = Lines()
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, write: lines.append) }
        logger[metadataKey: "request_id"] = "req-1"
        logger.info("two\nlines \"quoted\"", metadata: ["port_id": "p1", "request_id": "req-2"])
        logger.debug("below the level")
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().contains("\n") == false)
        let object = try #require(lines.objects.first)
        #expect(object["message"] == "two\nlines \"quoted\"")
        #expect(object["level"] == "info")
        #expect(object["logger"] == "test")
        #expect(object["request_id"] == "req-2")   // the call's metadata over the logger's
        #expect(object["port_id"] == "p1")
        let time = try #require(object["time"]?.stringValue)
        #expect(time.count == 24 && time.hasSuffix("Z"), "\(time)")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_796_546_478.007)) == "2026-12-06T08:41:18.007Z")
    }

    /// An attach, a refused attach and a detach through the service, logged in JSON: every
    /// line about the port names its request (the id the client got), server and port, and
    /// every line after the claim its device.
    @Test func anOperationsLinesCarryItsRequestServerPortAndDevice() async throws {
        let lines = Lines()
        var logger = Logger(label: "sriov-compute") { JSONLogHandler(label: $0, write: lines.append) }
        logger.logLevel = .info
        let harness = try await ServiceHarness.make(fakeHost: .init(numaNodes: 1, pfCount: 1, vfsPerPF: 1), trackPFs: false, logger: logger)
        try await harness.run { api in
            let net = try await api.createNetwork()
            let port = try await api.createPort(network: net, vnicType: "direct")
            let other = try await api.createPort(network: net, vnicType: "direct")
            let server = try await api.boot()
            let attach = try await api.attach(server, port: port)
            #expect(attach.status == 200)
            #expect(try await api.attach(server, port: other).status == 400)
            let detach = try await api.detach(server, port: port)

            let ofPort = lines.objects.filter { $0["port_id"] == .string(port) }
            let requests = [attach, detach].compactMap { $0.headers[.init("x-openstack-request-id")!] }
            #expect(ofPort.count >= 2)
            for line in ofPort {
                #expect(line["server_id"] == .string(server), "\(line.rendered)")
                #expect(requests.contains(line["request_id"]?.stringValue ?? ""), "\(line.rendered)")
                #expect(line["pci_slot"] == "0000:02:00.0", "\(line.rendered)")
            }
            #expect(ofPort.contains { $0["message"] == "attached direct port" && $0["request_id"] == .string(requests[0]) })
            #expect(ofPort.contains { $0["message"] == "detached direct port" && $0["request_id"] == .string(requests[1]) })
            // The refused attach is logged with its request, server and port (no device: none was free).
            let refused = try #require(lines.objects.first { $0["port_id"] == .string(other) && $0["level"] == "warning" })
            #expect(refused["server_id"] == .string(server) && refused["pci_slot"] == nil && refused["request_id"] != nil)
        }
    }
}
