#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT (Ctrl-C) and SIGTERM as a request to stop: the handler only records the signal, and
/// a training loop asks `received` between iterations, checkpoints and stops. A second signal
/// stops the process at once, for a user who will not wait for the checkpoint.
public enum StopSignals {
  /// Installs the handlers (idempotent).
  public static func install() {
    receivedSignal.pointee = 0
    signal(SIGINT, recordSignal)
    signal(SIGTERM, recordSignal)
  }

  /// The signal received since `install()`, if any.
  public static var received: Int32? {
    let value = receivedSignal.pointee
    return value == 0 ? nil : value
  }

  /// The conventional exit status of a process stopped by `signal`: 128 + its number
  /// (130 for SIGINT, 143 for SIGTERM).
  public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

  /// "SIGINT", "SIGTERM" or "signal N".
  public static func name(of signal: Int32) -> String {
    switch signal {
    case SIGINT: return "SIGINT"
    case SIGTERM: return "SIGTERM"
    default: return "signal \(signal)"
    }
  }
}

// Allocated (and so initialised) by `install()` before the handler can run: the handler then
// only stores an int, which is async-signal-safe, and never triggers a lazy initialisation.
nonisolated(unsafe) private let receivedSignal: UnsafeMutablePointer<sig_atomic_t> = {
  let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
  pointer.initialize(to: 0)
  return pointer
}()

private func recordSignal(_ number: Int32) {
  if receivedSignal.pointee != 0 { _exit(StopSignals.exitStatus(for: number)) }
  receivedSignal.pointee = sig_atomic_t(number)
}
