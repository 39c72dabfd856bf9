import Foundation
import PavlovExecutable
import XCTest

/// `pavlov play` as a person uses it, typed moves on standard input: NetHack shows NetHack's own
/// screen and the caption, takes moves by name or number and lists all of them in the help.
final class PlayCommandTests: XCTestCase {
  private func play(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
    guard let tool = PavlovExecutable.url else { throw XCTSkip(PavlovExecutable.missingReason) }
    let process = Process()
    process.executableURL = tool
    process.arguments = ["play"] + arguments
    let output = Pipe(), typed = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = typed
    try process.run()
    typed.fileHandleForWriting.write(Data(input.utf8))
    try typed.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testNetHackIsPlayedWithNamedMoves() throws {
    let (status, output) = try play(["--env", "NetHackScore-v0", "--seed", "3"], input: "?\nnorth\n19\nfly\nq\n")
    if output.contains("nle_setup.sh") { throw XCTSkip("NetHack's engine is not installed: \(output)") }
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("Dlvl:1"), output)  // NetHack's status line
    XCTAssertTrue(output.contains("Depth 1, hit points"), output)  // the caption
    XCTAssertTrue(output.contains("far northwest") && output.contains("search"), "help lists every move: \(output)")
    XCTAssertTrue(output.contains("north: reward") && output.contains("wait: reward"), output)
    XCTAssertTrue(output.contains("'fly' is not one of") || output.contains("Unknown move 'fly'"), output)
    XCTAssertTrue(output.contains("Goodbye."), output)
  }
}
