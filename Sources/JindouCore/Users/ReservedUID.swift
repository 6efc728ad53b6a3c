/// Uids with a fixed meaning.
package enum ReservedUID {
    /// The system sender; `POST /message/send` without a from_uid sends as this uid.
    package static let system = "____system"
    /// The manager uid, which connects with the admin token.
    package static let manager = "____manager"
}
