#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest

/// How a child process ended, and the text it wrote to its report pipe.
struct ChildOutcome: CustomStringConvertible {
  enum End: Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// Still running at the deadline: killed, so a hang fails the test instead of CI.
    case timedOut
  }

  let end: End
  let report: String

  var description: String { "\(end), report: \(report)" }
}

/// Runs `body` in a forked child whose address space is capped at its size at the fork plus
/// `headroom` bytes, so that tests can exhaust memory or threads without starving the machine
/// or killing the test runner. `body` returns the exit code and may write text to the file
/// descriptor it is given. The child must only call C functions on data prepared before the
/// fork (no Swift allocation: another thread may have held a runtime lock at the fork).
func runInChild(headroom: Int, timeout seconds: Double, _ body: (_ reportFD: Int32) -> Int32) -> ChildOutcome {
  let limit = rlim_t(addressSpaceSize() + headroom)
  var pipeFDs: [Int32] = [0, 0]
  guard pipe(&pipeFDs) == 0 else { return ChildOutcome(end: .exited(-1), report: "pipe failed") }
  let pid = forkProcess()
  if pid == 0 {
    close(pipeFDs[0])
    var cap = rlimit(rlim_cur: limit, rlim_max: limit)
    #if os(Linux)
    let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
    let resource = RLIMIT_AS
    #endif
    if setrlimit(resource, &cap) != 0 { _exit(120) }
    _exit(body(pipeFDs[1]))
  }
  close(pipeFDs[1])
  defer { close(pipeFDs[0]) }
  guard pid > 0 else { return ChildOutcome(end: .exited(-1), report: "fork failed") }

  var status: Int32 = 0
  let deadline = Date().addingTimeInterval(seconds)
  var end: ChildOutcome.End = .timedOut
  while true {
    let done = waitpid(pid, &status, WNOHANG)
    if done == pid {
      // WIFEXITED / WTERMSIG by hand: the C macros are not imported into Swift.
      let signal = status & 0x7f
      end = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
      break
    }
    if Date() > deadline {
      kill(pid, SIGKILL)
      waitpid(pid, &status, 0)
      break
    }
    usleep(5_000)
  }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 4096)
  while true {
    let n = read(pipeFDs[0], &chunk, chunk.count)
    if n <= 0 { break }
    bytes += chunk[0..<n]
  }
  return ChildOutcome(end: end, report: String(decoding: bytes, as: UTF8.self))
}

/// Starts threads that sleep until the child exits, until the system refuses one (at most
/// 64), then ends `spare` of them so that exactly that many new threads can start. glibc keeps
/// the stacks of finished threads (up to 40 MiB) and reuses them without mapping memory, so in
/// a child of a busy test process an address-space cap alone does not stop new threads; the
/// sleepers take the kept stacks and the cap's room first. False when the system never refused.
func occupyFreeThreadStacks(leaving spare: Int) -> Bool {
  withUnsafeTemporaryAllocation(of: pthread_t.self, capacity: 64) { threads in
    var started = 0
    while started < threads.count {
      let status = pthread_create(&threads[started], nil, { _ in
        while true { pause() }
      }, nil)
      if status != 0 { break }
      started += 1
    }
    guard started < threads.count, started >= spare else { return false }
    for k in 0..<spare {
      pthread_cancel(threads[started - 1 - k])  // pause() is a cancellation point
      pthread_join(threads[started - 1 - k], nil)  // its stack goes back to glibc's cache
    }
    return true
  }
}

/// Writes a C string to a report pipe (from inside a child: no Swift allocation).
func writeReport(_ fd: Int32, _ text: UnsafePointer<CChar>) {
  _ = write(fd, text, strlen(text))
}

/// The process's virtual memory size in bytes (Linux: /proc; elsewhere a generous guess).
private func addressSpaceSize() -> Int {
  #if os(Linux)
  if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }),
    let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
  {
    return kib * 1024
  }
  #endif
  return 64 << 30
}

/// fork(2), which Swift marks unavailable on Darwin; looked up at run time there.
private func forkProcess() -> pid_t {
  #if os(Linux)
  return fork()
  #else
  typealias Fork = @convention(c) () -> pid_t
  guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -2), "fork") else { return -1 }
  return unsafeBitCast(symbol, to: Fork.self)()
  #endif
}
