import Foundation
import PavlovExecutable
import XCTest

/// The built `pavlov` executable as a separate process, for what only a process boundary
/// shows: signals, exit statuses, files left behind. `swift build --build-tests` puts it beside
/// the test bundle.
struct PavlovProcess {
  let process = Process()
  private let output = Pipe()
  private let collected = Collected()

  private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
  }

  static func executable() throws -> URL {
    guard let url = PavlovExecutable.url else {
      print("skipped: \(PavlovExecutable.missingReason)")
      throw XCTSkip(PavlovExecutable.missingReason)
    }
    return url
  }

  /// Starts `pavlov arguments` (or `/bin/sh -c script` with `$PAVLOV` set, for `shell`).
  init(_ arguments: [String], shell script: String? = nil, directory: URL? = nil) throws {
    let tool = try Self.executable()
    if let script {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", script]
      process.environment = ProcessInfo.processInfo.environment.merging(["PAVLOV": tool.path]) { $1 }
    } else {
      process.executableURL = tool
      process.arguments = arguments
    }
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = output
    process.standardError = output
    let collected = collected
    output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
    try process.run()
  }

  /// Runs to completion (killed after `timeout` seconds); returns the exit status and output.
  static func run(_ arguments: [String], directory: URL? = nil, timeout: TimeInterval = 60) throws
    -> (status: Int32, output: String)
  {
    let tool = try PavlovProcess(arguments, directory: directory)
    return try tool.wait(timeout: timeout)
  }

  /// Waits for the exit, killing the process after `timeout` seconds (then the test fails).
  func wait(timeout: TimeInterval) throws -> (status: Int32, output: String) {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning {
      process.terminate()
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      XCTFail("pavlov \(process.arguments ?? []) did not finish within \(timeout) s:\n\(text)")
    }
    process.waitUntilExit()
    output.fileHandleForReading.readabilityHandler = nil
    let rest = output.fileHandleForReading.readDataToEndOfFile()
    collected.append(rest)
    // A process killed by a signal reports the signal number; a clean exit its status.
    let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    return (status, text)
  }

  var text: String { collected.text }

  /// Polls `condition` every 20 ms for up to `timeout` seconds.
  static func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if condition() { return true }
      usleep(20_000)
    }
    return condition()
  }
}
