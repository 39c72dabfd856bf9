import Foundation

/// The files of one training run: `pavlov train --out DIR` writes them, `pavlov eval --run DIR`
/// reads them.
public struct RunDirectory: Sendable {
  public let url: URL

  public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

  public var configURL: URL { url.appendingPathComponent("config.json") }
  public var metricsURL: URL { url.appendingPathComponent("metrics.jsonl") }
  public var checkpointURL: URL { url.appendingPathComponent("checkpoint.bin") }
  public var curveURL: URL { url.appendingPathComponent("curve.svg") }

  public func create() throws(TrainingError) {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw .io("cannot create the run directory \(url.path): \(error.localizedDescription)")
    }
  }
}

/// Writes `data` to `url` so that a reader sees the old file or the new one, never a torn one:
/// a temporary file in the same directory, flushed, then renamed over the target.
public func writeAtomically(_ data: Data, to url: URL) throws(TrainingError) {
  let temporary = url.deletingLastPathComponent()
    .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
  do {
    try data.write(to: temporary)
    let handle = try FileHandle(forWritingTo: temporary)
    try handle.synchronize()
    try handle.close()
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    throw .io("cannot write \(temporary.path): \(error.localizedDescription)")
  }
  guard rename(temporary.path, url.path) == 0 else {
    let reason = String(cString: strerror(errno))
    try? FileManager.default.removeItem(at: temporary)
    throw .io("cannot rename \(temporary.path) to \(url.path): \(reason)")
  }
}
