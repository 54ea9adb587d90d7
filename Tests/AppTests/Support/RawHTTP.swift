import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes to the service over a plain TCP socket, for requests no HTTP client will send (a
/// broken chunked body); returns everything the server wrote until it closed, or until
/// `timeout` passed.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The blocking socket calls run on a thread of their own: on the concurrency pool's
    /// threads (two on two cores) they would starve the server being tested.
    /// `halfClose`: shut down the sending side once the request is sent, as a client that
    /// has nothing more to send may.
    static func exchange(port: Int, _ request: String, timeout: Duration = .seconds(10), halfClose: Bool = false) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, request, timeout: timeout, halfClose: halfClose) })
            }.start()
        }
    }

    private static func blockingExchange(port: Int, _ request: String, timeout: Duration, halfClose: Bool) throws -> String {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socketFD) }
        var seconds = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += written
        }
        if halfClose { shutdown(socketFD, Int32(SHUT_WR)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count > 0 { answer += buffer[..<count]; continue }
            if count == 0 { break }
            throw Failure(description: "no close within \(timeout); got: \(String(decoding: answer, as: UTF8.self))")
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
