/// The golden vectors of wkproto.md §8, as text: the key agreement, the AES key, a ciphertext, the
/// msgKeys and every packet's bytes. One copy for the Swift protocol tests (which add the packets
/// these bytes decode to) and the browser client's tests (which hand them to the page).
package enum WKProtoGoldenVectors {
    package static let clientPriv = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
    package static let clientKey = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="
    package static let serverPriv = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
    package static let serverKey = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08="
    package static let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
    package static let sharedBase64 = "Sl2dW6TOLeFyjjv0gDUPJeB+IclH0Z4zdvCbPB4WF0I="
    package static let aesKey = "0c15fdbf4d09bc6c"
    package static let salt = "abcdef1234567890"
    package static let plaintext = #"{"type":1,"content":"hello"}"#
    package static let ciphertext = "JmCPzw5Lv4JnZSeB74lEJMJwZ0rkfxD+GQcdWdQ5gjw="
    package static let sendSignStr = "1cmn1u21JmCPzw5Lv4JnZSeB74lEJMJwZ0rkfxD+GQcdWdQ5gjw="
    package static let sendMsgKey = "124afaa6708b3f5cb6090bd5c50d3850"
    package static let recvSignStr = "10001cmn11700000000u1u11JmCPzw5Lv4JnZSeB74lEJMJwZ0rkfxD+GQcdWdQ5gjw="
    package static let recvMsgKey = "737072936ef63baa0d4c3eddb0db032a"
    /// The lowercase hex MD5 of ``sharedBase64`` (its first 16 characters are ``aesKey``).
    package static let sharedMD5 = "0c15fdbf4d09bc6c861ee10c50569438"
    /// Encrypt("hello") under ``aesKey`` and ``salt``.
    package static let helloCiphertext = "lHmhQSLj/3y7tkoSCBhwmw=="

    /// (name, hex) of each packet at protocol version 4, in §8's order.
    package static let packetHex: [(name: String, hex: String)] = [
        (
            "CONNECT",
            "104404010002643100027531000274310000018bcfe56800002c6853447743596b777031523069333363744437335767322f4f67306d4f427230363653706a717162546d6f3d"
        ),
        (
            "CONNACK",
            "215204fffffffffffffffb01002c33703762665874397762545457324843374f51314e7a2b44513868626547644e7266782b46472b494b30383d0010616263646566313233343536373839300000000000000001"
        ),
        (
            "SEND",
            "326200000000010004636d6e31000275320100000000002031323461666161363730386233663563623630393062643563353064333835304a6d43507a77354c76344a6e5a53654237346c454a4d4a775a30726b6678442b4751636457645135676a773d"
        ),
        ("SENDACK", "421100000000000003e8000000010000000101"),
        (
            "RECV",
            "52720000203733373037323933366566363362616130643463336564646230646230333261000275310002753101000000000004636d6e3100000000000003e8000000016553f1004a6d43507a77354c76344a6e5a53654237346c454a4d4a775a30726b6678442b4751636457645135676a773d"
        ),
        ("RECVACK", "620c00000000000003e800000001"),
        ("DISCONNECT", "90180c00156c6f67696e20696e206f7468657220646576696365"),
        ("PING", "70"),
        ("PONG", "80"),
    ]
}
