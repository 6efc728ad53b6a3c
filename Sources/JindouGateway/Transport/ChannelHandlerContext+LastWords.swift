import NIOCore

extension ChannelHandlerContext {
    /// How long a connection's last words may take to go out before it is closed without them.
    static let lastWordsGrace = TimeAmount.seconds(2)

    /// Writes a connection's last words (a DISCONNECT, a WebSocket close frame), then runs `close`
    /// once. A peer that is not reading would leave them queued behind everything else: with the
    /// outbound buffer full the connection is closed without them, and if they have not gone out
    /// within ``lastWordsGrace`` it is closed anyway.
    func writeLastWords(_ data: NIOAny, thenClose close: @escaping @Sendable () -> Void) {
        guard channel.isWritable else {
            close()
            return
        }
        let closed = NIOLoopBoundBox(false, eventLoop: eventLoop)
        let closeOnce: @Sendable () -> Void = {
            guard !closed.value else { return }
            closed.value = true
            close()
        }
        let fallback = eventLoop.scheduleTask(in: Self.lastWordsGrace, closeOnce)
        writeAndFlush(data).whenComplete { _ in
            fallback.cancel()
            closeOnce()
        }
    }
}
