import Foundation
import PavlovSim

// Small pieces the commands share: output formatting, terminal detection, random actions
// and timing.

func printError(_ message: String) {
  FileHandle.standardError.write(Data("pavlov: \(message)\n".utf8))
}

func shapeText(_ shape: [Int]) -> String {
  "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

func actionSpaceText(_ space: EnvSpec.ActionSpace) -> String {
  switch space {
  case .discrete(let count): return "discrete(\(count))"
  case .continuous(let dimension, let bounds):
    return "continuous(\(dimension)) in [\(bounds.lowerBound), \(bounds.upperBound)]"
  }
}

/// Prints left-aligned columns sized to their widest cell.
func printTable(header: [String], rows: [[String]]) {
  let all = [header] + rows
  let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
  for (index, row) in all.enumerated() {
    let cells = row.enumerated().map { column, cell in
      cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
    }
    print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    if index == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
  }
}

/// One compact JSON object with sorted keys, for line-oriented tools (jq, pandas).
func jsonLine<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// "12.30 M " style numbers for rates, ending in a space so a unit can follow directly.
func humanRate(_ value: Double) -> String {
  switch value {
  case 1e9...: return String(format: "%.2f G ", value / 1e9)
  case 1e6...: return String(format: "%.2f M ", value / 1e6)
  case 1e3...: return String(format: "%.2f k ", value / 1e3)
  default: return String(format: "%.1f ", value)
  }
}

/// ANSI styling, only when stdout is a terminal (pipes and files get plain text).
enum Terminal {
  static let isInteractive = isatty(STDOUT_FILENO) != 0

  static func bold(_ text: String) -> String { style(text, "1") }
  static func green(_ text: String) -> String { style(text, "32") }
  static func yellow(_ text: String) -> String { style(text, "33") }
  static func red(_ text: String) -> String { style(text, "31") }
  static func dim(_ text: String) -> String { style(text, "2") }

  private static func style(_ text: String, _ code: String) -> String {
    isInteractive ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// Batches of uniformly random actions drawn before timing starts, cycled during it, so a
/// benchmark measures the environments rather than the random number generator.
struct ActionPool {
  let spec: EnvSpec
  let count: Int
  let batchCount: Int
  private(set) var discrete: [Int32] = []
  private(set) var continuous: [Float] = []

  init(spec: EnvSpec, count: Int, batchCount: Int = 64, seed: UInt64) {
    self.spec = spec
    self.count = count
    self.batchCount = batchCount
    var rng = SplitMix64(seed: seed ^ 0xA5A5_5A5A_DEAD_BEEF)
    switch spec.actionSpace {
    case .discrete(let n):
      discrete = (0..<(count * batchCount)).map { _ in Int32(Int.random(in: 0..<max(n, 1), using: &rng)) }
    case .continuous(let dimension, let bounds):
      continuous = (0..<(count * dimension * batchCount)).map { _ in
        Float.random(in: bounds, using: &rng)
      }
    }
  }

  /// Steps `env` with pool batch `index % batchCount`.
  func step(_ env: VecEnv, batch index: Int) throws {
    let b = index % batchCount
    switch spec.actionSpace {
    case .discrete:
      try discrete.withUnsafeBufferPointer { all in
        try env.step(UnsafeBufferPointer(rebasing: all[(b * count)..<((b + 1) * count)]))
      }
    case .continuous(let dimension, _):
      let width = count * dimension
      try continuous.withUnsafeBufferPointer { all in
        try env.step(UnsafeBufferPointer(rebasing: all[(b * width)..<((b + 1) * width)]))
      }
    }
  }

  /// Calls `body` with discrete batch `index % batchCount` (empty for continuous spaces).
  func withDiscreteBatch<R>(_ index: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
    let b = index % batchCount
    return try discrete.withUnsafeBufferPointer { all in
      try body(all.isEmpty ? all : UnsafeBufferPointer(rebasing: all[(b * count)..<((b + 1) * count)]))
    }
  }
}

/// Seconds of a monotonic clock, for timing loops.
func monotonicSeconds() -> Double {
  Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Cores Dispatch can run on, the default thread count.
var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }
