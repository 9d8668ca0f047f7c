// swift-tools-version:6.0
// Gantry — infrastructure as code for GPU clouds.
//
// Layers (each depends only on the ones above it):
//   C libraries   CYAML, CCurl, CGit2, CCrypto          system-library targets: modulemap + shim.h
//   Basics        GantryBasics                            values, diagnostics, addresses, units
//   Stage modules GantrySpec, GantryCatalog, GantryGraph, GantryState, GantryProviderKit, GantryHTTP
//   Engine        GantryEngine                            diff, plan, apply walker, plan files
//   Providers     SimProvider                             the embedded GPU-cloud simulator
//   Commands      GantryCommands                          one file per CLI command
//   Executable    gantry                                  one-file entry point
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Gantry",
    products: [
        .executable(name: "gantry", targets: ["gantry"]),
        .executable(name: "gantry-provider-sim", targets: ["gantry-provider-sim"]),
        .executable(name: "gantry-provider-aws", targets: ["gantry-provider-aws"]),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages; see README "Requirements")
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CPQ", path: "Sources/CPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // MARK: Basics — shared vocabulary: Value, Diagnostic, SourceLocation, ResourceAddress, units, JSON.
        .target(name: "GantryBasics", dependencies: ["CCrypto"], swiftSettings: swiftSettings),

        // MARK: Stage modules
        // GPU / instance / price / MIG data and lookups (dated, sourced).
        .target(name: "GantryCatalog", dependencies: ["GantryBasics"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // YAML → typed, located spec; expressions; validation; intents for lowering.
        .target(name: "GantrySpec", dependencies: ["GantryBasics", "GantryCatalog", "GantryGraph", "CYAML"],
                exclude: ["README.md"],
                swiftSettings: swiftSettings),
        // Generic DAG: topological levels, cycle paths, DOT / JSON export.
        .target(name: "GantryGraph", dependencies: ["GantryBasics"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // State document, crash-safe journal, local backend, leased locks.
        .target(name: "GantryState", dependencies: ["GantryBasics"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Team state backends: S3-compatible object storage and PostgreSQL, with leased locks.
        .target(name: "GantryRemoteState", dependencies: ["GantryBasics", "GantryState", "GantryHTTP", "CPQ"],
                exclude: ["README.md"],
                swiftSettings: swiftSettings),
        // libgit2 wrapper: fetch into a bare cache, resolve refs, read trees; the only module calling libgit2.
        .target(name: "GantryGit", dependencies: ["GantryBasics", "CGit2", "CCrypto"], swiftSettings: swiftSettings),
        // The provider protocol and its messages, the plugin host (discovery, processes) and the plugin SDK.
        .target(name: "GantryProviderKit", dependencies: ["GantryBasics"], exclude: ["README.md"],
                swiftSettings: swiftSettings),
        // libcurl client driven by curl_multi on its own thread, async API.
        .target(name: "GantryHTTP", dependencies: ["GantryBasics", "CCurl"], exclude: ["README.md"], swiftSettings: swiftSettings),

        // MARK: Engine — diff, plan, apply walker, adaptive concurrency, plan files, tracing.
        .target(name: "GantryEngine",
                dependencies: ["GantryBasics", "GantryCatalog", "GantryGraph", "GantryState", "GantryProviderKit"],
                exclude: ["README.md"], swiftSettings: swiftSettings),

        // MARK: Gate — cost estimates, budget / quota / residency / custom policies, CI reports.
        .target(name: "GantryPolicy",
                dependencies: ["GantryBasics", "GantryCatalog", "GantrySpec", "GantryEngine"],
                exclude: ["README.md"], swiftSettings: swiftSettings),

        // MARK: Service — the GitOps reconcile loop, status server (libmicrohttpd), webhooks, metrics.
        .target(name: "GantryReconcile",
                dependencies: ["GantryBasics", "GantryGit", "GantryState", "GantryEngine", "CMicroHTTPD"],
                swiftSettings: swiftSettings),

        // MARK: Providers
        // The embedded, deterministic GPU-cloud simulator (the default provider).
        .target(name: "SimProvider", dependencies: ["GantryBasics", "GantryCatalog", "GantryProviderKit"],
                path: "Providers/sim", exclude: ["README.md"], swiftSettings: swiftSettings),
        // AWS over our libcurl client with SigV4: EC2, Auto Scaling, EKS, S3, FSx, EFS.
        .target(name: "AWSProvider", dependencies: ["GantryBasics", "GantryCatalog", "GantryProviderKit", "GantryHTTP"],
                path: "Providers/aws", swiftSettings: swiftSettings),

        // MARK: Commands and the executable
        .target(name: "GantryCommands",
                dependencies: ["GantryBasics", "GantrySpec", "GantryCatalog", "GantryGraph", "GantryState",
                               "GantryProviderKit", "GantryEngine", "GantryHTTP", "GantryPolicy", "GantryRemoteState", "GantryGit", "GantryReconcile",
                               "SimProvider", "AWSProvider"],
                exclude: ["README.md"], swiftSettings: swiftSettings),
        .executableTarget(name: "gantry", dependencies: ["GantryCommands"], swiftSettings: swiftSettings),
        // Provider plugins: one-file entry points serving a provider over the plugin protocol.
        .executableTarget(name: "gantry-provider-sim", dependencies: ["GantryProviderKit", "SimProvider"],
                          swiftSettings: swiftSettings),
        .executableTarget(name: "gantry-provider-aws", dependencies: ["GantryProviderKit", "AWSProvider"],
                          swiftSettings: swiftSettings),

        // MARK: Tests — one target per module; EndToEndTests drive the real binary.
        .testTarget(name: "GantryBasicsTests", dependencies: ["GantryBasics"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryCatalogTests", dependencies: ["GantryCatalog"], swiftSettings: swiftSettings),
        .testTarget(name: "GantrySpecTests", dependencies: ["GantrySpec"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryGraphTests", dependencies: ["GantryGraph"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryStateTests", dependencies: ["GantryState"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryRemoteStateTests", dependencies: ["GantryRemoteState", "GantryState"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "GantryGitTests", dependencies: ["GantryGit"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryReconcileTests", dependencies: ["GantryReconcile", "GantryGit"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "GantryProviderKitTests", dependencies: ["GantryProviderKit"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryHTTPTests", dependencies: ["GantryHTTP"], swiftSettings: swiftSettings),
        .testTarget(name: "GantryEngineTests",
                    dependencies: ["GantryEngine", "GantryProviderKit", "GantryState", "GantryGraph", "SimProvider"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "GantryPolicyTests",
                    dependencies: ["GantryPolicy", "GantrySpec", "GantryEngine", "GantryCatalog", "GantryBasics"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "AWSProviderTests", dependencies: ["AWSProvider", "GantryProviderKit", "GantryHTTP", "GantryEngine",
                                                           "GantryState", "GantrySpec"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "SimProviderTests", dependencies: ["SimProvider", "GantryProviderKit"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "GantryCommandsTests", dependencies: ["GantryCommands"], swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["GantryBasics"], swiftSettings: swiftSettings),
    ]
)
