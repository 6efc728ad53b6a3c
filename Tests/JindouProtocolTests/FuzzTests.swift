import NIOCore
import Testing

@testable import JindouProtocol

@Suite("Decoder fuzzing")
struct FuzzTests {
    /// Valid encodings to mutate: every sample packet at every version, plus the golden vectors.
    static let corpus: [(version: UInt8, bytes: [UInt8])] = {
        var corpus: [(UInt8, [UInt8])] = Golden.packets.map { (4, bytes(hex: $0.hex)) }
        for version in UInt8(1)...6 {
            for variant in 0..<6 {
                for packet in samplePackets(version: version, variant: variant) {
                    corpus.append((version, encoded(packet, version: version)))
                }
            }
        }
        return corpus
    }()

    /// Builds one input: random bytes, or one to three corpus packets with random mutations.
    static func makeInput(using rng: inout SplitMix64) -> (version: UInt8, bytes: [UInt8]) {
        if rng.next() % 4 == 0 {
            let count = Int(rng.next() % 48)
            var input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Bias the first byte towards known packet types so bodies get parsed.
            if !input.isEmpty && rng.next() % 2 == 0 { input[0] = UInt8(1 + rng.next() % 12) << 4 | (input[0] & 0x0F) }
            return (UInt8(rng.next() % 8), input)
        }
        let first = corpus[Int(rng.next() % UInt64(corpus.count))]
        var input = first.bytes
        for _ in 0..<Int(rng.next() % 3) { input += corpus[Int(rng.next() % UInt64(corpus.count))].bytes }
        let mutations = 1 + Int(rng.next() % 4)
        for _ in 0..<mutations {
            switch rng.next() % 6 {
            case 0, 1:  // flip bits in a byte
                guard !input.isEmpty else { break }
                input[Int(rng.next() % UInt64(input.count))] ^= UInt8(1 + rng.next() % 255)
            case 2:  // truncate
                guard !input.isEmpty else { break }
                input.removeLast(Int(rng.next() % UInt64(input.count)) + 1)
            case 3:  // insert random bytes
                let at = Int(rng.next() % UInt64(input.count + 1))
                let count = 1 + Int(rng.next() % 4)
                input.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
            case 4:  // delete a range
                guard !input.isEmpty else { break }
                let at = Int(rng.next() % UInt64(input.count))
                input.removeSubrange(at..<min(input.count, at + 1 + Int(rng.next() % 4)))
            default:  // overwrite with boundary values
                guard !input.isEmpty else { break }
                let values: [UInt8] = [0x00, 0x7F, 0x80, 0xFF]
                input[Int(rng.next() % UInt64(input.count))] = values[Int(rng.next() % 4)]
            }
        }
        // Usually decode with the right version, sometimes with another one.
        let version = rng.next() % 4 == 0 ? UInt8(rng.next() % 8) : first.version
        return (version, input)
    }

    @Test("100,000 random and mutated inputs: packets, nil or ProtocolError, never stuck")
    func fuzz() {
        var rng = SplitMix64(seed: 0x4A49_4E44_4F55)  // "JINDOU"
        var failures: [String] = []
        var packets = 0
        var errors = 0
        var waits = 0
        for iteration in 0..<100_000 {
            let (version, input) = Self.makeInput(using: &rng)
            let limit = rng.next() % 8 == 0 ? Int(rng.next() % 64) : 1 << 20
            let decoder = PacketDecoder(version: version, maxRemainingLength: limit)
            var buffer = ByteBuffer(bytes: input)
            var steps = 0
            loop: while true {
                steps += 1
                if steps > input.count + 1 {
                    failures.append("iteration \(iteration): no progress after \(steps) steps")
                    break
                }
                let before = buffer.readerIndex
                do {
                    guard let packet = try decoder.decode(buffer: &buffer) else {
                        if buffer.readerIndex != before {
                            failures.append("iteration \(iteration): nil moved the reader index")
                        }
                        waits += 1
                        break loop
                    }
                    packets += 1
                    if buffer.readerIndex <= before {
                        failures.append("iteration \(iteration): packet without progress")
                    }
                    // A decoded packet is always encodable and decodes again to itself.
                    if let problem = PacketEncoder.validate(packet, version: version) {
                        failures.append("iteration \(iteration): decoded packet invalid: \(problem)")
                    } else {
                        var again = PacketEncoder.encode(packet, version: version)
                        let redecoded = try? PacketDecoder(version: version, maxRemainingLength: .max).decode(
                            buffer: &again)
                        if redecoded != packet || again.readableBytes != 0 {
                            failures.append("iteration \(iteration): re-encoding changed \(packet)")
                        }
                    }
                    if buffer.readableBytes == 0 { break loop }
                } catch {
                    errors += 1
                    if buffer.readerIndex != before {
                        failures.append("iteration \(iteration): error moved the reader index")
                    }
                    break loop
                }
            }
            if failures.count > 10 { break }
        }
        #expect(failures.isEmpty, "\(failures)")
        // The generator must actually exercise all three outcomes.
        #expect(
            packets > 10_000 && errors > 10_000 && waits > 10_000, "packets \(packets) errors \(errors) waits \(waits)")
    }
}
