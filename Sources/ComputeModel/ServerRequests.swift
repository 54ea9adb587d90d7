import Foundation

/// `POST /servers`, validated by the API.
public struct CreateServerRequest: Sendable, Hashable, Codable {
    public enum Networks: Sendable, Hashable, Codable {
        /// `"none"`: no interfaces at all.
        case none
        /// `"auto"`: not supported without a default network; refused with a clear explanation.
        case auto
        case list([RequestedNetwork])
    }

    public enum RequestedNetwork: Sendable, Hashable, Codable {
        case port(id: String, tag: String?)
        case network(id: String, fixedIP: String?, tag: String?)
    }

    public var name: String
    public var flavorID: String
    public var imageID: String?
    public var networks: Networks
    public var metadata: [String: String]
    /// `os:scheduler_hints`, as Nova's request spec keeps them (each value a list of
    /// strings). They choose nothing on the one host here; the server shows them (2.100).
    public var schedulerHints: [String: [String]]
    /// `availability_zone = "nova:HOST"` (admins only): the host the server must land on,
    /// as Nova's forced host skips the scheduler's choice.
    public var forcedHost: String?

    public init(
        name: String, flavorID: String, imageID: String?, networks: Networks, metadata: [String: String] = [:],
        schedulerHints: [String: [String]] = [:], forcedHost: String? = nil
    ) {
        self.forcedHost = forcedHost
        self.name = name
        self.flavorID = flavorID
        self.imageID = imageID
        self.networks = networks
        self.metadata = metadata
        self.schedulerHints = schedulerHints
    }
}

/// `GET /servers` query, already parsed.
public struct ServerFilter: Sendable, Hashable {
    /// Nova treats `name` as a regular expression matched anywhere in the name.
    public var name: String?
    /// Admins only: every project's servers.
    public var allTenants: Bool
    /// Admins only, with `allTenants`: one project's servers.
    public var projectID: String?
    /// An API status such as `ACTIVE`.
    public var status: String?

    public init(name: String? = nil, allTenants: Bool = false, projectID: String? = nil, status: String? = nil) {
        self.name = name
        self.allTenants = allTenants
        self.projectID = projectID
        self.status = status
    }
}

/// The server actions of `POST /servers/{id}/action`.
public enum ServerAction: Sendable, Hashable, Codable {
    case lock(reason: String?)
    case unlock
    case stop
    case start
    case pause
    case unpause
    case suspend
    case resume
    /// `{"reboot": {"type": "SOFT" | "HARD"}}`.
    case reboot(hard: Bool)
    /// `{"rebuild": {"imageRef": …}}`: the guest recreated from the image, its ports kept.
    case rebuild(RebuildRequest)

    /// The instance-action name Nova records.
    public var actionName: String {
        switch self {
        case .lock: "lock"
        case .unlock: "unlock"
        case .stop: "stop"
        case .start: "start"
        case .pause: "pause"
        case .unpause: "unpause"
        case .suspend: "suspend"
        case .resume: "resume"
        case .reboot: "reboot"
        case .rebuild: "rebuild"
        }
    }
}

/// `{"rebuild": {…}}`, validated by the API: the image, and what the rebuild renames or
/// replaces (nil: kept).
public struct RebuildRequest: Sendable, Hashable, Codable {
    public var imageID: String
    public var name: String?
    public var metadata: [String: String]?

    public init(imageID: String, name: String? = nil, metadata: [String: String]? = nil) {
        self.imageID = imageID
        self.name = name
        self.metadata = metadata
    }
}

/// `POST /servers/{id}/os-interface`, validated by the API (UUID formats, tag rules, the
/// net/port/IP combinations).
public struct AttachInterfaceRequest: Sendable, Hashable, Codable {
    public var portID: String?
    public var netID: String?
    public var fixedIP: String?
    public var tag: String?

    public init(portID: String? = nil, netID: String? = nil, fixedIP: String? = nil, tag: String? = nil) {
        self.portID = portID
        self.netID = netID
        self.fixedIP = fixedIP
        self.tag = tag
    }
}

/// An image the service can boot (a read-only catalogue).
public struct Image: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var status: String
    public var createdAt: Date
    public var minDiskGB: Int
    public var minRAMMB: Int

    public init(id: String, name: String, status: String = "active", createdAt: Date, minDiskGB: Int = 0, minRAMMB: Int = 0) {
        self.id = id
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.minDiskGB = minDiskGB
        self.minRAMMB = minRAMMB
    }
}

/// What `GET /os-pci-devices` lists: a ledger row and the host it is on.
public struct PCIDeviceListing: Sendable, Hashable {
    public var host: String
    public var device: PCIDeviceRow

    public init(host: String, device: PCIDeviceRow) {
        self.host = host
        self.device = device
    }
}
