// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Jindou",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jindou", targets: ["jindou"]),
        .executable(name: "jindou-bench", targets: ["jindou-bench"]),
        .library(name: "JindouClient", targets: ["JindouClient"]),
        .library(name: "JindouProtocol", targets: ["JindouProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // AES-128-CBC with the processor's AES instructions, for the session cipher (C: Swift
        // has no access to AES-NI).
        .target(name: "CJindouAES"),
        // Wire protocol: packets, codec and session crypto. No I/O.
        .target(
            name: "JindouProtocol",
            dependencies: [
                "CJindouAES",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Domain types and rules: channels, users, permissions, ids. No I/O.
        .target(
            name: "JindouCore",
            dependencies: ["JindouProtocol"],
            swiftSettings: swiftSettings
        ),
        // Storage protocols shared by every backend.
        .target(
            name: "JindouStorage",
            dependencies: ["JindouCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Embedded SQLite backend (GRDB, WAL, group commit).
        .target(
            name: "JindouStorageSQLite",
            dependencies: [
                "JindouStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL backend (postgres-nio): group commit with locked channel counters.
        .target(
            name: "JindouStoragePostgres",
            dependencies: [
                "JindouStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `jindou migrate`: copies an embedded (SQLite) install into an empty PostgreSQL database
        // and verifies the copy.
        .target(
            name: "JindouStoreMigration",
            dependencies: [
                "JindouCore",
                "JindouStorage",
                "JindouStorageSQLite",
                "JindouStoragePostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The application layer: the send pipeline, channels, users, sessions and delivery. No transport.
        .target(
            name: "JindouEngine",
            dependencies: [
                "JindouCore",
                "JindouStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // WKProto over TCP and WebSocket (SwiftNIO): connections, pre-authentication limits, framing.
        .target(
            name: "JindouGateway",
            dependencies: [
                "JindouCore",
                "JindouEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Webhooks to the business backend (async-http-client): the message log as outbox,
        // in-memory event queues, signing, retries and dead letters.
        .target(
            name: "JindouWebhooks",
            dependencies: [
                "JindouCore",
                "JindouStorage",
                "JindouEngine",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Management HTTP API (Hummingbird).
        .target(
            name: "JindouHTTPAPI",
            dependencies: [
                "JindouCore",
                "JindouStorage",
                "JindouEngine",
                "JindouWebhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            // The OpenAPI document, edited by hand and served as stored; the web pages' files
            // (console, chat: plain HTML, CSS and ES modules, no build step).
            resources: [.copy("Resources/openapi.json"), .copy("Resources/web")],
            swiftSettings: swiftSettings
        ),
        // Composition: configuration, services, lifecycle.
        .target(
            name: "JindouServer",
            dependencies: [
                "JindouCore",
                "JindouStorage",
                "JindouStorageSQLite",
                "JindouStoragePostgres",
                "JindouEngine",
                "JindouGateway",
                "JindouHTTPAPI",
                "JindouWebhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Async client over TCP or WebSocket, used by tests, the bench and applications.
        .target(
            name: "JindouClient",
            dependencies: [
                "JindouProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "jindou",
            dependencies: [
                "JindouServer",
                "JindouStoreMigration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "jindou-bench",
            dependencies: [
                "JindouClient",
                "JindouCore",
                "JindouStorage",
                "JindouStorageSQLite",
                "JindouStoragePostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JindouProtocolTests",
            dependencies: ["JindouTestSupport", "JindouProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JindouCoreTests",
            dependencies: ["JindouCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JindouStorageSQLiteTests",
            dependencies: [
                "JindouStorageSQLite",
                "JindouTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test helpers shared by test targets (a throwaway PostgreSQL server).
        .target(
            name: "JindouTestSupport",
            dependencies: ["JindouStorage"],
            path: "Tests/JindouTestSupport",
            swiftSettings: swiftSettings
        ),
        // The storage behaviours every backend must have, run against SQLite and PostgreSQL.
        .testTarget(
            name: "JindouStorageConformanceTests",
            dependencies: [
                "JindouStorage",
                "JindouStorageSQLite",
                "JindouStoragePostgres",
                "JindouTestSupport",
                .product(name: "Logging", package: "swift-log"),
                // Raw SQL on the database under a store (what the database itself enforces).
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // `jindou migrate` on a real SQLite store and a throwaway PostgreSQL server.
        .testTarget(
            name: "JindouStoreMigrationTests",
            dependencies: [
                "JindouStoreMigration",
                "JindouCore",
                "JindouProtocol",
                "JindouStorage",
                "JindouStorageSQLite",
                "JindouStoragePostgres",
                "JindouTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The gateway's connection logic on NIO's testing channels, with a real engine over SQLite.
        .testTarget(
            name: "JindouGatewayTests",
            dependencies: [
                "JindouGateway",
                "JindouEngine",
                "JindouCore",
                "JindouProtocol",
                "JindouStorageSQLite",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JindouServerTests",
            dependencies: [
                "JindouServer",
                "JindouCore",
                "JindouClient",
                "JindouHTTPAPI",
                "jindou",
                "JindouWebhooks",
                "JindouTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
