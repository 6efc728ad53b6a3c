import JindouCore

/// Several observers as one: each hears everything it asked for.
package struct ObserverFanOut: MessagingObserver {
    private let observers: [any MessagingObserver]

    /// nil when no observer is given, the observer itself when only one is.
    package static func combining(_ observers: [(any MessagingObserver)?]) -> (any MessagingObserver)? {
        let present = observers.compactMap { $0 }
        switch present.count {
        case 0: return nil
        case 1: return present[0]
        default: return ObserverFanOut(observers: present)
        }
    }

    package var observesOfflineRecipients: Bool {
        observers.contains { $0.observesOfflineRecipients }
    }

    package func messageStored(_ message: StoredMessage) {
        for observer in observers { observer.messageStored(message) }
    }

    package func recipientsOffline(_ uids: [String], of message: StoredMessage) {
        for observer in observers where observer.observesOfflineRecipients {
            observer.recipientsOffline(uids, of: message)
        }
    }

    package func presenceChanged(_ change: PresenceChange) {
        for observer in observers { observer.presenceChanged(change) }
    }
}
