// swift-tools-version:6.0
import PackageDescription

// C++ settings shared by the simulation core. NDEBUG / EIGEN_NO_DEBUG only in release:
// debug builds keep assertions for tests.
let cxxSettings: [CXXSetting] = [
  .define("NDEBUG", .when(configuration: .release)),
  .define("EIGEN_NO_DEBUG", .when(configuration: .release)),
]

let package = Package(
  name: "Pavlov",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "CSim", targets: ["CSim"]),
    .library(name: "PavlovSim", targets: ["PavlovSim"]),
    .library(name: "CNet", targets: ["CNet"]),
    .library(name: "PavlovNet", targets: ["PavlovNet"]),
    .library(name: "PavlovLearn", targets: ["PavlovLearn"]),
    .library(name: "PavlovLLM", targets: ["PavlovLLM"]),
    .library(name: "PavlovReward", targets: ["PavlovReward"]),
    .library(name: "PavlovStudy", targets: ["PavlovStudy"]),
    .executable(name: "pavlov", targets: ["pavlov"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // System libraries found through pkg-config (Debian: libode-dev, libeigen3-dev).
    .systemLibrary(
      name: "CODE", path: "Sources/CODE", pkgConfig: "ode",
      providers: [.apt(["libode-dev"]), .brew(["ode"])]),
    .systemLibrary(
      name: "CEigen", path: "Sources/CEigen", pkgConfig: "eigen3",
      providers: [.apt(["libeigen3-dev"]), .brew(["eigen"])]),

    // The C/C++ core: batched environments behind one plain C header (CSim/include/csim.h).
    .target(
      name: "CSim",
      dependencies: ["CODE", "CEigen"],
      path: "CSim",
      sources: ["src"],
      publicHeadersPath: "include",
      cxxSettings: cxxSettings,
      linkerSettings: [.linkedLibrary("ode"), .linkedLibrary("m")]),

    // Test-only entry points of CSim (fault injection, the exception guard), kept out of csim.h.
    .target(
      name: "CSimTesting",
      dependencies: ["CSim"],
      path: "CSim/testing",
      publicHeadersPath: "include",
      cxxSettings: cxxSettings),

    // The Swift face of CSim.
    .target(name: "PavlovSim", dependencies: ["CSim"]),

    // The learner's kernels: C++/Eigen MLP, policy heads, Adam, clipping (Sources/CNet/include/cnet.h).
    .target(
      name: "CNet",
      dependencies: ["CEigen"],
      publicHeadersPath: "include",
      cxxSettings: cxxSettings),

    // The Swift face of CNet: MLP, policy heads, Adam, clipping, one-hot layers, index sums.
    .target(name: "PavlovNet", dependencies: ["CNet"]),

    // PPO over PavlovNet and PavlovSim, run directories and checkpoints.
    .target(name: "PavlovLearn", dependencies: ["PavlovNet", "PavlovSim"]),

    // SQLite from the system (Debian: libsqlite3-dev): no build time, unlike a Swift SQLite package.
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
    // A small Swift face of SQLite shared by the response cache and the label store.
    .target(name: "PavlovSQLite", dependencies: ["CSQLite"]),
    // OpenAI-compatible client (sockets for http, URLSession for https), prompts, response cache, token/FLOP accounting.
    .target(name: "PavlovLLM", dependencies: ["PavlovSQLite"]),
    // Labellers (LLM, scripted teachers), the SQLite label store, Bradley-Terry reward, count modulation.
    .target(
      name: "PavlovReward",
      dependencies: ["PavlovSim", "PavlovNet", "PavlovLearn", "PavlovLLM", "PavlovSQLite", "CLuaSandbox"]),

    // Reward programs written by an LLM run in Lua 5.4 from the system (Debian: liblua5.4-dev),
    // confined by CLuaSandbox: no files, clock or modules, a memory cap and an instruction budget.
    .systemLibrary(
      name: "CLua", path: "Sources/CLua", pkgConfig: "lua5.4",
      providers: [.apt(["liblua5.4-dev"]), .brew(["lua"])]),
    .target(name: "CLuaSandbox", dependencies: ["CLua"], publicHeadersPath: "include"),
    // The language model acting directly (the paper's LLM Policy): prompts, answer parsing, the episode loop.
    .target(name: "PavlovAgent", dependencies: ["PavlovSim", "PavlovLLM"]),

    // `pavlov study`: every way of using the LLM × seeds as resumable runs, the table and the chart.
    .target(name: "PavlovStudy", dependencies: ["PavlovLearn", "PavlovReward", "PavlovAgent", "PavlovLLM", "PavlovSim"]),

    // The command-line tool.
    .executableTarget(
      name: "pavlov",
      dependencies: [
        "PavlovSim",
        "PavlovNet",
        "PavlovLearn",
        "PavlovLLM",
        "PavlovReward",
        "PavlovAgent",
        "PavlovStudy",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Test support: counts heap allocations (zero-allocation stepping is tested).
    .target(name: "AllocCounter", path: "Tests/AllocCounter"),
    .testTarget(name: "CSimTests", dependencies: ["CSim", "CSimTesting", "AllocCounter"]),
    .testTarget(name: "PavlovSimTests", dependencies: ["PavlovSim"]),
    .testTarget(name: "CNetTests", dependencies: ["CNet", "AllocCounter"]),
    // Test support: gradients against central differences (no XCTest, so any target may use it).
    .target(name: "GradientCheck", path: "Tests/GradientCheck"),
    // Test support: finds the built `pavlov` for tests that need a process boundary.
    .target(name: "PavlovExecutable", path: "Tests/PavlovExecutable"),
    .testTarget(name: "PavlovNetTests", dependencies: ["PavlovNet", "GradientCheck"]),
    .testTarget(
      name: "PavlovLearnTests", dependencies: ["PavlovLearn", "PavlovNet", "PavlovSim", "GradientCheck", "PavlovExecutable"]),
    .target(name: "FakeLLMServer", path: "Tests/FakeLLMServer"),
    .testTarget(name: "PavlovLLMTests", dependencies: ["PavlovLLM", "FakeLLMServer"]),
    .testTarget(
      name: "PavlovRewardTests",
      dependencies: ["PavlovReward", "PavlovSim", "PavlovSQLite", "FakeLLMServer", "PavlovExecutable"]),
    .testTarget(
      name: "PavlovAgentTests", dependencies: ["PavlovAgent", "PavlovSim", "PavlovLLM", "FakeLLMServer", "PavlovExecutable"]),
    .testTarget(
      name: "PavlovStudyTests", dependencies: ["PavlovStudy", "PavlovAgent", "PavlovSim", "FakeLLMServer", "PavlovExecutable"]),
  ],
  cxxLanguageStandard: .cxx17
)
