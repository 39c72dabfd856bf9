import Foundation
import XCTest

/// The C boundary kept in one place, checked on the sources themselves: exceptions are caught
/// by one guard (so every entry point maps them alike), and the public header declares no
/// test-only entry point (those live in CSim/testing/csim_testing.h).
final class BoundaryTests: XCTestCase {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// Files of CSim/src that may hold a `catch`: the guard, and the worker pool, which stops
  /// its started threads before rethrowing a refused one as ThreadStartError (unwinding with
  /// workers running would hang or terminate).
  static let catchingFiles: Set = ["core/guard.hpp", "core/worker_pool.cpp"]

  func testOnlyTheGuardCatchesExceptions() throws {
    let catching = try Self.filesThatCatch(in: "CSim/src")
    XCTAssertEqual(catching.subtracting(Self.catchingFiles), [],
                   "these files catch exceptions themselves; wrap the entry point in csim::abi::guarded instead")
    XCTAssertTrue(catching.contains("core/guard.hpp"), "the guard itself was not found")
  }

  /// CNet, the other C++ library, has its one guard too (cnet::guarded in errors.hpp).
  func testCNetCatchesOnlyInItsGuard() throws {
    XCTAssertEqual(try Self.filesThatCatch(in: "Sources/CNet/src"), ["errors.hpp"])
  }

  static func filesThatCatch(in folder: String) throws -> Set<String> {
    let source = repository.appendingPathComponent(folder)
    let files = try XCTUnwrap(FileManager.default.subpaths(atPath: source.path), "\(folder) not found")
      .filter { $0.hasSuffix(".cpp") || $0.hasSuffix(".hpp") || $0.hasSuffix(".h") }
    XCTAssertGreaterThan(files.count, 3, "no C++ sources in \(source.path)")
    var catching: Set<String> = []
    for file in files {
      let text = try String(contentsOf: source.appendingPathComponent(file), encoding: .utf8)
      if text.range(of: #"\bcatch\s*\("#, options: .regularExpression) != nil { catching.insert(file) }
    }
    return catching
  }

  func testPublicHeaderDeclaresNoTestHooks() throws {
    let include = Self.repository.appendingPathComponent("CSim/include/csim.h")
    let testing = Self.repository.appendingPathComponent("CSim/testing/include/csim_testing.h")
    let header = try String(contentsOf: include, encoding: .utf8)
    let hooks = try String(contentsOf: testing, encoding: .utf8)
    let declared = try NSRegularExpression(pattern: #"\b(csim_\w+)\s*\("#)
    let names = Set(declared.matches(in: hooks, range: NSRange(hooks.startIndex..., in: hooks))
      .compactMap { Range($0.range(at: 1), in: hooks).map { String(hooks[$0]) } })
    XCTAssertTrue(names.contains("csim_vec_env_inject_fault"), "csim_testing.h: \(names)")
    for name in names {
      XCTAssertNil(header.range(of: name), "\(name) is a test hook; declare it in csim_testing.h only")
    }
    XCTAssertNil(header.range(of: "for tests", options: .caseInsensitive), "csim.h mentions a test-only entry point")
  }
}
