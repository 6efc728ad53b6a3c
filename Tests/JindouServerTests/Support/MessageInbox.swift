import JindouClient
import JindouProtocol

/// Collects a connection's received messages and events so a test can wait for the next one.
actor MessageInbox {
    private var messages: [ReceivedMessage] = []
    private var events: [ClientEvent] = []
    private var tasks: [Task<Void, Never>] = []

    init(_ connection: JindouClientConnection) {
        let messageStream = connection.messages
        let eventStream = connection.events
        Task { await self.start(messageStream, eventStream) }
    }

    private func start(_ messageStream: AsyncStream<ReceivedMessage>, _ eventStream: AsyncStream<ClientEvent>) {
        tasks.append(Task { for await message in messageStream { self.append(message) } })
        tasks.append(Task { for await event in eventStream { self.append(event) } })
    }

    private func append(_ message: ReceivedMessage) { messages.append(message) }
    private func append(_ event: ClientEvent) { events.append(event) }

    /// The next message, waiting up to `timeout`.
    func next(timeout: Duration = .seconds(5)) async throws -> ReceivedMessage {
        let deadline = ContinuousClock.now + timeout
        while messages.isEmpty {
            guard ContinuousClock.now < deadline else { throw TestFailure("no message within \(timeout)") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return messages.removeFirst()
    }

    /// Asserts nothing arrives for `duration`; returns what did arrive (empty when all is well).
    func drain(for duration: Duration) async throws -> [ReceivedMessage] {
        try await Task.sleep(for: duration)
        defer { messages.removeAll() }
        return messages
    }

    /// The DISCONNECT packets seen so far.
    var disconnects: [DisconnectPacket] {
        events.compactMap { if case .disconnect(let packet) = $0 { packet } else { nil } }
    }

    /// Waits until a DISCONNECT arrives.
    func nextDisconnect(timeout: Duration = .seconds(5)) async throws -> DisconnectPacket {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let first = disconnects.first { return first }
            guard ContinuousClock.now < deadline else { throw TestFailure("no DISCONNECT within \(timeout)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A JSON payload like the SDKs send.
func textPayload(_ text: String) -> [UInt8] {
    Array("{\"type\":1,\"content\":\"\(text)\"}".utf8)
}

/// Waits until `condition` holds or the timeout passes.
func eventually(timeout: Duration = .seconds(5), _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
