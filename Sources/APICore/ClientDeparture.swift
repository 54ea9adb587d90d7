import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// Whether the client of a connection has gone (it closed its side, or the connection
/// dropped), so that work nobody will read stops: a read whose client timed out no longer
/// burns CPU for minutes (issue 10, finding 7).
///
/// A client that only half-closes after its last request (no common HTTP client does)
/// counts as gone too: TCP cannot tell the two apart. Go's HTTP server decides the same
/// way (its request context is cancelled on the connection's EOF once no further request
/// is buffered). Only reads are cancelled (`Endpoint`), and they answer 499.
public final class ClientDeparture: Sendable {
    private struct State {
        var isGone = false
        var nextToken = 0
        var callbacks: [Int: @Sendable () -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Calls `callback` once the client is gone (at once if it is already); the token
    /// removes it.
    func whenGone(_ callback: @escaping @Sendable () -> Void) -> Int? {
        let token: Int? = state.withLockedValue { state in
            guard !state.isGone else { return nil }
            state.nextToken += 1
            state.callbacks[state.nextToken] = callback
            return state.nextToken
        }
        if token == nil { callback() }
        return token
    }

    func remove(_ token: Int?) {
        guard let token else { return }
        state.withLockedValue { _ = $0.callbacks.removeValue(forKey: token) }
    }

    func markGone() {
        let callbacks = state.withLockedValue { state -> [@Sendable () -> Void] in
            guard !state.isGone else { return [] }
            state.isGone = true
            defer { state.callbacks = [:] }
            return Array(state.callbacks.values)
        }
        for callback in callbacks { callback() }
    }

    // MARK: The connections being served

    private static let registry = NIOLockedValueBox<[ObjectIdentifier: ClientDeparture]>([:])

    /// The departure of the connection a request came on; nil outside a real server (the
    /// router tests).
    public static func of(_ channel: any Channel) -> ClientDeparture? {
        registry.withLockedValue { $0[ObjectIdentifier(channel)] }
    }

    fileprivate static func register(_ departure: ClientDeparture, for channel: any Channel) {
        registry.withLockedValue { $0[ObjectIdentifier(channel)] = departure }
    }

    fileprivate static func unregister(_ channel: any Channel) {
        registry.withLockedValue { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Sits in each connection's pipeline after the HTTP decoding and marks its
/// `ClientDeparture` when the channel goes away, or when the client has closed its side
/// (the server allows half-closure, so the channel stays active until a response is
/// written) and the request being answered is the last it sent. A client that pipelined
/// more requests before closing its side is waiting for their answers.
public final class ClientDepartureHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let departure = ClientDeparture()
    private var requestsReceived = 0
    private var responsesFinished = 0
    private var inputClosed = false

    public init() {}

    /// Gone once nothing the client sent waits behind the request being answered.
    private func markGoneIfNothingWaits() {
        if inputClosed, requestsReceived - responsesFinished <= 1 { departure.markGone() }
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        ClientDeparture.register(departure, for: context.channel)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        departure.markGone()
        ClientDeparture.unregister(context.channel)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requestsReceived += 1 }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responsesFinished += 1
            markGoneIfNothingWaits()
        }
        context.write(data, promise: promise)
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed? = event as? ChannelEvent {
            inputClosed = true
            markGoneIfNothingWaits()
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        departure.markGone()
        ClientDeparture.unregister(context.channel)
        context.fireChannelInactive()
    }
}

extension APIRequestContext {
    /// Runs `body` as a task of its own that is cancelled when the client goes away, so
    /// the work can stop at its next cancellation check.
    public func cancellingWhenClientLeaves<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let departure else { return try await body() }
        let task = Task { try await body() }
        let token = departure.whenGone { task.cancel() }
        defer { departure.remove(token) }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }
}
