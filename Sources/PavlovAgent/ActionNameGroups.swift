/// Writes a long list of action names compactly for a prompt: names that differ only in their
/// numbers ("click [0]" … "click [127]") become one pattern with its ranges ("click [N] (N from 0
/// to 127)"). A web task has 1,167 actions; listed one by one they would fill most of a small
/// model's context. Only complete groups are folded (every combination of the ranges is a legal
/// name), so the pattern never names an action that does not exist; anything else is listed as
/// it is. The names themselves are unchanged, so answers are parsed against them as before.
enum ActionNameGroups {
  /// Groups smaller than this are listed name by name: a short list reads better as it is.
  static let smallestFolded = 8
  private static let placeholders = ["N", "M", "K", "L"]

  static func describe(_ names: [String]) -> String {
    var order: [String] = []  // templates in the order their first name appears
    var members: [String: [[Int]]] = [:]
    var lone: [String: [String]] = [:]
    for name in names {
      guard let (template, numbers) = split(name), numbers.count <= placeholders.count else {
        order.append(name)
        lone[name, default: []].append(name)
        continue
      }
      if members[template] == nil { order.append(template) }
      members[template, default: []].append(numbers)
    }
    var parts: [String] = []
    var listed = Set<String>()
    for key in order where !listed.contains(key) {
      listed.insert(key)
      if let names = lone[key] { parts += names; continue }
      guard let tuples = members[key] else { continue }
      if let folded = fold(key, tuples) {
        parts.append(folded)
      } else {
        parts += tuples.map { fill(key, $0.map(String.init)) }
      }
    }
    return parts.joined(separator: ", ")
  }

  /// The name with each run of digits replaced by "\u{0}", and the numbers; nil without digits.
  private static func split(_ name: String) -> (String, [Int])? {
    var template = "", numbers: [Int] = [], digits = ""
    for ch in name {
      if ch.isASCII && ch.isNumber {
        digits.append(ch)
        continue
      }
      if !digits.isEmpty { template.append("\u{0}"); numbers.append(Int(digits) ?? 0); digits = "" }
      template.append(ch)
    }
    if !digits.isEmpty { template.append("\u{0}"); numbers.append(Int(digits) ?? 0) }
    // Leading zeros ("07") would not survive the round trip through Int: list such names as they are.
    guard !numbers.isEmpty, fill(template, numbers.map(String.init)) == name else { return nil }
    return (template, numbers)
  }

  private static func fold(_ template: String, _ tuples: [[Int]]) -> String? {
    guard tuples.count >= smallestFolded else { return nil }
    let width = tuples[0].count
    var ranges: [ClosedRange<Int>] = []
    for i in 0..<width {
      let values = tuples.map { $0[i] }
      guard let low = values.min(), let high = values.max() else { return nil }
      ranges.append(low...high)
    }
    // Complete: as many distinct names as combinations of the ranges.
    let combinations = ranges.reduce(1) { $0 * $1.count }
    guard combinations == Set(tuples).count, combinations == tuples.count else { return nil }
    let letters = Array(placeholders.prefix(width))
    let pattern = fill(template, letters)
    let where_ = zip(letters, ranges).map { "\($0) from \($1.lowerBound) to \($1.upperBound)" }
    return "\(pattern) (\(where_.joined(separator: "; ")))"
  }

  private static func fill(_ template: String, _ values: [String]) -> String {
    var out = "", i = 0
    for ch in template {
      if ch == "\u{0}" { out += i < values.count ? values[i] : ""; i += 1 } else { out.append(ch) }
    }
    return out
  }
}
