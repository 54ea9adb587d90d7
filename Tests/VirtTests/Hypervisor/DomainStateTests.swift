import Foundation
import Testing
@testable import Virt

struct DomainStateTests {
    @Test(arguments: [(DomainState.running, true), (.paused, true), (.shutoff, false), (.suspended, false)])
    func onlyRunningAndPausedDomainsHaveALiveConfig(_ state: DomainState, _ live: Bool) {
        #expect(state.isLive == live)
    }
}
