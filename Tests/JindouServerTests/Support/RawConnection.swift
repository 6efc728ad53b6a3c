import NIOCore
import NIOPosix
import Synchronization

/// A bare TCP connection for sending bytes no real client would, and reading what comes back.
struct RawConnection: Sendable {
    let channel: any Channel
    private let collector: ByteCollector

    static func open(port: Int) async throws -> RawConnection {
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteCollectorHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    /// Stops (or resumes) reading from the socket, so the server's writes back up.
    func setReading(_ enabled: Bool) async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: enabled).get()
        if enabled { channel.read() }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// Every byte received so far.
    var received: [UInt8] { collector.bytes }

    /// Waits until at least `count` bytes have arrived; returns what arrived.
    func waitForBytes(_ count: Int, timeout: Duration = .seconds(5)) async -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, collector.bytes.count < count {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return collector.bytes
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

    func close() async {
        try? await channel.close()
    }
}

/// The bytes a raw connection received.
final class ByteCollector: Sendable {
    private let storage = Mutex<[UInt8]>([])
    var bytes: [UInt8] { storage.withLock { $0 } }
    func append(_ buffer: ByteBuffer) { storage.withLock { $0.append(contentsOf: buffer.readableBytesView) } }
}

private final class ByteCollectorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let collector: ByteCollector
    init(collector: ByteCollector) { self.collector = collector }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        collector.append(unwrapInboundIn(data))
    }
}
