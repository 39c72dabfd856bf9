import Foundation
import PavlovExecutable
import XCTest

/// The built `pavlov` executable, for tests that must run it as a separate process
/// (killing it for real). `swift build --build-tests` puts it beside the test bundle.
enum CommandLineTool {
  static var url: URL? { PavlovExecutable.url }

  static func require() throws -> URL {
    guard let url else {
      print("skipped: \(PavlovExecutable.missingReason)")
      throw XCTSkip(PavlovExecutable.missingReason)
    }
    return url
  }

  /// Runs the tool to completion; returns (status, stdout + stderr).
  @discardableResult
  static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = try start(arguments)
    let data = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = try require()
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    return process
  }

  /// `pavlov train --reward REWARD` for 256 steps of Empty-5x5 with a tiny network, into a new
  /// run directory under `directory` (returned, so a test can check what was or was not written).
  static func trainTiny(reward: String, in directory: URL) throws -> (status: Int32, output: String, run: String) {
    let runPath = directory.appendingPathComponent("run-\(UUID().uuidString)").path
    let config = directory.appendingPathComponent("tiny.json")
    try Data(#"{"num_envs": 8, "num_steps": 16, "num_minibatches": 2, "hidden_size": 16}"#.utf8).write(to: config)
    let (status, output) = try run(
      ["train", "--env", "MiniGrid-Empty-5x5-v0", "--steps", "256", "--config", config.path, "--out", runPath,
       "--reward", reward, "--plain"])
    return (status, output, runPath)
  }
}
