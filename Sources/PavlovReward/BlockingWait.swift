import Foundation

/// Runs `operation` to completion and waits for it on the calling thread.
///
/// A reward function is called synchronously by the trainer, but the LLM client is async: the
/// step must not go on before the new captions are scored, so the trainer's thread waits. The
/// work runs as a detached task on the cooperative pool and the client's sockets block threads
/// of their own, so the wait cannot starve what it waits for as long as the waiting thread is
/// not a pool thread (`pavlov train` trains on the main thread). A caller inside async code (a
/// pipeline that trains from a task) holds one pool thread while it waits: that is safe while
/// another pool thread is free, which is why training from async code must not run on every
/// pool thread at once.
func waitFor<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    box.value = await operation()
    done.signal()
  }
  done.wait()
  return box.value!
}

/// Written once by the task before the semaphore is signalled, read once after the wait: the
/// semaphore orders the two accesses.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
