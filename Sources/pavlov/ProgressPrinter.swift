import Foundation

/// The live progress line of `pavlov train` (PPO and SAC alike): rewritten in place on a
/// terminal, and on a log or pipe one line every few seconds (not one per iteration) plus the
/// last one.
struct ProgressPrinter {
  let live: Bool
  private var lastPrinted = Date.distantPast

  init(plain: Bool) { live = Terminal.isInteractive && !plain }

  mutating func show(_ line: String, last: Bool) {
    if live {
      print("\r\u{1B}[K" + line, terminator: "")
      fflush(nil)  // the line has no newline; `stdout` itself is not concurrency-safe
    } else if last || Date().timeIntervalSince(lastPrinted) >= 5 {
      print(line)
      fflush(nil)  // a log file or pipe should see progress as it happens
      lastPrinted = Date()
    }
  }

  /// Ends the rewritten line so that what follows starts on its own.
  func finish() { if live { print("") } }
}
