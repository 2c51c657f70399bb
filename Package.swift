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
    ],
    targets: [
        .target(name: "CTorch", cxxSettings: cxxFlags, linkerSettings: libtorchLinks),
        .target(
            name: "CVision", cxxSettings: cxxFlags,
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"),
            ]),
        .target(name: "Torch", dependencies: ["CTorch"]),
        .target(name: "TorchNN", dependencies: ["Torch"]),
        .target(name: "FundusImaging", dependencies: ["CVision", "Torch"]),
        .target(name: "RetinaModels", dependencies: ["Torch", "TorchNN", "FundusImaging"]),
        .target(name: "RetinaAnalysis", dependencies: ["Torch", "FundusImaging", "RetinaModels"]),
        .target(name: "RetinaTraining", dependencies: ["Torch", "TorchNN", "FundusImaging", "RetinaModels", "RetinaAnalysis"]),
        .executableTarget(
            name: "ropscreen",
            dependencies: [
                "Torch", "TorchNN", "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Benchmarks: the same conv net through Torch/TorchNN and through libtorch's C++ API.
        .target(
            name: "LibtorchBaseline", path: "bench/Sources/LibtorchBaseline",
            cxxSettings: cxxFlags, linkerSettings: libtorchLinks),
        .executableTarget(
            name: "ropscreen-bench", dependencies: ["Torch", "TorchNN", "FundusImaging", "RetinaModels", "RetinaAnalysis", "RetinaTraining", "LibtorchBaseline"],
            path: "bench/Sources/ropscreen-bench"),

        .testTarget(name: "TorchTests", dependencies: ["Torch"]),
        .testTarget(name: "TorchNNTests", dependencies: ["TorchNN"]),
        .testTarget(name: "FundusImagingTests", dependencies: ["FundusImaging"]),
        .testTarget(name: "RetinaModelsTests", dependencies: ["RetinaModels"]),
        .testTarget(name: "RetinaAnalysisTests", dependencies: ["RetinaAnalysis"]),
        .testTarget(name: "RetinaTrainingTests", dependencies: ["RetinaTraining"]),
    ],
    cxxLanguageStandard: .cxx17
)
