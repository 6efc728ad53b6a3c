import NIOCore
import NIOPosix

/// A bare TCP connection for sending bytes no real client would.
struct RawConnection: Sendable {
    let channel: any Channel

    static func open(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel)
    }

    /// Stops (or resumes) reading from the socket, so the server's writes back up.
    func setReading(_ enabled: Bool) async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: enabled).get()
        if enabled { channel.read() }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    /// True if the server closed the connection within `timeout`.
    func waitForClose(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let closed = !channel.isActive
        try? await channel.close()
        return closed
    }
}
