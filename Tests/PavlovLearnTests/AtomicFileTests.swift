import Foundation
import PavlovLearn
import XCTest

/// `writeAtomically` replaces regular files only, and reports every failed write. No test here
/// touches a real device: device nodes are made in a scratch directory.
final class AtomicFileTests: XCTestCase {
  private func kind(_ url: URL) -> mode_t? {
    var status = stat()
    return lstat(url.path, &status) == 0 ? status.st_mode & S_IFMT : nil
  }

  private func assertRefused(_ target: URL, keeps expectedKind: mode_t, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try writeAtomically(Data("model".utf8), to: target), file: file, line: line) { error in
      XCTAssertTrue("\(error)".contains(target.path), "\(error)", file: file, line: line)
    }
    XCTAssertEqual(kind(target), expectedKind, "the target is left as it was", file: file, line: line)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)) ?? []
    XCTAssertFalse(names.contains { $0.contains(".tmp-") }, "temporary files left: \(names)", file: file, line: line)
  }

  func testReplacesARegularFile() throws {
    let target = try RunFixtures.scratchDirectory(self).appendingPathComponent("model.json")
    try writeAtomically(Data("one".utf8), to: target)
    try writeAtomically(Data("two".utf8), to: target)
    XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "two")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path),
                   ["model.json"])
  }

  /// The /dev/full report: a device node was replaced by a regular file. Here a character device
  /// (1, 7) made in a scratch directory; making one needs root (CAP_MKNOD).
  func testRefusesACharacterDevice() throws {
    let target = try RunFixtures.scratchDirectory(self).appendingPathComponent("full")
    guard mknod(target.path, S_IFCHR | 0o600, dev_t((1 << 8) | 7)) == 0 else {
      let reason = "cannot make a device node here (\(String(cString: strerror(errno)))); needs root"
      print("skipped: \(reason)")
      throw XCTSkip(reason)
    }
    assertRefused(target, keeps: S_IFCHR)
  }

  func testRefusesAFIFO() throws {
    let target = try RunFixtures.scratchDirectory(self).appendingPathComponent("pipe")
    XCTAssertEqual(mkfifo(target.path, 0o600), 0)
    assertRefused(target, keeps: S_IFIFO)
  }

  func testRefusesADirectoryAndASymbolicLink() throws {
    let directory = try RunFixtures.scratchDirectory(self)
    let folder = directory.appendingPathComponent("folder")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    assertRefused(folder, keeps: S_IFDIR)
    let real = directory.appendingPathComponent("real.json"), link = directory.appendingPathComponent("link.json")
    try Data("kept".utf8).write(to: real)
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
    XCTAssertThrowsError(try writeAtomically(Data("model".utf8), to: link))
    XCTAssertEqual(kind(link), S_IFLNK)
    XCTAssertEqual(try String(contentsOf: real, encoding: .utf8), "kept")
  }

  /// A write the file system refuses (here the file-size limit, with SIGXFSZ ignored so the
  /// write returns EFBIG) throws, keeps the old file and leaves no temporary file.
  func testAFailedWriteThrowsAndKeepsTheOldFile() throws {
    let target = try RunFixtures.scratchDirectory(self).appendingPathComponent("checkpoint.bin")
    try writeAtomically(Data("old".utf8), to: target)
    var saved = rlimit()
    XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
    let previousHandler = signal(SIGXFSZ, SIG_IGN)
    var limited = saved
    limited.rlim_cur = 4096
    XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
    defer {
      setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
      signal(SIGXFSZ, previousHandler)
    }
    XCTAssertThrowsError(try writeAtomically(Data(count: 1 << 20), to: target)) { error in
      XCTAssertTrue("\(error)".contains("checkpoint.bin"), "\(error)")
    }
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
    XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "old")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path),
                   ["checkpoint.bin"])
  }

  /// A missing directory is an error, not a crash or a silent success.
  func testAMissingDirectoryThrows() throws {
    let target = try RunFixtures.scratchDirectory(self).appendingPathComponent("no/such/dir/file.json")
    XCTAssertThrowsError(try writeAtomically(Data("x".utf8), to: target))
  }
}
