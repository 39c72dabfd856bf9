import Foundation

/// Runs `operation` to completion and waits for it on the calling thread.
///
/// A reward function is called synchronously by the trainer, but the LLM client is async: the
/// step must not go on before the new captions are scored, so the trainer's thread waits. The
/// work runs as a detached task on the cooperative pool and the client's sockets block threads
/// of their own, so the wait cannot starve what it waits for (the trainer's thread is not a
/// pool thread).
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
