/// Picks individual messages of a channel by seq, message id or client_msg_no (`POST /messages`).
package struct MessageSelector: Sendable, Hashable {
    package var seqs: [UInt64]
    package var messageIDs: [Int64]
    package var clientMsgNos: [String]

    package init(seqs: [UInt64] = [], messageIDs: [Int64] = [], clientMsgNos: [String] = []) {
        self.seqs = seqs
        self.messageIDs = messageIDs
        self.clientMsgNos = clientMsgNos
    }

    /// Whether nothing is selected.
    package var isEmpty: Bool { seqs.isEmpty && messageIDs.isEmpty && clientMsgNos.isEmpty }
}
