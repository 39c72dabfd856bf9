import Foundation

/// The files of one training run: `pavlov train --out DIR` writes them, `pavlov eval --run DIR`
/// reads them.
public struct RunDirectory: Sendable {
  public let url: URL
  /// As given: an empty path would otherwise mean the current directory.
  private let path: String

  public init(path: String) {
    self.path = path
    url = URL(fileURLWithPath: path, isDirectory: true)
  }

  public var configURL: URL { url.appendingPathComponent("config.json") }
  public var metricsURL: URL { url.appendingPathComponent("metrics.jsonl") }
  public var checkpointURL: URL { url.appendingPathComponent("checkpoint.bin") }
  public var curveURL: URL { url.appendingPathComponent("curve.svg") }

  /// Throws unless the path can hold a run: a directory, or nothing yet. Checked before
  /// anything is built, so a wrong --out costs nothing.
  public func requireUsable() throws(TrainingError) {
    guard !path.isEmpty else { throw .io("the run directory path is empty; name a directory (--out DIR)") }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw .io("\(url.path) exists and is not a directory; choose another --out")
    }
  }

  /// Whether the directory holds a run worth keeping: a checkpoint, or iterations on record.
  /// A run that failed before its first iteration (config.json, an empty metrics.jsonl) does
  /// not, so the corrected command may start it again.
  public var holdsRun: Bool {
    if FileManager.default.fileExists(atPath: checkpointURL.path) { return true }
    let size = (try? FileManager.default.attributesOfItem(atPath: metricsURL.path)[.size] as? Int) ?? 0
    return size > 0
  }

  public func create() throws(TrainingError) {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw .io("cannot create the run directory \(url.path): \(error.localizedDescription)")
    }
  }

  /// metrics.jsonl's lines for iterations 1 through `iteration`, each with its newline: what a
  /// resume from a checkpoint at `iteration` keeps. Lines a killed run wrote after its last
  /// checkpoint, a torn last line, and anything after a line out of sequence are dropped.
  func metricsLines(through iteration: Int) throws(TrainingError) -> [Substring] {
    var status = stat()
    guard lstat(metricsURL.path, &status) == 0 else { return [] }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .io("\(metricsURL.path) is not a regular file") }
    let text: String
    do { text = try String(contentsOf: metricsURL, encoding: .utf8) } catch {
      throw .io("cannot read \(metricsURL.path): \(error.localizedDescription)")
    }
    var kept: [Substring] = []
    var rest = text[...]
    while kept.count < iteration, let newline = rest.firstIndex(of: "\n") {
      let line = rest[...newline]
      rest = rest[rest.index(after: newline)...]
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            object["iteration"] as? Int == kept.count + 1 else { break }
      kept.append(line)
    }
    return kept
  }
}
