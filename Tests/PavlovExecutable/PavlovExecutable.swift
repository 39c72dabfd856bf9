import Foundation

/// Where the built `pavlov` executable is, for tests that must run it as a separate process
/// (signals, kill -9, exit statuses, the CLI's own messages). `swift build --build-tests` puts it
/// beside the test bundle.
public enum PavlovExecutable {
  /// The executable, or nil when it was not built.
  public static var url: URL? {
    var candidates: [URL] = []
    if let argument = CommandLine.arguments.first {
      candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
    }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for directory in candidates {
      let tool = directory.appendingPathComponent("pavlov")
      if FileManager.default.isExecutableFile(atPath: tool.path) { return tool }
    }
    return nil
  }

  /// Why a test that needs the executable is skipped when it is missing.
  public static let missingReason =
    "the pavlov executable is not beside the test bundle (build it with `swift build --build-tests`)"
}
