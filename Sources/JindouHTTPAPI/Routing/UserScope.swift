/// What a user credential (``UserCredential``) may reach on a route that accepts one, declared
/// where the route is registered (`routes.read.orUser(.bodyUID("uid"))`). The access middleware
/// enforces it before the handler runs: the request must be about the signed-in user, or a 403
/// says which field is not.
package enum UserScope: Sendable, Hashable {
    /// The query parameter, when given and not empty, must be the signed-in uid.
    case queryUID(String)
    /// The JSON body's field must be the signed-in uid.
    case bodyUID(String)
    /// The JSON body's `uidField` must be the signed-in uid, and the channel its `channel_id` and
    /// `channel_type` name must be one the user may read: a person channel always is (it is
    /// resolved as seen by the user, so it is one of theirs), any other channel only for a
    /// subscriber.
    case bodyChannel(uidField: String)
}
