import Foundation

// A config file is checked as text before it is decoded, because the decoder hides two
// mistakes: a number its field cannot hold (1e300 for num_envs) came out as "not valid JSON",
// and a key given twice silently kept one of its values.

extension PPOConfig {
  /// Checks a config file's JSON: one object, no key twice, every number within what its field
  /// can hold. The error names the key, the value as written and what is allowed.
  static func checkFileContents(_ data: Data) throws(TrainingError) {
    do {
      _ = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw .invalidConfig(field: "", message: "the file is not valid JSON: \(reason(error))")
    }
    let members: [(key: String, value: String)]
    do { members = try TopLevelMembers.parse(Array(data)) } catch {
      throw .invalidConfig(field: "", message: "a config file holds one JSON object, e.g. {\"num_envs\": 64}")
    }
    var seen: [String: Int] = [:]
    for member in members { seen[member.key, default: 0] += 1 }
    let repeated = members.map(\.key).filter { seen[$0]! > 1 }
    if let first = repeated.first {
      var names: [String] = []
      for key in repeated where !names.contains(key) { names.append(key) }
      throw .invalidConfig(field: first, message: (names.count == 1 ? "key " : "keys ")
                             + names.map { "\"\($0)\"" }.joined(separator: ", ")
                             + " appear\(names.count == 1 ? "s" : "") more than once; give each key once")
    }
    for (key, value) in members {
      guard let field = CodingKeys(rawValue: key), let kind = field.numberKind,
            value.first.map({ $0 == "-" || $0.isNumber }) == true else { continue }
      if !kind.holds(value) {
        let integer = kind == .int || kind == .uint64 ? " (an integer)" : ""
        throw .invalidConfig(field: key, message: "\(key) is \(value), which it cannot hold: \(key) must be "
                               + field.allowed + integer)
      }
    }
  }

  private static func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
  }
}

/// The kinds of number a config field holds.
enum ConfigNumberKind {
  case int, uint64, float, double

  /// Whether the JSON number `literal` fits.
  func holds(_ literal: String) -> Bool {
    switch self {
    case .int: return Int(literal) != nil || Double(literal).flatMap { Int(exactly: $0) } != nil
    case .uint64: return UInt64(literal) != nil || Double(literal).flatMap { UInt64(exactly: $0) } != nil
    case .float: return Float(literal)?.isFinite == true
    case .double: return Double(literal)?.isFinite == true
    }
  }
}

extension PPOConfig.CodingKeys {
  var numberKind: ConfigNumberKind? {
    switch self {
    case .seed: return .uint64
    case .totalTimesteps, .numEnvs, .numSteps, .numMinibatches, .updateEpochs, .hiddenSize, .envThreads,
         .learnerThreads, .rewardKind: return .int
    case .learningRate, .gamma, .gaeLambda, .clipCoef, .entCoef, .vfCoef, .maxGradNorm, .targetKL: return .float
    case .stopSuccessRate: return .double
    case .envID, .annealLR, .normAdv, .clipVLoss, .normalizeObservation, .normalizeReward, .letterHead,
         .wordleKnowledge: return nil
    }
  }

  /// What the field allows, as `PPOConfig.validate()` says it.
  var allowed: String {
    switch self {
    case .envID: return "an environment id (see `pavlov envs`)"
    case .seed: return "an integer in [0, 18446744073709551615]"
    case .totalTimesteps: return "a positive integer, at least num_envs × num_steps"
    case .numEnvs: return "in [1, 65536]"
    case .numSteps: return "in [1, 100000]"
    case .numMinibatches: return "a positive divisor of the batch num_envs × num_steps"
    case .updateEpochs: return "a positive integer"
    case .learningRate, .clipCoef: return "positive and finite"
    case .gamma, .gaeLambda: return "in [0, 1]"
    case .entCoef, .vfCoef: return "non-negative and finite"
    case .maxGradNorm: return "positive"
    case .targetKL: return "positive and finite (or absent)"
    case .hiddenSize: return "in [1, 4096]"
    case .envThreads: return "in [1, 256]"
    case .learnerThreads: return "in [1, 64]"
    case .rewardKind: return "an environment reward kind in [0, 255]"
    case .stopSuccessRate: return "in (0, 1] (or absent)"
    case .annealLR, .normAdv, .clipVLoss, .normalizeObservation, .normalizeReward, .letterHead, .wordleKnowledge:
      return "true or false"
    }
  }
}

/// The keys and raw value texts of a JSON object's members, in order, duplicates kept (a JSON
/// parser keeps one). Input must already be valid JSON.
enum TopLevelMembers {
  struct NotAnObject: Error {}

  static func parse(_ bytes: [UInt8]) throws -> [(key: String, value: String)] {
    var i = 0
    func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
    /// Index just past the string starting at `i` (a quote).
    func endOfString(_ start: Int) -> Int {
      var j = start + 1
      while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
      return j + 1
    }
    skipSpace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw NotAnObject() }
    i += 1
    var members: [(key: String, value: String)] = []
    while true {
      skipSpace()
      guard i < bytes.count, bytes[i] != UInt8(ascii: "}") else { break }
      if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
      let keyEnd = endOfString(i)
      let quoted = Data(bytes[i..<min(keyEnd, bytes.count)])
      let key = (try? JSONSerialization.jsonObject(with: quoted, options: .fragmentsAllowed)) as? String ?? ""
      i = keyEnd
      skipSpace()
      i += 1  // the colon
      skipSpace()
      let valueStart = i
      var depth = 0
      while i < bytes.count {
        let byte = bytes[i]
        if byte == UInt8(ascii: "\"") { i = endOfString(i); continue }
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
        if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
          if depth == 0 { break }
          depth -= 1
        }
        if byte == UInt8(ascii: ","), depth == 0 { break }
        i += 1
      }
      let value = String(decoding: bytes[valueStart..<i], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      members.append((key, value))
    }
    return members
  }
}
