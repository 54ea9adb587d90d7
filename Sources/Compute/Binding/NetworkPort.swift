import NetworkModel

/// Foundation also has a `Port` (NSPort); this name keeps the network's port unambiguous.
typealias NetworkPort = NetworkModel.Port
