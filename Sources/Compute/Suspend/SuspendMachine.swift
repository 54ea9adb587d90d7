import ComputeModel
import Store

/// Suspend and resume of a server with direct-passthrough devices (issue 14 item 3), as a
/// pure state machine in the shape of `DetachStateMachine` and `ReleaseMachine`, as Nova's
/// libvirt driver does them: a suspend takes each passthrough device out of the guest
/// (QEMU cannot save a guest that holds a VFIO or vhost-vdpa device), then makes the
/// managed save; a resume restores the saved guest, then plugs each device back. The
/// claims never move: the devices stay the server's (`allocated`) and in its persistent
/// configuration throughout, the ports stay bound.
///
/// When a step fails:
/// - a suspend puts back what it took out (the guest still runs) and the server stays
///   ACTIVE; Nova leaves the server in ERROR with its devices out of the guest;
/// - a device whose removal the guest did not confirm, or that could not be plugged back,
///   is quarantined (still the server's, with the reason): where it is cannot be said,
///   so it is neither freed nor counted as in use;
/// - a device that could not be plugged back puts the server in ERROR, as Nova's resume
///   does (its `_error_out_instance_on_exception`); a hard reboot boots from the
///   configuration, which still holds every device.
///
/// `SuspendRunner` carries out the actions and answers each with its event.
public struct SuspendMachine: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        case suspend, resume

        /// The vm_state the server ends in when everything succeeded.
        public var target: VMState { self == .suspend ? .suspended : .active }
    }

    /// A device left quarantined, with why.
    public struct Unconfirmed: Sendable, Hashable {
        public var interface: VirtualInterface
        public var reason: String
    }

    /// How the operation ended: the server's vm_state, the devices to quarantine, and the
    /// failure the instance action's event records (nil: succeeded).
    public struct Outcome: Sendable, Hashable {
        public var vmState: VMState
        public var quarantined: [Unconfirmed]
        public var failure: String?
    }

    enum State: Sendable, Hashable {
        case idle
        /// The suspend's detaches: `remaining[0]` is being taken out; `detached` are out.
        case detaching(remaining: [VirtualInterface], detached: [VirtualInterface])
        case saving(detached: [VirtualInterface])
        case restoring([VirtualInterface])
        /// Plugging back (a resume, or a suspend putting back what it took out):
        /// `remaining[0]` is being plugged; `ending` is the outcome once all are tried.
        case plugging(remaining: [VirtualInterface], ending: Outcome)
        case committing(Outcome)
        case finished
    }

    public let operation: Operation
    var state: State = .idle

    public init(operation: Operation) {
        self.operation = operation
    }

    public var isFinished: Bool { state == .finished }
}
