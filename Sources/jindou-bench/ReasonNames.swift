import JindouProtocol

/// Readable names for SENDACK reason codes in the report.
enum ReasonNames {
    private static let names: [UInt8: String] = [
        0: "unknown", 1: "success", 2: "auth_fail", 3: "subscriber_not_exist", 4: "in_blacklist",
        5: "channel_not_exist", 6: "user_not_on_node", 7: "sender_offline", 8: "msg_key_error",
        9: "payload_decode_error", 10: "forward_send_packet_error", 11: "not_allow_send", 12: "connect_kick",
        13: "not_in_whitelist", 14: "query_token_error", 15: "system_error", 16: "channel_id_error",
        17: "node_match_error", 18: "node_not_match", 19: "ban", 20: "not_support_header",
        21: "client_key_is_empty", 22: "rate_limit", 23: "not_support_channel_type", 24: "disband",
        25: "send_ban", 26: "channel_deleting", 27: "protocol_upgrade_required", 28: "idempotency_conflict",
        29: "message_seq_exhausted",
    ]

    /// `sendack_reason_<code>_<name>`.
    static func key(for reason: ReasonCode) -> String {
        "sendack_reason_\(reason.rawValue)_\(names[reason.rawValue] ?? "unnamed")"
    }
}
