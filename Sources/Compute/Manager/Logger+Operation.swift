import Foundation
import Logging
import PCI

extension Logger {
    /// This logger with one operation's identifiers as metadata, so that every line of it
    /// (in either log format) says which request, server, port and device it is about.
    func operation(request: String, server: UUID, port: String?, device: PCIAddress? = nil) -> Logger {
        var logger = self
        logger[metadataKey: "request_id"] = .string(request)
        logger[metadataKey: "server_id"] = .string(server.uuidString.lowercased())
        if let port { logger[metadataKey: "port_id"] = .string(port) }
        if let device { logger[metadataKey: "pci_slot"] = .string(device.description) }
        return logger
    }
}
