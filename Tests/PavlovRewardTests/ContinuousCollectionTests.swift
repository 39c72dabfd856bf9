import Foundation
import PavlovSim
import XCTest
@testable import PavlovReward

/// Collecting on a continuous action space (the arm): random actions within the bounds, and
/// `pavlov render` writing one frame as a PNG.
final class ContinuousCollectionTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-continuous-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
  }

  func testRandomActionsOnTheArmAreRecordedWithCaptions() throws {
    let store = try LabelStore(path: directory.appendingPathComponent("arm.sqlite").path, mode: .createIfMissing)
    let collector = ObservationCollector(environmentID: "arm/push", environmentCount: 2, seed: 4)
    XCTAssertEqual(try collector.collectRandom(steps: 40, into: store), 40)
    let counts = try store.counts()
    XCTAssertEqual(counts.observations, 40)
    XCTAssertGreaterThan(counts.captions, 1, "the random hand moves, so captions differ")
    XCTAssertThrowsError(try collector.collect(steps: 4, into: store, policy: { _, _ in })) { error in
      XCTAssertTrue("\(error)".contains("a discrete policy cannot act in it"), "\(error)")
    }
  }

  func testRenderWritesOneFrameAsAPNG() throws {
    let out = directory.appendingPathComponent("frame.png").path
    let rendered = try CommandLineTool.run(["render", "--env", "arm/reach", "--out", out, "--at", "3", "--size", "64"])
    XCTAssertEqual(rendered.status, 0, rendered.output)
    XCTAssertTrue(rendered.output.contains("wrote its frame at step 3"), rendered.output)
    let png = try Data(contentsOf: URL(fileURLWithPath: out))
    XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    XCTAssertEqual(Array(png[16..<24]), [0, 0, 0, 64, 0, 0, 0, 64])
    let gif = try CommandLineTool.run(["render", "--env", "arm/reach", "--out", directory.appendingPathComponent("a.gif").path,
                                       "--at", "3"])
    XCTAssertNotEqual(gif.status, 0)
    XCTAssertTrue(gif.output.contains("--at picks the frame of a .png"), gif.output)
  }
}
