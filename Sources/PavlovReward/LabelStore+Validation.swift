import Foundation
import PavlovSim
import PavlovSQLite

/// Reading a store with suspicion: a store is a file a person can open in `sqlite3` and edit,
/// so what is read back is checked against what Pavlov writes.
///
/// A bad row is refused, not skipped: a reward model fit on the rows that happened to pass
/// would silently differ from the labels the user believes they have, and the rows are theirs
/// to fix or delete (the message names each one). Nothing is changed in the file.
extension LabelStore {
  /// The registered environment this store's observations come from, checked against the
  /// layout the store records (element type and bytes per observation).
  public func checkEnvironment() throws(RewardError) -> EnvSpec {
    guard let id = environmentID else {
      throw .insufficientData("store \(path) holds no observations; run `pavlov collect --store \(path)` first")
    }
    let spec: EnvSpec
    do {
      spec = try VecEnv.spec(for: id)
    } catch {
      throw .incompatibleFile("store \(path): its env_id '\(id)' is not a registered environment (see `pavlov envs`)")
    }
    let recordedType = (try? meta("observation_type")) ?? nil
    guard recordedType == spec.observationType.rawValue else {
      throw .incompatibleFile(
        "store \(path): observation_type '\(recordedType ?? "(missing)")' does not match \(id), whose observations are "
          + spec.observationType.rawValue)
    }
    let recordedBytes = ((try? meta("observation_bytes")) ?? nil) ?? "(missing)"
    guard Int(recordedBytes) == spec.observationByteCount else {
      throw .incompatibleFile(
        "store \(path) records \(recordedBytes)-byte observations; \(id) has \(spec.observationByteCount)-byte observations")
    }
    return spec
  }

  /// Why a label row is not one a Pavlov labeller writes, or nil when it is.
  /// `preferenceType` is SQLite's `typeof(preference)`.
  static func problem(status text: String, preferenceType: String, preference: Double) -> String? {
    guard let status = LabelStatus(rawValue: text) else {
      return "status '\(text)' is unknown; allowed: "
        + LabelStatus.allCases.map(\.rawValue).joined(separator: ", ")
    }
    switch preferenceType {
    case "null":
      return status.isUsable ? "status \(text) but no preference" : nil
    case "real", "integer":
      guard status.isUsable else {
        return "status \(text) carries a preference (\(preference)); only preferred and tie labels have one"
      }
      guard preference.isFinite else { return "preference \(preference) is not finite" }
      guard (0...1).contains(preference) else { return "preference \(preference) is outside 0...1" }
      if status == .tie, preference != 0.5 { return "status tie with preference \(preference); a tie is 0.5" }
      return nil
    default:
      return "preference is not a number (SQLite holds a \(preferenceType) value)"
    }
  }

  /// The error for `problems` (one line per bad label, in id order), listing the first few.
  func refusal(_ problems: [String], labeller: String) -> RewardError {
    let shown = problems.prefix(5).joined(separator: "; ")
    let more = problems.count > 5 ? "; and \(problems.count - 5) more" : ""
    return .incompatibleFile(
      "store \(path): \(problems.count) label\(problems.count == 1 ? "" : "s") of \(labeller) cannot be used "
        + "(edited by hand, or written by another program?); nothing was fitted. Fix or delete these rows: \(shown)\(more)")
  }

  /// Why an observation's bytes do not fit this store, or nil.
  func observationProblem(id: Int, byteCount: Int, expected: Int) -> String? {
    byteCount == expected ? nil : "observation \(id) has \(byteCount) bytes; this store holds \(expected)-byte observations"
  }
}
