/// The fixed (unlearned) features `ElementTableNetwork` computes from an element-table
/// observation: one vector per present row, and one for the page as a whole.
///
/// A row: its codes one-hot (kind, flags, which field its text or value equals), its numbers,
/// bags of the characters of its text and value, its place in the table, and the codes of its
/// parent and of the rows before and after it (a checkbox's label is its neighbour, a tab's link
/// its child: the shared row network sees one row at a time, so the neighbourhood comes in here).
/// The page: bags of the utterance's and each field's characters, whether each field is present,
/// the fields read as numbers, and the share of rows present.
///
/// Characters go in as bags (letters case-folded, digits, others, length) rather than as codes
/// per position: words that must be read (red/green/blue, higher/lower) differ in their letters,
/// and a bag is the same whatever the word's position or length.
struct ElementTableFeatures {
  let layout: ElementTableLayout
  /// Offset of each code channel's first category in the one-hot codes.
  private let codeOffsets: [Int]
  private let codeWidth: Int

  static let bagWidth = 38  // 26 letters, 10 digits, other, length

  init(layout: ElementTableLayout) {
    self.layout = layout
    var running = 0
    codeOffsets = layout.codeCounts.map { count in
      defer { running += count }
      return running
    }
    codeWidth = running
  }

  /// Own codes, parent, previous and next rows' codes; numbers; text and value bags; position.
  var rowWidth: Int {
    4 * codeWidth + (layout.numbers?.width ?? 0) + (layout.text == nil ? 0 : Self.bagWidth)
      + (layout.value == nil ? 0 : Self.bagWidth) + 1
  }

  /// Utterance bag; per field: present, number, bag; share of rows present.
  var pageWidth: Int {
    (layout.utterance == nil ? 0 : Self.bagWidth) + layout.fields * (2 + Self.bagWidth) + 1
  }

  /// Whether row k holds an element.
  @inline(__always)
  func isPresent(_ obs: UnsafePointer<Float>, row k: Int) -> Bool {
    obs[layout.codes.offset + k * layout.codes.width] != 0
  }

  /// Whether field j is present (its first character is not 0).
  @inline(__always)
  func hasField(_ obs: UnsafePointer<Float>, field j: Int) -> Bool {
    obs[layout.fieldText.offset + j * layout.fieldText.width] != 0
  }

  /// Writes row k's `rowWidth` features (row k must be present).
  func writeRow(_ obs: UnsafePointer<Float>, row k: Int, into out: UnsafeMutablePointer<Float>) {
    out.update(repeating: 0, count: rowWidth)
    writeCodes(obs, row: k, into: out)
    var parent = -1
    if let parents = layout.parents {
      parent = Int(obs[parents.offset + k]) - 1
    }
    if parent >= 0, parent < layout.rows { writeCodes(obs, row: parent, into: out + codeWidth) }
    if k > 0 { writeCodes(obs, row: k - 1, into: out + 2 * codeWidth) }
    if k + 1 < layout.rows, isPresent(obs, row: k + 1) { writeCodes(obs, row: k + 1, into: out + 3 * codeWidth) }
    var at = 4 * codeWidth
    if let numbers = layout.numbers {
      for c in 0..<numbers.width { out[at + c] = obs[numbers.offset + k * numbers.width + c] }
      at += numbers.width
    }
    if let text = layout.text {
      Self.writeBag(obs + text.offset + k * text.width, width: text.width, into: out + at)
      at += Self.bagWidth
    }
    if let value = layout.value {
      Self.writeBag(obs + value.offset + k * value.width, width: value.width, into: out + at)
      at += Self.bagWidth
    }
    out[at] = Float(k) / Float(layout.rows)
  }

  /// Writes the page's `pageWidth` features; `presentRows` is the number of rows present.
  func writePage(_ obs: UnsafePointer<Float>, presentRows: Int, into out: UnsafeMutablePointer<Float>) {
    out.update(repeating: 0, count: pageWidth)
    var at = 0
    if let utterance = layout.utterance {
      Self.writeBag(obs + utterance.offset, width: utterance.width, into: out)
      at += Self.bagWidth
    }
    let fieldText = layout.fieldText
    for j in 0..<layout.fields {
      out[at] = hasField(obs, field: j) ? 1 : 0
      if let numbers = layout.fieldNumbers { out[at + 1] = obs[numbers.offset + j] }
      Self.writeBag(obs + fieldText.offset + j * fieldText.width, width: fieldText.width, into: out + at + 2)
      at += 2 + Self.bagWidth
    }
    out[at] = Float(presentRows) / Float(layout.rows)
  }

  private func writeCodes(_ obs: UnsafePointer<Float>, row k: Int, into out: UnsafeMutablePointer<Float>) {
    let base = layout.codes.offset + k * layout.codes.width
    for c in 0..<layout.codes.width {
      let code = Int(obs[base + c])
      // Codes out of range (a layout the spec does not describe) are left out, not trusted.
      if code >= 0, code < layout.codeCounts[c] { out[codeOffsets[c] + code] = 1 }
    }
  }

  /// Counts of letters (case-folded), digits and other characters, each capped at 4 and scaled
  /// to [0, 1], then the length over the width.
  static func writeBag(_ chars: UnsafePointer<Float>, width: Int, into out: UnsafeMutablePointer<Float>) {
    var length = 0
    while length < width, chars[length] != 0 {
      let c = Int(chars[length])
      let slot: Int
      switch c {
      case 97...122: slot = c - 97
      case 65...90: slot = c - 65
      case 48...57: slot = 26 + c - 48
      default: slot = 36
      }
      out[slot] = min(1, out[slot] + 0.25)
      length += 1
    }
    out[37] = Float(length) / Float(width)
  }
}
