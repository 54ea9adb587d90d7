// swift-tools-version: 6.1
import PackageDescription

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "sriov-compute",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sriov-compute", targets: ["sriov-compute"]),
        .library(name: "PCI", targets: ["PCI"]),
        .library(name: "HostInventory", targets: ["HostInventory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // One trait only: with two, SwiftPM 6.3 passes them in random order and
        // Hummingbird recompiles on every other build (DESIGN §10).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through Hummingbird; named so that APICore can tell HTTP
        // framing errors and oversized bodies apart from the handlers' own.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Likewise (Hummingbird's HTTP parts), for the handler that sees a client leave.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // `/metrics` in Prometheus' text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The compute store's PostgreSQL backend (DESIGN §8).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // HMAC-SHA256 of the calls between hosts (already in the graph through postgres-nio).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The pure core and the host.
        .target(name: "JSONModel"),
        .target(name: "PCI", dependencies: ["JSONModel"]),
        // Python `re.search` in linear time, for the server name filter.
        .target(name: "PatternMatching"),
        .target(name: "HostInventory", dependencies: ["PCI"]),
        // Keystone: the service's own token and the validation of callers' tokens.
        .target(name: "Keystone", dependencies: ["JSONModel", httpClient]),
        // The network: what Compute sees (models and the `NetworkService` protocol, pure),
        // and its two edges, the embedded network (GRDB) and the Neutron client (HTTP).
        .target(name: "NetworkModel", dependencies: ["PCI", "JSONModel"]),
        .target(name: "EmbeddedNetwork", dependencies: ["NetworkModel", "PCI", "JSONModel", grdb]),
        .target(name: "NeutronClient", dependencies: ["NetworkModel", "PCI", "JSONModel", logging, httpClient]),
        // The other edges: hypervisor, database.
        .target(name: "Virt", dependencies: ["PCI", "JSONModel", logging]),
        // libvirt's C API (Debian libvirt-dev) and the driver on top of it.
        .systemLibrary(name: "CLibvirt", pkgConfig: "libvirt", providers: [.apt(["libvirt-dev"])]),
        .target(name: "Libvirt", dependencies: ["CLibvirt", "Virt", "PCI", logging]),
        .target(name: "ComputeModel", dependencies: ["PCI"]),
        // The compute store: the repositories and their records (pure: SQL text over the
        // `SQLExecutor` protocol), and its two backends, SQLite (GRDB) and PostgreSQL.
        .target(name: "Store", dependencies: ["PCI", "ComputeModel", "JSONModel"]),
        .target(name: "SQLiteStore", dependencies: ["Store", "PCI", "ComputeModel", grdb]),
        .target(name: "PostgresStore", dependencies: ["Store", logging, postgres, .product(name: "NIOPosix", package: "swift-nio")]),
        // The compute manager and its sagas.
        .target(name: "Compute", dependencies: ["PCI", "PatternMatching", "HostInventory", "ComputeModel", "NetworkModel", "Virt", "Store", logging]),
        // Several hosts: placement's choice tried in order, and every operation on a server
        // forwarded to the host that runs it, as a signed typed call (a `ComputeService`
        // decorator; neither Compute nor ComputeAPI imports it).
        .target(name: "Cluster", dependencies: [
            "Compute", "ComputeModel", "Store", "PCI", httpClient, hummingbird, logging, .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // HTTP: shared plumbing, the embedded network API, the compute API.
        .target(name: "APICore", dependencies: [
            "JSONModel", hummingbird, .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
        .target(name: "NetworkAPI", dependencies: ["APICore", "JSONModel", "NetworkModel", "EmbeddedNetwork", hummingbird]),
        .target(name: "ComputeAPI", dependencies: ["APICore", "JSONModel", "ComputeModel", "PCI", "PatternMatching", hummingbird]),
        // The service's Prometheus registry and what is read at scrape time.
        .target(name: "ServiceMetrics", dependencies: ["Compute", "ComputeModel", "PCI", "Store", .product(name: "Prometheus", package: "swift-prometheus")]),
        // The whole service assembled from a config, for `serve`, `demo` and the tests.
        .target(name: "App", dependencies: [
            "PCI", "HostInventory", "NetworkModel", "EmbeddedNetwork", "NeutronClient", "Virt", "Libvirt", "Store", "SQLiteStore", "PostgresStore", "Compute", "ComputeModel", "APICore", "JSONModel", "NetworkAPI", "Cluster",
            "ComputeAPI", "ServiceMetrics", "Keystone", hummingbird, logging, .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(
            name: "sriov-compute",
            dependencies: [
                "PCI", "HostInventory", "App", "Compute", "ComputeAPI", "ComputeModel", "Store", "SQLiteStore", "PostgresStore", "JSONModel", "Keystone",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                hummingbird, logging,
            ]
        ),
        // What several test targets share: the HTTP test client's one response type,
        // temporary directories, the embedded network on an in-memory database, the store backends
        // the store and compute tests run on (PostgreSQL when the environment names one), the
        // libvirt stage's environment, the guest console, libvirt's schema. Only test targets depend on it.
        .target(name: "TestSupport", dependencies: [
            "Virt", "JSONModel", "EmbeddedNetwork", "NetworkModel", "Store", "SQLiteStore", "PostgresStore", grdb, hummingbird, logging,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "JSONModelTests", dependencies: ["JSONModel"]),
        .testTarget(name: "PCITests", dependencies: ["PCI"]),
        .testTarget(name: "KeystoneTests", dependencies: ["Keystone", "JSONModel"]),
        .testTarget(name: "PatternMatchingTests", dependencies: ["PatternMatching"]),
        .testTarget(name: "HostInventoryTests", dependencies: ["TestSupport", "HostInventory", "PCI"]),
        .testTarget(name: "EmbeddedNetworkTests", dependencies: ["TestSupport", "EmbeddedNetwork", "NetworkModel", "JSONModel", "PCI", grdb]),
        .testTarget(name: "NeutronClientTests", dependencies: ["NeutronClient", "NetworkModel", "JSONModel"]),
        .testTarget(name: "VirtTests", dependencies: ["Virt", "PCI", "JSONModel", "TestSupport"]),
        .testTarget(name: "LibvirtTests", dependencies: ["Libvirt", "TestSupport", "Virt", "PCI", logging]),
        // Fixtures/: a database the first schema's binary wrote, read by path.
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Store", "SQLiteStore", "PostgresStore", "ComputeModel", "PCI", "JSONModel", grdb, logging],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ComputeTests", dependencies: [
            "TestSupport", "Compute", "ComputeModel", "PCI", "Virt", "NetworkModel", "EmbeddedNetwork", "Store", "SQLiteStore", "PostgresStore", "HostInventory", "JSONModel", grdb, logging,
        ]),
        .testTarget(name: "NetworkAPITests", dependencies: [
            "TestSupport", "NetworkAPI", "APICore", "JSONModel", "NetworkModel", "EmbeddedNetwork", hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ComputeAPITests", dependencies: [
            "TestSupport", "ComputeAPI", "APICore", "JSONModel", "ComputeModel", "PCI", hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ClusterTests", dependencies: [
            "Cluster", "App", "Compute", "ComputeModel", "Store", "PCI", "Virt", "TestSupport", "JSONModel", "APICore", hummingbird, logging,
            httpClient, .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "AppTests", dependencies: [
            "App", "Keystone", "Compute", "ComputeModel", "NetworkModel", "EmbeddedNetwork", "NeutronClient", "Virt", "Libvirt", "TestSupport", "Store", "SQLiteStore", "PCI", "HostInventory", "APICore", "JSONModel",
            hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
