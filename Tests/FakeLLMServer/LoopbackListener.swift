import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening TCP socket on an ephemeral port of 127.0.0.1 with its accept loop, shared by the
/// test servers (tests never listen on any other address). Each accepted connection goes to
/// `serve` on a thread of its own; `stop` closes the socket, which ends the loop.
final class LoopbackListener: @unchecked Sendable {
  let port: Int
  private let descriptor: Int32
  private let lock = NSLock()
  private var stopped = false

  init(backlog: Int32) throws {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, backlog) == 0 else {
      close(fd)
      throw POSIXError(.EADDRINUSE)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    descriptor = fd
  }

  deinit { stop() }

  /// Starts accepting: every connection's descriptor goes to `serve` (which closes it).
  func start(serving serve: @escaping @Sendable (Int32) -> Void) {
    let thread = Thread { [self] in
      while true {
        let client = accept(descriptor, nil, nil)
        if client < 0 {
          if lock.withLock({ stopped }) { return }
          continue
        }
        Thread { serve(client) }.start()
      }
    }
    thread.start()
  }

  func stop() {
    let wasRunning = lock.withLock { () -> Bool in
      defer { stopped = true }
      return !stopped
    }
    if wasRunning {
      shutdown(descriptor, Int32(SHUT_RDWR))
      close(descriptor)
    }
  }
}
