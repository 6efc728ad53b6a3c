import NIOCore
import NIOWebSocket

/// NIO's WebSocket frame decoder with a size limit that grows once the connection authenticates:
/// before CONNECT is accepted a frame may only be CONNECT-sized, so a client cannot make the
/// server buffer a megabyte per socket before it has proven who it is.
///
/// The limit is checked on each frame header before any of the frame is buffered; the wrapped
/// decoder is only handed whole headers, so this decoder always knows where a frame starts.
struct SizeLimitedWebSocketFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = WebSocketFrame

    private var inner: WebSocketFrameDecoder
    private let preAuthentication: PreAuthentication
    /// The wrapped decoder has read a header and waits for the rest of that frame.
    private var insideFrame = false

    init(maxFrameSize: Int, preAuthentication: PreAuthentication) {
        self.inner = WebSocketFrameDecoder(maxFrameSize: maxFrameSize)
        self.preAuthentication = preAuthentication
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !insideFrame {
            guard let length = Self.payloadLength(of: buffer) else { return .needMoreData }
            // A frame carries a whole packet: its fixed header besides the remaining length.
            let limit = preAuthentication.packetLimit + GatewayConnectionHandler.maxFixedHeaderLength
            guard length <= UInt64(limit) else {
                throw NIOWebSocketError.invalidFrameLength
            }
        }
        let before = buffer.readerIndex
        let state = try inner.decode(context: context, buffer: &buffer)
        switch state {
        case .continue:
            insideFrame = false
        case .needMoreData:
            insideFrame = buffer.readerIndex != before
        }
        return state
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        .needMoreData
    }

    /// The payload length a whole frame header at the buffer's start declares; nil until the
    /// whole header (length words and masking key included) has arrived.
    static func payloadLength(of buffer: ByteBuffer) -> UInt64? {
        guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
        let masked = second & 0x80 != 0
        let maskBytes = masked ? 4 : 0
        let length: UInt64
        let headerLength: Int
        switch second & 0x7F {
        case 126:
            guard let word = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self) else { return nil }
            length = UInt64(word)
            headerLength = 4 + maskBytes
        case 127:
            guard let word = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt64.self) else { return nil }
            length = word
            headerLength = 10 + maskBytes
        case let short:
            length = UInt64(short)
            headerLength = 2 + maskBytes
        }
        guard buffer.readableBytes >= headerLength else { return nil }
        return length
    }
}
