import JindouProtocol

/// Everything needed to open one client connection to a Jindou (or WuKongIM) server.
public struct ClientConfiguration: Sendable {
    /// How WKProto bytes are carried.
    public enum Transport: Sendable, Hashable {
        /// A raw TCP byte stream (WuKongIM port 5100).
        case tcp
        /// Binary WebSocket frames after an HTTP/1.1 upgrade on `path` (WuKongIM port 5200).
        case webSocket(path: String = "/")
    }

    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// TCP or WebSocket.
    public var transport: Transport
    /// The user id sent in CONNECT.
    public var uid: String
    /// The token sent in CONNECT.
    public var token: String
    /// 0 APP, 1 WEB, 2 PC, 99 SYSTEM.
    public var deviceFlag: UInt8
    /// The device id sent in CONNECT; random by default.
    public var deviceID: String
    /// The protocol version asked for in CONNECT.
    public var protocolVersion: UInt8
    /// Send RECVACK automatically after each verified RECV has been handed over.
    public var autoAck: Bool
    /// Limit for opening the socket, the WebSocket upgrade and the CONNECT/CONNACK exchange together.
    public var connectTimeout: Duration
    /// How long `send` waits for its SENDACK; `nil` waits until the connection closes.
    public var sendTimeout: Duration?
    /// Largest remaining length accepted from the server.
    public var maxPacketSize: Int
    /// Called on the connection's event loop for every verified, decrypted RECV.
    ///
    /// When set, messages are handed to this closure instead of ``JindouClientConnection/messages``,
    /// which then stays empty. It must not block.
    public var onMessage: (@Sendable (ReceivedMessage) -> Void)?

    /// Creates a configuration; only `uid` is required.
    public init(
        host: String = "127.0.0.1",
        port: Int = 5100,
        transport: Transport = .tcp,
        uid: String,
        token: String = "",
        deviceFlag: UInt8 = 0,
        deviceID: String = ClientConfiguration.randomDeviceID(),
        protocolVersion: UInt8 = 5,
        autoAck: Bool = true,
        connectTimeout: Duration = .seconds(10),
        sendTimeout: Duration? = .seconds(30),
        maxPacketSize: Int = 1 << 20,
        onMessage: (@Sendable (ReceivedMessage) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.transport = transport
        self.uid = uid
        self.token = token
        self.deviceFlag = deviceFlag
        self.deviceID = deviceID
        self.protocolVersion = protocolVersion
        self.autoAck = autoAck
        self.connectTimeout = connectTimeout
        self.sendTimeout = sendTimeout
        self.maxPacketSize = maxPacketSize
        self.onMessage = onMessage
    }

    /// A fresh random device id (32 lowercase hex characters).
    public static func randomDeviceID() -> String {
        RandomIdentifier.hex32()
    }
}
