import EmbeddedNetwork
import NetworkModel
import NeutronClient

/// Holds callers until the test opens it.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    func pass() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// A network that is another one except where a test changes a call.
protocol NetworkDecorator: NetworkService {
    var base: any NetworkService { get }
}

extension NetworkDecorator {
    func port(id: String) async throws(NetworkError) -> Port { try await base.port(id: id) }
    func network(id: String) async throws(NetworkError) -> Network { try await base.network(id: id) }
    func ports(deviceID: String) async throws(NetworkError) -> [Port] { try await base.ports(deviceID: deviceID) }
    func ports(boundToHost host: String) async throws(NetworkError) -> [Port] { try await base.ports(boundToHost: host) }
    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> Port { try await base.bindPort(id, binding) }
    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port {
        try await base.unbindPort(id, removingProfileKeys: keys)
    }
    func createPort(networkID: String, projectID: String, deviceID: String, fixedIP: String?) async throws(NetworkError) -> Port {
        try await base.createPort(networkID: networkID, projectID: projectID, deviceID: deviceID, fixedIP: fixedIP)
    }
    func deletePort(_ id: String) async throws(NetworkError) { try await base.deletePort(id) }
}

/// The embedded network, except that an unbind, once applied, answers only when the gate
/// opens: a detach can be held exactly between "the port is unbound" and "the device is
/// freed".
struct GatedUnbindNetwork: NetworkDecorator {
    let base: any NetworkService
    let gate: Gate

    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port {
        let port = try await base.unbindPort(id, removingProfileKeys: keys)
        await gate.pass()
        return port
    }
}

/// A network that goes down in the middle of a bind: the bind is applied but answers with a
/// timeout (as a frozen Neutron that processes the request late), and unbinds time out
/// until the test brings it back.
struct FrozenNetwork: NetworkDecorator {
    let base: any NetworkService
    let isDown = Flag(true)

    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> Port {
        let bound = try await base.bindPort(id, binding)
        guard await isDown.value else { return bound }
        throw .timedOut("The network did not answer within 1 s")
    }

    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port {
        guard await !isDown.value else { throw .timedOut("The network did not answer within 1 s") }
        return try await base.unbindPort(id, removingProfileKeys: keys)
    }
}

actor Flag {
    private(set) var value: Bool
    init(_ value: Bool) { self.value = value }
    func set(_ newValue: Bool) { value = newValue }
}

/// Where a test "kills" an operation: the call never returns, as if the process died
/// there, and a second service started on the same folder plays the restarted process.
struct FreezingNetwork: NetworkDecorator {
    enum Point: Sendable { case afterBind, beforeUnbind }

    let base: any NetworkService
    let point: Point
    let frozen = Gate()

    func bindPort(_ id: String, _ binding: PortBinding) async throws(NetworkError) -> Port {
        let bound = try await base.bindPort(id, binding)
        if point == .afterBind { await frozen.pass() }
        return bound
    }

    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port {
        if point == .beforeUnbind { await frozen.pass() }
        return try await base.unbindPort(id, removingProfileKeys: keys)
    }
}

/// The embedded network, except that unbinds time out while `isRefusing` is set.
struct UnbindRefusingNetwork: NetworkDecorator {
    let base: any NetworkService
    let isRefusing = Flag(true)

    func unbindPort(_ id: String, removingProfileKeys keys: [String]) async throws(NetworkError) -> Port {
        guard await !isRefusing.value else { throw .timedOut("The network did not answer within 1 s") }
        return try await base.unbindPort(id, removingProfileKeys: keys)
    }
}
