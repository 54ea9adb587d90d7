import NetworkModel

/// Foundation also has a `Port` (NSPort); inside this module `Port` is the network's.
typealias Port = NetworkModel.Port
