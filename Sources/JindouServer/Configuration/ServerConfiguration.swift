import Foundation
import JindouCore
import JindouWebhooks
import Logging

/// Everything `jindou serve` can be told, with its defaults.
///
/// Each setting has a key used in the config file (`data_dir`), an environment variable
/// (`JINDOU_DATA_DIR`) and a command-line flag (`--data-dir`). Flags override the environment,
/// which overrides the file.
package struct ServerConfiguration: Sendable, Equatable {
    /// Where the embedded database lives.
    package var dataDirectory = "./data"
    /// The storage backend: the embedded SQLite database in ``dataDirectory``, or a PostgreSQL server.
    package var store = StoreSelection.sqlite
    /// The most connections to PostgreSQL the reads and non-message writes use (the append writer
    /// has one of its own).
    package var postgresPoolSize = 10
    /// Seconds to wait for PostgreSQL when connecting (at startup: for the migrations too).
    package var postgresConnectTimeout = 10.0
    /// On PostgreSQL (a cluster): seconds without a heartbeat after which a node counts as gone.
    package var clusterHeartbeatTimeout = 15.0
    /// On PostgreSQL (a cluster): seconds a privilege change waits for every live node to apply it.
    package var clusterApplyTimeout = 2.0
    /// The management HTTP API; nil picks ``defaultOpenAPIAddress`` when no API token is
    /// configured (an open API stays on this machine) and ``defaultHTTPAddress`` otherwise.
    package var httpAddress: HostPort?
    /// Binary WKProto over TCP.
    package var tcpAddress = HostPort(host: "0.0.0.0", port: 5100)
    /// WKProto over WebSocket.
    package var wsAddress = HostPort(host: "0.0.0.0", port: 5200)
    /// This node's id (0...1023), in CONNACK and in message ids.
    package var nodeID = 1
    /// Seconds before an unacknowledged RECV is resent.
    package var recvRetryInterval = 60.0
    /// How many times an unacknowledged RECV is resent.
    package var recvRetryLimit = 5
    /// Seconds an unauthenticated connection may stay open.
    package var authTimeout = 4.0
    /// Seconds an authenticated connection may stay silent.
    package var idleTimeout = 180.0
    /// The largest packet a client may send, in bytes.
    package var maxPacketSize = 1 << 20
    /// Bytes a connection may have queued for sending before it is closed as a slow consumer.
    package var outboundBufferLimit = 8 << 20
    /// The largest packet a client may send before its CONNECT is accepted, in bytes.
    package var maxConnectPacketSize = 4096
    /// Connections (TCP and WebSocket together) that may be waiting to authenticate at once.
    package var maxUnauthenticatedConnections = 2048
    /// Bytes of unacknowledged RECVs a connection may hold before it is closed as a slow consumer.
    package var maxUnacknowledgedBytes = 4 << 20
    /// Bytes of accepted send work (queued appends and RECVs) past which new sends are refused;
    /// 0 = no bound.
    package var deliveryBacklogBudget = 256 << 20
    /// Seconds a graceful shutdown waits for SENDACKs of messages already being stored.
    package var shutdownDrainTimeout = 10.0
    /// Whether a graceful shutdown sends each client DISCONNECT before closing.
    package var disconnectOnShutdown = true
    /// Seconds the HTTP API waits for a request's head, from the connection's start or its first byte.
    package var httpHeaderTimeout = 10.0
    /// Seconds the HTTP API waits for a whole request, body included, from the same start.
    package var httpRequestTimeout = 30.0
    /// Seconds an idle keep-alive HTTP connection stays open.
    package var httpIdleTimeout = 60.0
    /// HTTP connections open at once; past it the API stops accepting until one closes.
    package var httpMaxConnections = 1024
    /// When false, person channels enforce the recipient's allowlist as a friend list.
    package var ignoresPersonAllowlist = true
    /// Messages per second one user may send (all devices and the API together); 0 = no limit.
    /// System users are exempt.
    package var userSendRate = 50.0
    /// Messages a user may send in one burst.
    package var userSendBurst = 100
    /// The TCP address `/route` hands out (`host:port`); empty = the bound TCP address.
    package var externalTCPAddress = ""
    /// The WebSocket URL `/route` hands out (`ws://host:port`); empty = the bound WebSocket address.
    package var externalWSAddress = ""
    /// The secure WebSocket URL `/route` hands out (`wss://…`, a TLS front); empty = none.
    package var externalWSSAddress = ""
    /// The API tokens (`name:role:secret,…`); none means the API is open (and loopback-only
    /// unless ``insecureOpenAPI``).
    package var apiTokens: [APIToken] = []
    /// Allows an open API (no tokens) on a non-loopback address.
    package var insecureOpenAPI = false
    /// Requests per second each token may make to `/user/*` and `/users*` together; 0 = no limit.
    package var userAPIRate = 100.0
    /// Requests per second each token of a role may make to the rest of the API; 0 = no limit.
    package var apiRates: [APIRole: Double] = [.admin: 0, .service: 0, .readonly: 0]
    /// Requests per second a user may make with their own credential (`Authorization: WKUser`),
    /// per uid; 0 = no limit.
    package var userCredentialRate = 20.0
    /// System uids that cannot be removed (and are system users from startup on).
    package var protectedSystemUIDs: [String] = []
    /// Whether `/metrics` needs an admin token (by default it is open, for scrapers).
    package var metricsRequireToken = false
    /// The organization and application names of the Easemob-style `/{org}/{app}/users` routes.
    package var organization = "jindou"
    package var application = "default"
    /// Where the webhooks go (`POST {url}?event=…`); empty = no webhooks.
    package var webhookURL = ""
    /// The webhook events sent.
    package var webhookEvents = Set(WebhookEvent.allCases)
    /// The HMAC key that signs webhook requests; empty = unsigned.
    package var webhookSecret = ""
    /// The most messages or status lines in one webhook request.
    package var webhookBatchMax = 100
    /// Seconds a webhook batch waits to fill.
    package var webhookBatchInterval = 0.5
    /// Seconds one webhook request may take.
    package var webhookTimeout = 10.0
    /// Seconds before the first webhook retry (doubling, with jitter, up to ``webhookRetryMax``).
    package var webhookRetryBase = 1.0
    package var webhookRetryMax = 60.0
    /// Seconds a webhook request is retried before it becomes a dead letter.
    package var webhookMaxAge = 86_400.0
    /// msg.offline uid lists longer than this are gzip-compressed.
    package var webhookOfflineCompressThreshold = 1000
    /// msg.offline and user.onlinestatus events queued in memory per event.
    package var webhookQueueMax = 100_000
    /// trace, debug, info, notice, warning, error or critical.
    package var logLevel = Logger.Level.info

    /// The webhooks' settings, nil when no ``webhookURL`` is set.
    package var webhooks: WebhookConfiguration? {
        guard let url = WebhookConfiguration.validURL(webhookURL) else { return nil }
        var webhooks = WebhookConfiguration(url: url)
        webhooks.events = webhookEvents
        webhooks.secret = webhookSecret
        webhooks.batchMax = webhookBatchMax
        webhooks.batchInterval = .seconds(webhookBatchInterval)
        webhooks.timeout = .seconds(webhookTimeout)
        webhooks.retryBase = .seconds(webhookRetryBase)
        webhooks.retryMax = .seconds(webhookRetryMax)
        webhooks.maxAge = .seconds(webhookMaxAge)
        webhooks.offlineCompressThreshold = webhookOfflineCompressThreshold
        webhooks.queueLimit = webhookQueueMax
        return webhooks
    }

    /// Where the API listens when http_addr is not set and tokens are configured.
    package static let defaultHTTPAddress = HostPort(host: "0.0.0.0", port: 5001)
    /// Where an open API (no tokens) listens when http_addr is not set.
    package static let defaultOpenAPIAddress = HostPort(host: "127.0.0.1", port: 5001)

    /// The address the API binds.
    package var effectiveHTTPAddress: HostPort {
        httpAddress ?? (apiTokens.isEmpty ? Self.defaultOpenAPIAddress : Self.defaultHTTPAddress)
    }

    /// Checks the settings that only make sense together.
    package func validate() throws(ConfigurationError) {
        if apiTokens.isEmpty, !effectiveHTTPAddress.isLoopback, !insecureOpenAPI {
            throw ConfigurationError(
                "http_addr \(effectiveHTTPAddress) is not a loopback address and no api_tokens are configured: "
                    + "anyone who can reach it could manage the server. Configure api_tokens "
                    + "(JINDOU_API_TOKENS=\"name:admin:secret\") or pass --insecure-open-api.")
        }
    }

    package init() {}

    /// One setting: its names and how to apply a textual value.
    package struct Key: Sendable {
        package let name: String
        package let help: String
        /// Whether the flag may stand alone (`--insecure-open-api` meaning true).
        var isBoolean = false
        let apply: @Sendable (inout ServerConfiguration, String) -> String?

        init(
            name: String, help: String, isBoolean: Bool = false,
            apply: @escaping @Sendable (inout ServerConfiguration, String) -> String?
        ) {
            self.name = name
            self.help = help
            self.isBoolean = isBoolean
            self.apply = apply
        }

        package var environmentName: String { "JINDOU_" + name.uppercased() }
        /// Whether the value holds secrets (never shown in logs or errors).
        package var isSecret: Bool { name == "api_tokens" || name == "webhook_secret" }
        /// A value as errors may show it: secrets not at all, a store URL without its password.
        package func shown(_ value: String) -> String {
            if isSecret { return "<redacted>" }
            if name == "store" { return StoreSelection.masked(value) }
            return value
        }
        package var flagName: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

        /// A whole number within `range`.
        static func integer(
            _ name: String, _ help: String, _ keyPath: any WritableKeyPath<ServerConfiguration, Int> & Sendable,
            in range: ClosedRange<Int>
        ) -> Key {
            Key(name: name, help: help) { config, value in
                guard let number = Int(value), range.contains(number) else {
                    return range.upperBound == Int.max
                        ? "must be an integer of at least \(range.lowerBound)"
                        : "must be an integer from \(range.lowerBound) to \(range.upperBound)"
                }
                config[keyPath: keyPath] = number
                return nil
            }
        }

        /// A number of seconds greater than 0 (or 0 too, with `allowZero`) and at most `maximum`.
        static func seconds(
            _ name: String, _ help: String, _ keyPath: any WritableKeyPath<ServerConfiguration, Double> & Sendable,
            upTo maximum: Double, allowZero: Bool = false
        ) -> Key {
            Key(name: name, help: help) { config, value in
                guard let seconds = Double(value), seconds <= maximum, allowZero ? seconds >= 0 : seconds > 0 else {
                    return allowZero
                        ? "must be a number of seconds from 0 to \(Int(maximum))"
                        : "must be a number of seconds greater than 0, at most \(Int(maximum))"
                }
                config[keyPath: keyPath] = seconds
                return nil
            }
        }

        /// true or false (also 1/0, yes/no).
        static func boolean(
            _ name: String, _ help: String, _ keyPath: any WritableKeyPath<ServerConfiguration, Bool> & Sendable
        ) -> Key {
            Key(name: name, help: help, isBoolean: true) { config, value in
                guard let flag = ServerConfiguration.boolean(value) else { return "must be true or false" }
                config[keyPath: keyPath] = flag
                return nil
            }
        }
    }

    /// Every setting, in the order they are documented and logged.
    package static let keys: [Key] =
        [
            Key(name: "data_dir", help: "directory of the embedded database") { config, value in
                guard !value.isEmpty else { return "must not be empty" }
                config.dataDirectory = value
                return nil
            },
            Key(
                name: "store",
                help:
                    "sqlite (the embedded database in data_dir) or postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=disable|prefer|require"
            ) {
                config, value in
                switch StoreSelection.parse(value) {
                case .success(let store):
                    config.store = store
                    return nil
                case .failure(let error):
                    return error.description
                }
            },
            .integer(
                "postgres_pool_size", "PostgreSQL connections for reads and other writes", \.postgresPoolSize,
                in: 2...1000),
            .seconds(
                "postgres_connect_timeout", "seconds to wait for PostgreSQL when connecting", \.postgresConnectTimeout,
                upTo: 600),
            .seconds(
                "cluster_heartbeat_timeout", "seconds without a heartbeat before a node counts as gone (PostgreSQL)",
                \.clusterHeartbeatTimeout, upTo: 3_600),
            .seconds(
                "cluster_apply_timeout", "seconds a change waits for every live node to apply it (PostgreSQL)",
                \.clusterApplyTimeout, upTo: 60),
            Key(name: "http_addr", help: "HOST:PORT of the HTTP API (0.0.0.0:5001 once api_tokens are set)") {
                config, value in
                guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
                config.httpAddress = address
                return nil
            },
            Key(name: "tcp_addr", help: "HOST:PORT of the TCP gateway") { config, value in
                guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
                config.tcpAddress = address
                return nil
            },
            Key(name: "ws_addr", help: "HOST:PORT of the WebSocket gateway") { config, value in
                guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
                config.wsAddress = address
                return nil
            },
            .integer("node_id", "node id, 0-1023", \.nodeID, in: 0...1023),
            Key(name: "recv_retry_interval", help: "seconds before an unacknowledged RECV is resent") { config, value in
                guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                    return "must be a number of seconds greater than 0"
                }
                config.recvRetryInterval = seconds
                return nil
            },
            .integer("recv_retry_limit", "resends of an unacknowledged RECV", \.recvRetryLimit, in: 0...100),
            Key(name: "auth_timeout", help: "seconds an unauthenticated connection may stay open") { config, value in
                guard let seconds = Double(value), seconds > 0 else {
                    return "must be a number of seconds greater than 0"
                }
                config.authTimeout = seconds
                return nil
            },
            Key(name: "idle_timeout", help: "seconds an authenticated connection may stay silent") { config, value in
                guard let seconds = Double(value), seconds > 0 else {
                    return "must be a number of seconds greater than 0"
                }
                config.idleTimeout = seconds
                return nil
            },
            .integer(
                "max_packet_size", "largest packet a client may send, bytes", \.maxPacketSize, in: 1024...268_435_455),
            Key(name: "outbound_buffer_limit", help: "bytes queued per connection before it is closed") {
                config, value in
                guard let bytes = Int(value), bytes >= 64 * 1024 else { return "must be an integer of at least 65536" }
                config.outboundBufferLimit = bytes
                return nil
            },
            .integer(
                "max_connect_packet_size", "largest packet before CONNECT is accepted, bytes", \.maxConnectPacketSize,
                in: 256...65_536),
            .integer(
                "max_unauthenticated_connections", "connections waiting to authenticate at once",
                \.maxUnauthenticatedConnections, in: 1...1_000_000),
            .integer(
                "max_unacked_bytes", "bytes of unacknowledged RECVs per connection before it is closed",
                \.maxUnacknowledgedBytes, in: 65_536...Int.max),
            Key(
                name: "delivery_backlog_budget",
                help: "bytes of queued send work past which sends are refused, 0 = no bound"
            ) {
                config, value in
                guard let bytes = Int(value), bytes == 0 || bytes >= 1 << 20 else {
                    return "must be 0 (no bound) or an integer of at least 1048576"
                }
                config.deliveryBacklogBudget = bytes
                return nil
            },
            .seconds(
                "shutdown_drain_timeout", "seconds shutdown waits for SENDACKs in flight", \.shutdownDrainTimeout,
                upTo: 3600, allowZero: true),
            .boolean(
                "disconnect_on_shutdown", "true: shutdown sends clients DISCONNECT before closing",
                \.disconnectOnShutdown),
            .seconds(
                "http_header_timeout", "seconds the HTTP API waits for a request head", \.httpHeaderTimeout, upTo: 3600),
            .seconds(
                "http_request_timeout", "seconds the HTTP API waits for a whole request, body included",
                \.httpRequestTimeout, upTo: 3600),
            .seconds(
                "http_idle_timeout", "seconds an idle keep-alive HTTP connection stays open", \.httpIdleTimeout,
                upTo: 86_400),
            .integer("http_max_connections", "HTTP connections open at once", \.httpMaxConnections, in: 1...1_000_000),
            .boolean(
                "whitelist_off_of_person", "true: person channels ignore the recipient's allowlist",
                \.ignoresPersonAllowlist),
            Key(name: "user_send_rate", help: "messages per second per user, 0 = unlimited") { config, value in
                guard let rate = Double(value), rate >= 0, rate <= 1_000_000 else {
                    return "must be a number from 0 (no limit) to 1000000"
                }
                config.userSendRate = rate
                return nil
            },
            .integer("user_send_burst", "messages a user may send at once", \.userSendBurst, in: 1...1_000_000),
            Key(name: "external_tcp_addr", help: "HOST:PORT that /route gives clients for TCP") { config, value in
                guard value.isEmpty || HostPort(parsing: value) != nil else { return "must be HOST:PORT" }
                config.externalTCPAddress = value
                return nil
            },
            Key(name: "external_ws_addr", help: "ws://HOST:PORT that /route gives clients") { config, value in
                guard value.isEmpty || value.hasPrefix("ws://") || value.hasPrefix("wss://") else {
                    return "must be a ws:// URL"
                }
                config.externalWSAddress = value
                return nil
            },
            Key(name: "external_wss_addr", help: "wss://HOST:PORT that /route gives clients") { config, value in
                guard value.isEmpty || value.hasPrefix("wss://") else { return "must be a wss:// URL" }
                config.externalWSSAddress = value
                return nil
            },
            Key(name: "api_tokens", help: "API tokens: name:role:secret,… (roles admin, service, readonly)") {
                config, value in
                switch APIToken.parseList(value) {
                case .success(let tokens):
                    config.apiTokens = tokens
                    return nil
                case .failure(let error):
                    return "is not a valid token list: \(error)"
                }
            },
            .boolean("insecure_open_api", "allow an API without tokens on a non-loopback address", \.insecureOpenAPI),
            Key(name: "user_api_rate", help: "requests/s per token to /user/* and /users*, 0 = unlimited") {
                config, value in
                guard let rate = Double(value), rate >= 0 else {
                    return "must be a number of requests per second, 0 = no limit"
                }
                config.userAPIRate = rate
                return nil
            },
            Key(
                name: "user_credential_rate",
                help: "requests/s per uid with a user credential (the chat's WKUser), 0 = unlimited"
            ) { config, value in
                guard let rate = Double(value), rate >= 0 else {
                    return "must be a number of requests per second, 0 = no limit"
                }
                config.userCredentialRate = rate
                return nil
            },
            Key(name: "protected_system_uids", help: "system uids that cannot be removed, comma-separated") {
                config, value in
                let uids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                guard uids.allSatisfy(IdentifierRules.isValidUID) else {
                    return "must be valid uids separated by commas"
                }
                config.protectedSystemUIDs = uids
                return nil
            },
            .boolean("metrics_require_token", "true: /metrics needs an admin token", \.metricsRequireToken),
            Key(name: "org", help: "organization name of the /{org}/{app}/users routes") { config, value in
                guard UsernameRules.isValid(value) else {
                    return "must be 1 to 64 characters of a-z, A-Z, 0-9, _, . and -"
                }
                config.organization = value
                return nil
            },
            Key(name: "app", help: "application name of the /{org}/{app}/users routes") { config, value in
                guard UsernameRules.isValid(value) else {
                    return "must be 1 to 64 characters of a-z, A-Z, 0-9, _, . and -"
                }
                config.application = value
                return nil
            },
        ]
        + APIRole.allCases.map { role in
            Key(name: "api_rate_\(role.rawValue)", help: "requests/s per \(role.rawValue) token, 0 = unlimited") {
                config, value in
                guard let rate = Double(value), rate >= 0 else {
                    return "must be a number of requests per second, 0 = no limit"
                }
                config.apiRates[role] = rate
                return nil
            }
        } + [
            Key(name: "webhook_url", help: "http(s) URL the webhooks are posted to, empty = no webhooks") {
                config, value in
                guard value.isEmpty || WebhookConfiguration.validURL(value) != nil else {
                    return "must be an http:// or https:// URL with a host"
                }
                config.webhookURL = value
                return nil
            },
            Key(name: "webhook_events", help: "events sent: msg.notify, msg.offline, user.onlinestatus") {
                config, value in
                switch WebhookEvent.parseList(value) {
                case .success(let events) where !events.isEmpty:
                    config.webhookEvents = events
                    return nil
                case .success:
                    return "must name at least one event (msg.notify, msg.offline, user.onlinestatus)"
                case .failure(let error):
                    return "has an \(error)"
                }
            },
            Key(name: "webhook_secret", help: "HMAC-SHA256 key that signs webhook requests") { config, value in
                guard value.isEmpty || value.utf8.count >= 16 else { return "must be at least 16 characters" }
                config.webhookSecret = value
                return nil
            },
            .integer(
                "webhook_batch_max", "messages or status lines per webhook request", \.webhookBatchMax, in: 1...10_000),
            .seconds(
                "webhook_batch_interval", "seconds a webhook batch waits to fill", \.webhookBatchInterval, upTo: 60),
            .seconds("webhook_timeout", "seconds one webhook request may take", \.webhookTimeout, upTo: 600),
            .seconds("webhook_retry_base", "seconds before the first webhook retry", \.webhookRetryBase, upTo: 3600),
            .seconds(
                "webhook_retry_max", "longest wait between webhook retries, seconds", \.webhookRetryMax, upTo: 86_400),
            .seconds(
                "webhook_max_age", "seconds a webhook request is retried before it is a dead letter", \.webhookMaxAge,
                upTo: 30 * 86_400),
            .integer(
                "webhook_offline_compress_threshold", "msg.offline lists longer than this are gzipped",
                \.webhookOfflineCompressThreshold, in: 0...Int.max),
            .integer(
                "webhook_queue_max", "msg.offline and user.onlinestatus events queued in memory",
                \.webhookQueueMax, in: 100...10_000_000),
            Key(name: "log_level", help: "trace, debug, info, notice, warning, error or critical") { config, value in
                guard let level = Logger.Level(rawValue: value.lowercased()) else {
                    return "must be one of trace, debug, info, notice, warning, error, critical"
                }
                config.logLevel = level
                return nil
            },
        ]

    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// The effective settings as `key=value` pairs, for the startup log (token secrets never
    /// appear: only names and roles).
    package var summary: [(String, String)] {
        [
            ("data_dir", dataDirectory), ("store", store.description), ("postgres_pool_size", "\(postgresPoolSize)"),
            ("postgres_connect_timeout", "\(postgresConnectTimeout)"),
            ("cluster_heartbeat_timeout", "\(clusterHeartbeatTimeout)"),
            ("cluster_apply_timeout", "\(clusterApplyTimeout)"),
            ("http_addr", "\(effectiveHTTPAddress)"),
            ("tcp_addr", "\(tcpAddress)"),
            ("ws_addr", "\(wsAddress)"), ("node_id", "\(nodeID)"), ("recv_retry_interval", "\(recvRetryInterval)"),
            ("recv_retry_limit", "\(recvRetryLimit)"), ("auth_timeout", "\(authTimeout)"),
            ("idle_timeout", "\(idleTimeout)"), ("max_packet_size", "\(maxPacketSize)"),
            ("outbound_buffer_limit", "\(outboundBufferLimit)"), ("max_connect_packet_size", "\(maxConnectPacketSize)"),
            ("max_unauthenticated_connections", "\(maxUnauthenticatedConnections)"),
            ("max_unacked_bytes", "\(maxUnacknowledgedBytes)"), ("delivery_backlog_budget", "\(deliveryBacklogBudget)"),
            ("shutdown_drain_timeout", "\(shutdownDrainTimeout)"),
            ("disconnect_on_shutdown", "\(disconnectOnShutdown)"),
            ("http_header_timeout", "\(httpHeaderTimeout)"),
            ("http_request_timeout", "\(httpRequestTimeout)"), ("http_idle_timeout", "\(httpIdleTimeout)"),
            ("http_max_connections", "\(httpMaxConnections)"),
            ("whitelist_off_of_person", "\(ignoresPersonAllowlist)"),
            ("user_send_rate", "\(userSendRate)"), ("user_send_burst", "\(userSendBurst)"),
            ("external_tcp_addr", externalTCPAddress), ("external_ws_addr", externalWSAddress),
            ("external_wss_addr", externalWSSAddress),
            ("api_tokens", apiTokens.map(\.description).joined(separator: ", ")),
            ("insecure_open_api", "\(insecureOpenAPI)"), ("user_api_rate", "\(userAPIRate)"),
            ("user_credential_rate", "\(userCredentialRate)"),
            ("protected_system_uids", protectedSystemUIDs.joined(separator: ",")),
            ("metrics_require_token", "\(metricsRequireToken)"), ("org", organization), ("app", application),
            ("api_rate_admin", "\(apiRates[.admin] ?? 0)"), ("api_rate_service", "\(apiRates[.service] ?? 0)"),
            ("api_rate_readonly", "\(apiRates[.readonly] ?? 0)"),
            ("webhook_url", webhooks?.displayURL ?? webhookURL),
            ("webhook_events", webhookEvents.map(\.rawValue).sorted().joined(separator: ",")),
            ("webhook_secret", webhookSecret.isEmpty ? "" : "<set>"),
            ("webhook_batch_max", "\(webhookBatchMax)"), ("webhook_batch_interval", "\(webhookBatchInterval)"),
            ("webhook_timeout", "\(webhookTimeout)"), ("webhook_retry_base", "\(webhookRetryBase)"),
            ("webhook_retry_max", "\(webhookRetryMax)"), ("webhook_max_age", "\(webhookMaxAge)"),
            ("webhook_offline_compress_threshold", "\(webhookOfflineCompressThreshold)"),
            ("webhook_queue_max", "\(webhookQueueMax)"),
            ("log_level", "\(logLevel)"),
        ]
    }
}
