/// Uids with a fixed meaning.
public enum ReservedUID {
    /// The system sender; `POST /message/send` without a from_uid sends as this uid.
    public static let system = "____system"
    /// The manager uid, which connects with the admin token.
    public static let manager = "____manager"
}
