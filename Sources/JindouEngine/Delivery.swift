import JindouCore
import NIOCore

/// Fans a message out to every online connection of its recipients.
///
/// Never waits on a recipient: it groups the target connections by event loop and hands each loop
/// one task, which encrypts and writes the RECV for each of its connections. Queued tasks count
/// against the ``DeliveryBacklog`` until they have run.
struct Delivery: Sendable {
    let sessions: SessionRegistry
    let channels: ChannelRegistry
    let backlog: DeliveryBacklog
    let metrics: MessagingMetrics
    let observer: (any MessagingObserver)?

    /// Delivers `message` to its recipients' connections except `origin`; for a stored message,
    /// tells the observer which recipients had no connection (unless `reportsOffline` is false:
    /// in a cluster, the node that committed the message reports).
    func fanOut(_ message: StoredMessage, excluding origin: ClientSession?, reportsOffline: Bool = true) {
        let recipients = recipients(of: message)
        let targets = sessions.sessions(of: recipients)
        if reportsOffline, message.seq > 0, let observer, observer.observesOfflineRecipients {
            reportOffline(recipients, online: targets, of: message, to: observer)
        }
        var count = 0
        var last: ClientSession?
        for session in targets where session !== origin {
            count += 1
            last = session
        }
        guard let last else { return }
        metrics.deliveries.increment(by: count)
        let backlog = self.backlog
        // The common case of a 1:1 message, one connection to deliver to: no grouping by loop.
        if count == 1 {
            let cost = DeliveryBacklog.cost(payloadSize: message.payload.count)
            backlog.reserve(cost)
            last.eventLoop.execute {
                last.connection.value.deliver(message)
                backlog.release(cost)
            }
            return
        }
        var byLoop: [ObjectIdentifier: (any EventLoop, [ClientSession])] = [:]
        for session in targets where session !== origin {
            let id = ObjectIdentifier(session.eventLoop)
            byLoop[id, default: (session.eventLoop, [])].1.append(session)
        }
        for (_, (loop, group)) in byLoop {
            let cost = DeliveryBacklog.cost(payloadSize: message.payload.count, count: group.count)
            backlog.reserve(cost)
            loop.execute {
                for session in group {
                    session.connection.value.deliver(message)
                }
                backlog.release(cost)
            }
        }
    }

    private func reportOffline(
        _ recipients: [String], online: [ClientSession], of message: StoredMessage, to observer: any MessagingObserver
    ) {
        let onlineUIDs = Set(online.lazy.map(\.uid))
        let offline = recipients.filter { $0 != message.fromUID && !onlineUIDs.contains($0) }
        if !offline.isEmpty {
            observer.recipientsOffline(offline, of: message)
        }
    }

    /// How many RECVs a message to `channel` will cost, at least one: an estimate for the
    /// backlog, its subscribers but no more than the connections online.
    func recipientCount(of channel: ChannelKey) -> Int {
        guard channel.type != .person else { return 2 }
        let subscribers = channels.state(of: channel)?.subscribers.count ?? 1
        return max(1, min(subscribers, sessions.connectionCount))
    }

    /// The uids that receive a message: both members of a person channel, or the subscribers of any
    /// other channel minus its denylist. `____system` never receives.
    func recipients(of message: StoredMessage) -> [String] {
        var uids: [String]
        if message.channel.type == .person {
            guard let (first, second) = PersonChannel.members(of: message.channel.id, reusing: message.fromUID) else {
                return []
            }
            uids = first == second ? [first] : [first, second]
        } else {
            guard let state = channels.state(of: message.channel) else { return [] }
            uids =
                state.denylist.isEmpty
                ? Array(state.subscribers) : state.subscribers.filter { !state.denylist.contains($0) }
        }
        uids.removeAll { $0 == ReservedUID.system }
        return uids
    }
}
