// swift-tools-version: 6.1
import PackageDescription

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
    ],
    targets: [
        .target(name: "PCI"),
        .target(name: "HostInventory", dependencies: ["PCI"]),
        .executableTarget(
            name: "sriov-compute",
            dependencies: [
                "PCI",
                "HostInventory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PCITests", dependencies: ["PCI"]),
        .testTarget(name: "HostInventoryTests", dependencies: ["HostInventory", "PCI"]),
    ],
    swiftLanguageModes: [.v6]
)
