import PavlovSim

/// The documented inputs of a reward program, generated from the spec's named observation parts
/// (and for the privileged variant its info column names), never from the environment id: what
/// the LLM is told, and what the program gets.
public enum RewardProgramDescription {
  public static func text(for spec: EnvSpec, inputs: RewardProgram.Inputs) -> String {
    var lines = ["`obs` is a table with one field per part of the observation:"]
    for part in spec.observationParts { lines.append("- " + describe(part)) }
    lines.append("Arrays are Lua arrays (1-based) of the part's elements in row-major order: for shape [a, b, c], "
                 + "element (i, j, k) (0-based) is at index 1 + (i*b + j)*c + k.")
    if inputs == .privileged {
      lines.append("`state` is a table of the simulator's privileged state, one number per field: "
                   + spec.infoColumnNames.map { "`\($0)`" }.joined(separator: ", ") + ".")
    }
    return lines.joined(separator: "\n")
  }

  static func describe(_ part: ObservationPart) -> String {
    let range = "\(format(part.bounds.lowerBound))..\(format(part.bounds.upperBound))"
    let what: String
    if part.shape.isEmpty {
      what = "a number"
    } else {
      what = "an array of \(part.size) numbers, shape [\(part.shape.map(String.init).joined(separator: ", "))]"
    }
    var text = "`\(part.name)`: \(what)"
    if let categories = part.categories {
      if categories.count == 1 {
        text += ", category codes 0..\(categories[0] - 1)"
      } else {
        text += ", category codes; along the last axis: "
          + categories.enumerated().map { "channel \($0.offset) in 0..\($0.element - 1)" }.joined(separator: ", ")
      }
    } else {
      text += ", values in \(range)"
    }
    return text
  }

  private static func format(_ value: Float) -> String {
    value == value.rounded() && abs(value) < 1e6 ? String(Int(value)) : "\(value)"
  }
}
