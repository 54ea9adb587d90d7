/// Polls `condition` until it holds or `limit` passes: for states that announce nothing
/// (a connection reopened in the background). The limit only stops a broken run; nothing
/// is asserted about speed.
func eventually(upTo limit: Duration = .seconds(60), _ condition: () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
