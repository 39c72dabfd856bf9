import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `data` to `url` so that a reader sees the old file or the new one, never a torn one:
/// a temporary file beside the target (`.NAME.tmp-PID`), every byte written and flushed to disk,
/// then renamed over the target, and the directory flushed so the rename survives a crash.
///
/// Only a regular file is ever replaced. A target that exists as anything else (a device such
/// as /dev/full, a FIFO, a directory, a socket) is refused: renaming over it would replace a
/// device node with a file, or write nowhere. A symbolic link is refused too, rather than
/// followed: a rename would replace the link, not the file it points to, which is never what
/// was meant; give the real path instead. Any failed write, flush, close or rename removes the
/// temporary file and throws; nothing is reported as written unless it is on disk.
public func writeAtomically(_ data: Data, to url: URL) throws(TrainingError) {
  let path = url.path
  try requireReplaceableTarget(path)
  let directory = url.deletingLastPathComponent().path
  let temporary = temporaryPath(for: url)
  func create() -> Int32 { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
  var descriptor = create()
  if descriptor < 0, errno == EEXIST {
    // Only a killed process with our PID could have left it; it is ours to replace.
    unlink(temporary)
    descriptor = create()
  }
  guard descriptor >= 0 else { throw .io("cannot write \(path): cannot create \(temporary): \(errorText())") }
  func fail(_ step: String, reason: String = errorText()) -> TrainingError {
    unlink(temporary)
    return .io("cannot write \(path): \(step) failed: \(reason)")
  }
  var written = 0
  let writeError: String? = data.withUnsafeBytes { raw in
    while written < raw.count {
      let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
      if result < 0 {
        if errno == EINTR { continue }
        return errorText()
      }
      if result == 0 { return "the disk accepted no more bytes" }
      written += result
    }
    return nil
  }
  if let writeError {
    close(descriptor)
    throw fail("writing \(temporary)", reason: writeError)
  }
  if fsync(descriptor) != 0 {
    let reason = errorText()
    close(descriptor)
    throw fail("flushing \(temporary) to disk", reason: reason)
  }
  guard close(descriptor) == 0 else { throw fail("closing \(temporary)") }
  // Checked again just before the rename: the target may have been replaced meanwhile.
  do { try requireReplaceableTarget(path) } catch {
    unlink(temporary)
    throw error
  }
  guard rename(temporary, path) == 0 else { throw fail("renaming \(temporary) to \(path)") }
  try flushDirectory(directory, after: path)
}

/// The temporary file `writeAtomically` uses for `url`, in the same directory (a rename across
/// file systems would not be atomic).
func temporaryPath(for url: URL) -> String {
  url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
}

/// Removes temporary files `writeAtomically` left in `directory` when its process was killed
/// mid-write: `.NAME.tmp-PID` whose process no longer runs. Returns the names removed.
@discardableResult
public func removeStaleTemporaryFiles(in directory: URL) -> [String] {
  guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
  var removed: [String] = []
  for name in names where name.hasPrefix(".") {
    guard let marker = name.range(of: ".tmp-", options: .backwards),
          let pid = Int32(name[marker.upperBound...]), pid > 0 else { continue }
    // A live process other than this one may be writing it right now.
    if pid != getpid(), kill(pid, 0) == 0 || errno != ESRCH { continue }
    var status = stat()
    let path = directory.appendingPathComponent(name).path
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
    if unlink(path) == 0 { removed.append(name) }
  }
  return removed
}

/// Throws unless `path` is absent or a regular file (see `writeAtomically`).
private func requireReplaceableTarget(_ path: String) throws(TrainingError) {
  var status = stat()
  guard lstat(path, &status) == 0 else {
    if errno == ENOENT { return }
    throw .io("cannot write \(path): \(errorText())")
  }
  let kind: String
  switch status.st_mode & S_IFMT {
  case S_IFREG: return
  case S_IFDIR: kind = "a directory"
  case S_IFLNK: kind = "a symbolic link (give the path of the file itself)"
  case S_IFCHR, S_IFBLK: kind = "a device"
  case S_IFIFO: kind = "a FIFO"
  case S_IFSOCK: kind = "a socket"
  default: kind = "not a regular file"
  }
  throw .io("refusing to write \(path): it is \(kind); the target must be a regular file or not exist yet")
}

/// Flushes the directory entry of a rename; file systems that cannot flush a directory say so
/// with EINVAL, which is not a failure of the write.
private func flushDirectory(_ directory: String, after path: String) throws(TrainingError) {
  let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { throw .io("wrote \(path), but cannot open its directory to flush it: \(errorText())") }
  defer { close(descriptor) }
  if fsync(descriptor) != 0, errno != EINVAL, errno != ENOTSUP {
    throw .io("wrote \(path), but flushing its directory failed: \(errorText())")
  }
}

private func errorText() -> String { String(cString: strerror(errno)) }
