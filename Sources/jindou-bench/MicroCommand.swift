import ArgumentParser
import Foundation
import JindouProtocol
import NIOCore

/// `micro`: the per-packet work of the codec and the session crypto, each case run in a tight
/// loop on one thread. Times are medians of several rounds; `benchmarks/micro-counts.sh` runs the
/// same cases under valgrind for exact instruction and allocation counts per operation.
struct MicroCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micro",
        abstract: "Codec and crypto micro-benchmarks: the server's work per SEND and per RECV, and the client's."
    )

    @Option(help: "Operations per round.")
    var iterations: Int = 100_000

    @Option(help: "Rounds per case; the median is reported.")
    var rounds: Int = 5

    @Option(help: "Plaintext payload bytes.")
    var payloadSize: Int = 256

    @Option(help: "Run only the case of this name, or else the cases whose name contains this.")
    var filter: String?

    @Flag(help: "List the cases and exit.")
    var list = false

    func validate() throws {
        guard iterations >= 0, rounds > 0, payloadSize >= 0 else {
            throw ValidationError("--iterations, --rounds and --payload-size must not be negative (rounds > 0)")
        }
    }

    func run() throws {
        let all = MicroCases(payloadSize: payloadSize).all
        // A case's exact name picks that case alone; otherwise every case containing the text.
        let exact = all.filter { $0.name == filter }
        let cases = exact.isEmpty ? all.filter { filter.map($0.name.contains) ?? true } : exact
        if list {
            for item in cases { print("\(item.name)\t\(item.summary)") }
            return
        }
        guard !cases.isEmpty else { throw ValidationError("no case matches --filter \(filter ?? "")") }
        print("case                              ns/op (median)   ns/op (min)   rounds x iterations")
        for item in cases {
            var samples: [Double] = []
            for _ in 0..<rounds {
                let start = ContinuousClock.now
                for _ in 0..<iterations { item.body() }
                let elapsed = ContinuousClock.now - start
                samples.append(elapsed.seconds * 1e9 / Double(max(iterations, 1)))
            }
            samples.sort()
            let median = samples[samples.count / 2]
            print(
                item.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                    + String(format: "%14.0f %13.0f   %d x %d", median, samples[0], rounds, iterations))
        }
    }
}

/// One micro-benchmark: a name, what it measures, and one operation.
struct MicroCase {
    let name: String
    let summary: String
    let body: () -> Void
}

/// The cases, with their inputs prepared once: a session cipher, a SEND as a client encrypts it
/// and a stored message as the server delivers it.
struct MicroCases {
    let all: [MicroCase]

    init(payloadSize: Int) {
        let cipher = SessionCipher(aesKey: "0123456789abcdef", iv: "fedcba9876543210")
        let plaintext = [UInt8](repeating: UInt8(ascii: "x"), count: payloadSize)
        let allocator = ByteBufferAllocator()
        let version: UInt8 = 5

        // The SEND a client puts on the wire.
        func clientSend() -> ByteBuffer {
            var send = SendPacket(
                flags: [.redDot], clientSeq: 42, clientMsgNo: "0f6c8d3e-1b2a-4c5d-9e8f-7a6b5c4d3e2f",
                channelID: "receiver-0042", channelType: 1, msgKey: "", payload: cipher.encrypt(plaintext))
            send.msgKey = cipher.msgKey(for: send)
            return PacketEncoder.encode(.send(send), version: version, allocator: allocator)
        }
        // The RECV the server builds for one recipient of a stored message.
        func serverRecv() -> ByteBuffer {
            var recv = RecvPacket(
                flags: [.redDot], msgKey: "", fromUID: "sender-0042", channelID: "sender-0042", channelType: 1,
                clientMsgNo: "0f6c8d3e-1b2a-4c5d-9e8f-7a6b5c4d3e2f", messageID: 1_234_567_890_123_456,
                messageSeq: 4242, timestamp: 1_764_000_000, payload: cipher.encrypt(plaintext))
            recv.msgKey = cipher.msgKey(for: recv)
            return PacketEncoder.encode(.recv(recv), version: version, allocator: allocator)
        }
        let sendBytes = clientSend()
        let recvBytes = serverRecv()
        let decoder = PacketDecoder(version: version)
        let ciphertext = cipher.encrypt(plaintext)

        all = [
            MicroCase(
                name: "server.recv", summary: "encrypt the payload, msgKey, encode a RECV (per delivery)",
                body: { blackHole(serverRecv()) }),
            MicroCase(
                name: "server.send",
                summary: "decode a SEND, check its msgKey, decrypt the payload (per message sent)",
                body: {
                    var buffer = sendBytes
                    guard case .send(let send)? = try? decoder.decode(buffer: &buffer),
                        cipher.hasValidMsgKey(send), let payload = try? cipher.decrypt(send.payload)
                    else { fatalError("the prepared SEND does not decode") }
                    blackHole(payload)
                }),
            MicroCase(
                name: "server.sendack", summary: "encode a SENDACK",
                body: {
                    blackHole(
                        PacketEncoder.encode(
                            .sendack(
                                SendackPacket(
                                    messageID: 1_234_567_890_123_456, clientSeq: 42, messageSeq: 4242,
                                    reasonCode: .success)), version: version, allocator: allocator))
                }),
            MicroCase(
                name: "client.send", summary: "encrypt, msgKey and encode a SEND", body: { blackHole(clientSend()) }),
            MicroCase(
                name: "client.recv", summary: "decode a RECV, check its msgKey, decrypt the payload",
                body: {
                    var buffer = recvBytes
                    guard case .recv(let recv)? = try? decoder.decode(buffer: &buffer),
                        cipher.hasValidMsgKey(recv), let payload = try? cipher.decrypt(recv.payload)
                    else { fatalError("the prepared RECV does not decode") }
                    blackHole(payload)
                }),
            MicroCase(
                name: "crypto.encrypt", summary: "AES-128-CBC and base64 of the payload",
                body: { blackHole(cipher.encrypt(plaintext)) }),
            MicroCase(
                name: "crypto.decrypt", summary: "base64-decode and AES-128-CBC-decrypt the payload",
                body: { blackHole(try? cipher.decrypt(ciphertext)) }),
        ]
    }
}

/// Keeps the optimiser from dropping the work that produced `value`.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
