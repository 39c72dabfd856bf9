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
}
