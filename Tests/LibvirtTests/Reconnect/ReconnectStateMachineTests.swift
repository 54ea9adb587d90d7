import Testing
@testable import Libvirt

/// The connection's life without libvirt: every event in every state.
struct ReconnectStateMachineTests {
    let policy = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))

    @Test func aLossSchedulesTheFirstAttemptAfterTheFirstDelay() {
        var machine = ReconnectStateMachine(policy: policy)
        #expect(machine.state == .connected(generation: 1))
        #expect(machine.connectionLost(generation: 1, reason: "libvirtd closed the connection") == .reconnect(after: .milliseconds(100), attempt: 1))
        #expect(machine.state == .reconnecting(lost: 1, attempt: 1, reason: "libvirtd closed the connection"))
        #expect(machine.latestGeneration == 1)
    }

    @Test func failedAttemptsBackOffUpToTheCapAndKeepTheLastReason() {
        var machine = ReconnectStateMachine(policy: policy)
        _ = machine.connectionLost(generation: 1, reason: "EOF")
        var actions: [ReconnectStateMachine.Action] = []
        for attempt in 1...5 {
            actions.append(machine.attemptFailed(reason: "Failed to connect socket (attempt \(attempt))"))
        }
        #expect(actions == [
            .reconnect(after: .milliseconds(200), attempt: 2), .reconnect(after: .milliseconds(400), attempt: 3),
            .reconnect(after: .milliseconds(800), attempt: 4), .reconnect(after: .seconds(1), attempt: 5),
            .reconnect(after: .seconds(1), attempt: 6),
        ])
        #expect(machine.state == .reconnecting(lost: 1, attempt: 6, reason: "Failed to connect socket (attempt 5)"))
    }

    @Test func aReconnectionIsTheNextGenerationAndRechecksThePendingUnplugs() {
        var machine = ReconnectStateMachine(policy: policy)
        _ = machine.connectionLost(generation: 1, reason: "EOF")
        _ = machine.attemptFailed(reason: "no socket")
        #expect(machine.reconnected() == .recheckPendingUnplugs(generation: 2))
        #expect(machine.state == .connected(generation: 2))
        #expect(machine.latestGeneration == 2)
        // The next loss starts again from the first delay.
        #expect(machine.connectionLost(generation: 2, reason: "keepalive") == .reconnect(after: .milliseconds(100), attempt: 1))
        #expect(machine.reconnected() == .recheckPendingUnplugs(generation: 3))
    }

    @Test func aLossReportedTwiceOrForAnOlderConnectionChangesNothing() {
        var machine = ReconnectStateMachine(policy: policy)
        _ = machine.connectionLost(generation: 1, reason: "EOF")
        // The close callback and a failed call both report the same loss.
        #expect(machine.connectionLost(generation: 1, reason: "client socket is closed") == .none)
        #expect(machine.state == .reconnecting(lost: 1, attempt: 1, reason: "EOF"))
        _ = machine.reconnected()
        // A call that failed on the old connection after the new one opened.
        #expect(machine.connectionLost(generation: 1, reason: "client socket is closed") == .none)
        #expect(machine.state == .connected(generation: 2))
        // A generation not opened yet is not the current one either.
        #expect(machine.connectionLost(generation: 3, reason: "?") == .none)
    }

    @Test func aLibvirtdUnreachableAtStartUpIsConnectedToAsGenerationOne() {
        var machine = ReconnectStateMachine(policy: policy, unreachableAtStart: "Failed to connect socket")
        #expect(machine.state == .reconnecting(lost: 0, attempt: 1, reason: "Failed to connect socket"))
        #expect(machine.attemptFailed(reason: "still down") == .reconnect(after: policy.delay(beforeAttempt: 2), attempt: 2))
        #expect(machine.reconnected() == .recheckPendingUnplugs(generation: 1))
        #expect(machine.state == .connected(generation: 1))
    }
}
