/// A buffer for C calls with guard elements past its end, so that a write beyond the length
/// a call was given is caught. The memory is allocated once and never moves.
final class GuardedBuffer<Element: BitwiseCopyable> {
  let count: Int
  let pointer: UnsafeMutablePointer<Element>
  private let guardCount = 16
  private let fill: Element
  private let sentinel: Element

  init(count: Int, fill: Element, sentinel: Element) {
    self.count = count
    self.fill = fill
    self.sentinel = sentinel
    pointer = .allocate(capacity: count + guardCount)
    pointer.initialize(repeating: fill, count: count)
    (pointer + count).initialize(repeating: sentinel, count: guardCount)
  }

  deinit { pointer.deallocate() }

  /// Resets the contents (not the guard) before a call.
  func clear() { pointer.update(repeating: fill, count: count) }

  /// Whether the guard elements are untouched (compared bit for bit: the sentinel may be NaN).
  var guardIntact: Bool {
    withUnsafeBytes(of: sentinel) { expected in
      (0..<guardCount).allSatisfy { k in
        withUnsafeBytes(of: (pointer + count + k).pointee) { $0.elementsEqual(expected) }
      }
    }
  }

  subscript(index: Int) -> Element { pointer[index] }
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: pointer, count: count) }
}
