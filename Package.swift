// swift-tools-version:6.1
import PackageDescription

// One module per concern; C only behind the C* system-library targets.
let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stepwised", targets: ["stepwised"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        // C libraries from Debian, found with pkg-config.
        .systemLibrary(
            name: "CGPIOD", pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev"])]),
        .systemLibrary(
            name: "CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        // Variadic and macro-only Linux calls (ioctl, FBIO*, sd_notify) as typed inline functions.
        .target(name: "CLinuxShims"),
        // Work handed off the event thread: a priority-inheriting lock in, an eventfd back to the loop.
        .target(name: "StepwiseBackground", dependencies: ["CLinuxShims"]),

        // Pure domain: instruction sets, cells, the station machine, the guidance model. No I/O.
        .target(name: "StepwiseCore"),
        // YAML in, located errors out; JSON Schemas.
        .target(
            name: "StepwiseFormats",
            dependencies: [
                "StepwiseCore", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Schemas")]),
        // Scene -> pixels with cairo/pango; calibration; pictograms.
        .target(
            name: "StepwiseRender",
            dependencies: ["StepwiseCore", "StepwiseBackground", "CPangoCairo"]),
        // Sensors, outputs and surfaces: gpiod, libusb, fbdev, simulated sources.
        .target(
            name: "StepwiseDevices",
            dependencies: [
                "StepwiseCore", "CGPIOD", "CLibUSB", "CLinuxShims", "StepwiseOpenProtocol",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The quality log (SQLite through GRDB), skill persistence, reports; the badge table and site key.
        .target(
            name: "StepwiseLog",
            dependencies: [
                "StepwiseCore", "StepwiseBackground", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Closed-loop evaluation of guidance policies against simulated learners.
        .target(
            name: "StepwiseEvaluation",
            dependencies: ["StepwiseCore", "StepwiseFormats", .product(name: "Yams", package: "Yams")]),
        // Fitting the learner model to a quality log (`stepwise fit`): records in, parameters out. Pure.
        .target(name: "StepwiseFitting", dependencies: ["StepwiseCore", "StepwiseEvaluation"]),
        // The event loop and the wiring of the daemon.
        .target(
            name: "StepwiseRuntime",
            dependencies: [
                "StepwiseCore", "StepwiseFormats", "StepwiseRender", "StepwiseDevices", "StepwiseLog",
                "StepwiseBackground", "CLinuxShims", "StepwiseOpenProtocol",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The benchmarks (`stepwise bench`: renderer, uplink): commands, linked by `stepwise` only, never by `stepwised`.
        .target(
            name: "StepwiseBench",
            dependencies: [
                "StepwiseRuntime", "StepwiseCore", "StepwiseRender", "StepwiseDevices", "StepwiseLog",
                "StepwiseWorkshop", "StepwiseDashboard",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        // The engineer's bench-side tools: calibration, preview, the sensor monitor. `stepwise` only.
        .target(
            name: "StepwiseSetup",
            dependencies: [
                "StepwiseRuntime", "StepwiseCore", "StepwiseFormats", "StepwiseRender", "StepwiseDevices",
                "StepwiseLog",
            ]),
        // The supervisors' web dashboard: accounts, sessions, roles, pages over the quality log.
        .target(
            name: "StepwiseDashboard",
            dependencies: [
                "StepwiseCore", "StepwiseLog",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        // The workshop: the central PostgreSQL schema, the uplink that ships a station's log to it and
        // installs the instruction sets published there.
        .target(
            name: "StepwiseWorkshop",
            dependencies: [
                "StepwiseCore", "StepwiseLog", "StepwiseFormats",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Open Protocol (torque controllers): frame codec, typed messages, the controller session machine.
        .target(name: "StepwiseOpenProtocol"),
        // Test support only (never linked by the executables): the bounded mutation fuzzer, fakes.
        .target(
            name: "StepwiseTestSupport",
            dependencies: ["StepwiseCore", "StepwiseDevices", "StepwiseLog", "StepwiseRuntime"]),
        .executableTarget(
            name: "stepwised",
            dependencies: [
                "StepwiseRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "StepwiseCore", "StepwiseFormats", "StepwiseRender", "StepwiseDevices", "StepwiseLog",
                "StepwiseRuntime", "StepwiseBench", "StepwiseSetup", "StepwiseEvaluation", "StepwiseDashboard",
                "StepwiseWorkshop", "StepwiseFitting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "StepwiseCoreTests", dependencies: ["StepwiseCore", "StepwiseTestSupport"]),
        .testTarget(
            name: "StepwiseOpenProtocolTests", dependencies: ["StepwiseOpenProtocol", "StepwiseTestSupport"]),
        .testTarget(name: "StepwiseFormatsTests", dependencies: ["StepwiseFormats", "StepwiseTestSupport"]),
        .testTarget(name: "StepwiseBackgroundTests", dependencies: ["StepwiseBackground", "StepwiseDevices"]),
        .testTarget(name: "StepwiseRenderTests", dependencies: ["StepwiseRender", "StepwiseTestSupport"]),
        .testTarget(name: "StepwiseDevicesTests", dependencies: ["StepwiseDevices", "StepwiseTestSupport"]),
        .testTarget(name: "StepwiseLogTests", dependencies: ["StepwiseLog", "StepwiseTestSupport"]),
        .testTarget(
            name: "StepwiseEvaluationTests",
            dependencies: ["StepwiseEvaluation", "StepwiseCore", "StepwiseFormats", "StepwiseTestSupport"]),
        .testTarget(
            name: "StepwiseFittingTests",
            dependencies: ["StepwiseFitting", "StepwiseEvaluation", "StepwiseCore", "StepwiseLog"]),
        .testTarget(
            name: "StepwiseRuntimeTests",
            dependencies: [
                "StepwiseRuntime", "StepwiseCore", "StepwiseLog", "StepwiseRender", "StepwiseDevices",
                "StepwiseTestSupport", "StepwiseOpenProtocol",
                // The renderer tests draw on the benchmark's 1080p station (`BenchStations`).
                "StepwiseBench",
            ]),
        .testTarget(
            name: "StepwiseBenchTests",
            dependencies: [
                "StepwiseBench", "StepwiseRuntime", "StepwiseCore", "StepwiseDevices", "StepwiseLog",
                "StepwiseTestSupport",
            ]),
        .testTarget(
            name: "StepwiseSetupTests",
            dependencies: [
                "StepwiseSetup", "StepwiseRuntime", "StepwiseCore", "StepwiseDevices", "StepwiseLog",
                "StepwiseTestSupport",
            ]),
        .testTarget(
            name: "StepwiseDashboardTests",
            dependencies: [
                "StepwiseDashboard", "StepwiseRuntime", "StepwiseCore", "StepwiseLog", "StepwiseTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "StepwiseWorkshopTests",
            dependencies: [
                "StepwiseWorkshop", "StepwiseDashboard", "StepwiseLog", "StepwiseCore", "StepwiseTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
