import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The moment a whole exchange must be over, on the monotonic clock.
///
/// A timeout is a Double from the user or a caller, and converting one that is huge,
/// infinite or NaN to an integer (timeval, poll's milliseconds, nanoseconds) traps, so every
/// conversion here goes through `clampedSeconds` first.
struct Deadline {
  /// About 115 days: longer than any request, small enough for every integer type used below.
  static let maxSeconds = 1e7

  private let end: UInt64

  init(after seconds: Double) {
    end = DispatchTime.now().uptimeNanoseconds + UInt64(Self.clampedSeconds(seconds) * 1e9)
  }

  /// `seconds` within 0...maxSeconds; NaN and negatives are 0 (no time at all).
  static func clampedSeconds(_ seconds: Double) -> Double {
    guard seconds > 0 else { return 0 }  // NaN too
    return min(seconds, maxSeconds)
  }

  private var remainingNanoseconds: UInt64 {
    let now = DispatchTime.now().uptimeNanoseconds
    return end > now ? end - now : 0
  }

  var hasPassed: Bool { remainingNanoseconds == 0 }

  /// What is left, rounded up to whole milliseconds for poll(2) (0 once passed).
  var remainingMilliseconds: Int32 {
    let milliseconds = (remainingNanoseconds + 999_999) / 1_000_000
    return Int32(clamping: milliseconds)
  }

  /// What is left as a timeval for SO_SNDTIMEO, at least 1 ms: a zero timeval means "never time out".
  var remainingTimeval: timeval {
    let nanoseconds = max(remainingNanoseconds, 1_000_000)
    return timeval(tv_sec: .init(nanoseconds / 1_000_000_000), tv_usec: .init((nanoseconds % 1_000_000_000) / 1000))
  }
}
