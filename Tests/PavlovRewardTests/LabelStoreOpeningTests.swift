import Foundation
import PavlovSQLite
import XCTest
@testable import PavlovReward

/// Opening a store that should exist never creates one (a mistyped --store used to leave an
/// empty SQLite file behind); creating one is asked for and reported (issue 12, item 8).
final class LabelStoreOpeningTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("pavlov-open-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  func testOpeningAMissingStoreFailsAndCreatesNothing() throws {
    let typo = directory.appendingPathComponent("lables.db").path
    XCTAssertThrowsError(try LabelStore(path: typo)) { error in
      XCTAssertTrue("\(error)".contains("\(typo) does not exist"), "\(error)")
    }
    XCTAssertEqual(try contents(), [], "no file, no -wal or -shm beside it")
  }

  func testCreatingIsAskedForAndReported() throws {
    let path = directory.appendingPathComponent("labels.db").path
    XCTAssertTrue(try LabelStore(path: path, mode: .createIfMissing).wasCreated)
    XCTAssertFalse(try LabelStore(path: path, mode: .createIfMissing).wasCreated)
    XCTAssertFalse(try LabelStore(path: path).wasCreated)
    let nested = directory.appendingPathComponent("missing/labels.db").path
    XCTAssertThrowsError(try LabelStore(path: nested, mode: .createIfMissing)) { error in
      XCTAssertTrue("\(error)".contains("directory"), "\(error)")
    }
  }

  func testAFileThatIsNotAStoreIsRefusedAndLeftAlone() throws {
    let empty = directory.appendingPathComponent("empty.db").path
    XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
    XCTAssertThrowsError(try LabelStore(path: empty)) { error in
      XCTAssertTrue("\(error)".contains("not a Pavlov label store"), "\(error)")
    }
    XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int, 0, "no schema written into it")

    let text = directory.appendingPathComponent("notes.txt").path
    let words = Data(String(repeating: "not a database\n", count: 200).utf8)
    XCTAssertTrue(FileManager.default.createFile(atPath: text, contents: words))
    XCTAssertThrowsError(try LabelStore(path: text, mode: .createIfMissing)) { error in
      XCTAssertTrue("\(error)".contains("not a Pavlov label store"), "\(error)")
    }
    XCTAssertEqual(FileManager.default.contents(atPath: text), words)

    XCTAssertThrowsError(try LabelStore(path: directory.path)) { error in
      XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
    }
  }
}
