import CLibvirt

extension LibvirtError {
    /// Whether the error says the connection to libvirtd is gone rather than that the call
    /// was refused: what Nova reads as a broken connection (a system or internal error of
    /// the remote driver or its RPC layer: "client socket is closed", "Cannot recv data:
    /// Connection reset by peer", "End of file while reading data", "Cannot write data:
    /// Broken pipe"), an invalid connection object, and our own "not connected" while the
    /// connection is being opened again. A system error of another part of libvirt (QEMU's
    /// "Cannot get interface MAC on 'eth9'") is a refusal, not a loss.
    public var isConnectionLoss: Bool {
        if self.is(VIR_ERR_NO_CONNECT) || self.is(VIR_ERR_INVALID_CONN) { return true }
        let transport = domain == Int32(VIR_FROM_REMOTE.rawValue) || domain == Int32(VIR_FROM_RPC.rawValue)
        return transport && (self.is(VIR_ERR_SYSTEM_ERROR) || self.is(VIR_ERR_INTERNAL_ERROR))
    }

    /// libvirtd's socket did not answer (not started yet, restarting): the transport's own
    /// failure, where a wrong driver or a refused authentication is not.
    public var isDaemonUnreachable: Bool {
        let transport = domain == Int32(VIR_FROM_REMOTE.rawValue) || domain == Int32(VIR_FROM_RPC.rawValue)
        return transport && self.is(VIR_ERR_SYSTEM_ERROR)
    }

    /// The error of a call made while there is no connection: nothing was sent.
    static func notConnected(uri: String, reason: String) -> LibvirtError {
        LibvirtError(
            code: Int32(VIR_ERR_NO_CONNECT.rawValue), domain: Int32(VIR_FROM_REMOTE.rawValue),
            message: "no connection to libvirt at \(uri): it was lost (\(reason)) and is being opened again")
    }

    /// A call's error when the connection turned out dead after it, whatever libvirt
    /// called the failure.
    static func lostDuringCall(uri: String, _ error: LibvirtError) -> LibvirtError {
        LibvirtError(
            code: Int32(VIR_ERR_NO_CONNECT.rawValue), domain: Int32(VIR_FROM_REMOTE.rawValue),
            message: "the connection to libvirt at \(uri) closed during the call (\(error.message)); it is being opened again")
    }
}
