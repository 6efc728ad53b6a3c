/// Picks individual messages of a channel by seq, message id or client_msg_no (`POST /messages`).
public struct MessageSelector: Sendable, Hashable {
    public var seqs: [UInt64]
    public var messageIDs: [Int64]
    public var clientMsgNos: [String]

    public init(seqs: [UInt64] = [], messageIDs: [Int64] = [], clientMsgNos: [String] = []) {
        self.seqs = seqs
        self.messageIDs = messageIDs
        self.clientMsgNos = clientMsgNos
    }

    /// Whether nothing is selected.
    public var isEmpty: Bool { seqs.isEmpty && messageIDs.isEmpty && clientMsgNos.isEmpty }
}
