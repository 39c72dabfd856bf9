import Foundation
import XCTest

/// The Swift faces of C modules import them `internal`ly, so the compiler refuses any C name in
/// their public API and their clients see Swift types only. Checked on the sources, because a
/// plain `import` compiles just as well and would quietly expose the C module again.
final class ModuleBoundaryTests: XCTestCase {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

  /// The package's C modules, and Swift modules that must not import them publicly.
  /// (CNet and its face are handled where the network module lives.)
  static let cModules: Set = ["CSim", "CSQLite", "CODE", "CEigen"]
  static let faces = ["PavlovSim": "CSim", "PavlovSQLite": "CSQLite"]

  func testSwiftFacesImportTheirCModulesInternally() throws {
    let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
      .filter { !Self.cModules.contains($0) && $0 != "CNet" }
    XCTAssertTrue(Set(modules).isSuperset(of: Self.faces.keys), "Sources not found at \(Self.sources.path)")
    var found: Set<String> = []
    for module in modules {
      let folder = Self.sources.appendingPathComponent(module)
      for file in FileManager.default.subpaths(atPath: folder.path) ?? [] where file.hasSuffix(".swift") {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        for line in text.split(separator: "\n") {
          let words = line.split(separator: " ").map(String.init)
          guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                Self.cModules.contains(words[at + 1]) else { continue }
          found.insert(module)
          XCTAssertEqual(words[..<at].last, "internal", "\(module)/\(file): `\(line)` should be `internal import \(words[at + 1])`")
        }
      }
    }
    XCTAssertTrue(found.isSuperset(of: Self.faces.keys), "no import of \(Self.faces) found in \(found)")
  }
}
