// swift-tools-version: 6.1
import PackageDescription

/// libtorch and OpenCV come from Debian (`libtorch-dev`, `libopencv-dev`); only the two
/// C-prefixed targets see their C++ headers, and they expose plain C APIs.
let libtorchLinks: [LinkerSetting] = [
    .linkedLibrary("torch"), .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
]
let cxxFlags: [CXXSetting] = [
    .unsafeFlags(["-I/usr/include/opencv4", "-I/usr/include/torch/csrc/api/include",
                  "-Wno-deprecated-declarations", "-O2"]),
]

let package = Package(
    name: "ropscreen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ropscreen", targets: ["ropscreen"]),
        .library(name: "Torch", targets: ["Torch"]),
        .library(name: "TorchNN", targets: ["TorchNN"]),
        .library(name: "FundusImaging", targets: ["FundusImaging"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "CTorch", cxxSettings: cxxFlags, linkerSettings: libtorchLinks),
        .target(
            name: "CVision", cxxSettings: cxxFlags,
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"), .linkedLibrary("charls"),
            ]),
        .target(
            name: "CDICOMNetwork", cxxSettings: [.unsafeFlags(["-Wno-deprecated-declarations", "-O2"])],
            linkerSettings: [.linkedLibrary("dcmnet"), .linkedLibrary("dcmdata"), .linkedLibrary("oflog"), .linkedLibrary("ofstd")]),
        .target(name: "Torch", dependencies: ["CTorch"]),
        .target(name: "TorchNN", dependencies: ["Torch"]),
        .target(name: "FundusImaging", dependencies: ["CVision", "Torch"]),
        .target(name: "RetinaModels", dependencies: ["Torch", "TorchNN", "FundusImaging"]),
        .target(name: "RetinaAnalysis", dependencies: ["Torch", "FundusImaging", "RetinaModels"]),
        .target(name: "RetinaData", dependencies: ["FundusImaging"]),
        .target(name: "RetinaMetrics", dependencies: ["FundusImaging"]),
        .target(name: "RetinaAnnotation", dependencies: ["RetinaData"]),
        .target(name: "RetinaMonitoring", dependencies: ["FundusImaging", "RetinaAnalysis", "RetinaData", "RetinaMetrics"]),
        .target(name: "RetinaDICOM", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "RetinaTraining", dependencies: ["Torch", "TorchNN", "FundusImaging", "RetinaModels", "RetinaData", "RetinaMetrics"]),
        .target(name: "RetinaEvaluation", dependencies: ["FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaData", "RetinaMetrics", "RetinaTraining"]),
        .target(
            name: "RetinaStore",
            dependencies: [
                "RetinaAnalysis", "RetinaAnnotation", "RetinaMonitoring",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "RetinaServer",
            dependencies: [
                "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaMonitoring", "RetinaStore", "RetinaAnnotation", "RetinaData", "RetinaDICOM",
                "RetinaMetrics", "RetinaTraining", "RetinaEvaluation", "CDICOMNetwork",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]),
        .executableTarget(
            name: "ropscreen",
            dependencies: [
                "Torch", "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaData", "RetinaTraining", "RetinaEvaluation", "RetinaStore",
                "RetinaMonitoring", "RetinaServer",
                "RetinaAnnotation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // Benchmarks: the same conv net through Torch/TorchNN and through libtorch's C++ API.
        .target(
            name: "LibtorchBaseline", path: "bench/Sources/LibtorchBaseline",
            cxxSettings: cxxFlags, linkerSettings: libtorchLinks),
        .executableTarget(
            name: "ropscreen-bench", dependencies: ["Torch", "TorchNN", "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaMonitoring", "RetinaTraining", "LibtorchBaseline"],
            path: "bench/Sources/ropscreen-bench"),

        .testTarget(name: "TorchTests", dependencies: ["Torch"]),
        .testTarget(name: "TorchNNTests", dependencies: ["TorchNN"]),
        .testTarget(name: "FundusImagingTests", dependencies: ["FundusImaging"]),
        .testTarget(name: "RetinaModelsTests", dependencies: ["RetinaModels"]),
        .testTarget(name: "RetinaAnalysisTests", dependencies: ["RetinaAnalysis"]),
        .testTarget(name: "RetinaDataTests", dependencies: ["RetinaData"]),
        .testTarget(name: "RetinaMetricsTests", dependencies: ["RetinaMetrics"]),
        .testTarget(name: "RetinaAnnotationTests", dependencies: ["RetinaAnnotation", "RetinaData"]),
        .testTarget(name: "RetinaDICOMTests", dependencies: ["RetinaDICOM"]),
        .testTarget(name: "RetinaMonitoringTests", dependencies: ["RetinaMonitoring", "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaData"]),
        .testTarget(name: "RetinaTrainingTests", dependencies: ["RetinaTraining", "RetinaData", "RetinaMetrics"]),
        .testTarget(name: "RetinaEvaluationTests", dependencies: ["RetinaEvaluation", "RetinaData", "RetinaMetrics"]),
        .testTarget(name: "RetinaStoreTests", dependencies: [
            "RetinaStore", "RetinaModels", "RetinaAnnotation", "RetinaMonitoring", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ropscreenTests", dependencies: ["ropscreen", "RetinaModels", "RetinaServer", "RetinaStore", "FundusImaging", "RetinaDICOM"]),
        .testTarget(
            name: "RetinaServerTests",
            dependencies: [
                "RetinaServer", "RetinaStore", "RetinaDICOM", "RetinaMonitoring", "RetinaMetrics", "RetinaModels", "RetinaTraining",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                "RetinaAnnotation",
            ]),
    ],
    cxxLanguageStandard: .cxx17
)
