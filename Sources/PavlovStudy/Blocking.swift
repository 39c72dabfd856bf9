import Foundation

/// Runs async work (the LLM policy, a labelling session) to completion from the study's
/// synchronous loop. The study runs on the caller's thread, never a pool thread, because its
/// PPO runs block for minutes and the LLM rewards wait on the pool from inside them.
func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
  let box = Outcome<T>()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
    done.signal()
  }
  done.wait()
  return try box.result!.get()
}

/// Written once by the task before the semaphore is signalled, read once after the wait.
private final class Outcome<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}

/// Hands a value that is not Sendable to the one task `blocking` runs, while the handing
/// thread waits and does not touch it.
final class Handed<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
