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
