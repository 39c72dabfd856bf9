import PavlovSim

/// Where an element-table observation keeps its parts, and how its discrete actions act on the
/// table's rows: what `ElementTableNetwork` reads, taken from the spec alone (part names and
/// learner hints), so any family that describes a page this way gets the network.
///
/// Parts, by name (the web tasks' names; docs/miniwob.md):
/// - `element_codes` (required): rows × channels of category codes; channel 0 is the row's kind,
///   0 meaning an empty row (rows past the page).
/// - `fields` (required): instruction fields × characters (ASCII codes, 0 pads); a field whose
///   first character is 0 is absent.
/// - optional: `element_text`, `element_value` (rows × characters), `element_numbers` (rows ×
///   numbers), `element_parents` (rows; parent row + 1, 0 none), `utterance` (characters),
///   `field_numbers` (one number per field).
///
/// Actions, by the hints `click_action_offset` (click row k: offset + k), `type_action_offset`
/// (type field j into row k: offset + fields·k + j) and `key_action_offset` (the remaining
/// actions, up to the action count, score from the page as a whole). The three ranges must
/// cover the action space exactly, so every action gets a score.
public struct ElementTableLayout: Codable, Sendable, Equatable {
  /// The learner hint value that asks for this encoder (`observation_view`).
  public static let viewName = "element-table"

  /// A part's place in the flat observation: its offset and its elements per row.
  public struct Slice: Codable, Sendable, Equatable {
    public var offset: Int
    public var width: Int
  }

  public var rows: Int
  public var fields: Int
  /// Category counts of `element_codes`' channels.
  public var codeCounts: [Int]
  public var codes: Slice
  public var fieldText: Slice
  public var text: Slice?
  public var value: Slice?
  public var numbers: Slice?
  public var parents: Slice?
  public var utterance: Slice?
  public var fieldNumbers: Slice?
  public var clickOffset: Int
  public var typeOffset: Int
  public var keyOffset: Int
  public var keyCount: Int

  /// The layout of `spec`'s observation and actions; throws naming the part or hint that is
  /// missing or shaped otherwise.
  public init(spec: EnvSpec) throws(TrainingError) {
    func fail(_ what: String) -> TrainingError {
      .invalidConfig(field: "observation_view", message: "the \(Self.viewName) encoder needs \(what); \(spec.id) has "
                       + "parts \(spec.observationParts.map { "\($0.name) \($0.shape)" }) and hints \(spec.learnerHints)")
    }
    guard spec.observationType == .float32 else { throw fail("a float32 observation") }
    guard case .discrete(let actionCount) = spec.actionSpace else { throw fail("discrete actions") }
    guard let codePart = spec.observationPart(named: "element_codes"), codePart.shape.count == 2,
          let counts = codePart.categories, counts.count == codePart.shape[1], counts.allSatisfy({ $0 >= 2 }) else {
      throw fail("a part \"element_codes\" of rows × channels category codes (channel 0 the row's kind, 0 empty)")
    }
    let rows = codePart.shape[0]
    self.rows = rows
    codeCounts = counts
    codes = Slice(offset: codePart.offset, width: codePart.shape[1])
    guard let fieldPart = spec.observationPart(named: "fields"), fieldPart.shape.count == 2 else {
      throw fail("a part \"fields\" of fields × characters")
    }
    let fields = fieldPart.shape[0]
    self.fields = fields
    fieldText = Slice(offset: fieldPart.offset, width: fieldPart.shape[1])
    func rowPart(_ name: String) throws(TrainingError) -> Slice? {
      guard let part = spec.observationPart(named: name) else { return nil }
      guard part.shape.first == rows, part.shape.count <= 2 else { throw fail("\"\(name)\" to have \(rows) rows") }
      return Slice(offset: part.offset, width: part.shape.count == 2 ? part.shape[1] : 1)
    }
    text = try rowPart("element_text")
    value = try rowPart("element_value")
    numbers = try rowPart("element_numbers")
    parents = try rowPart("element_parents")
    if let part = spec.observationPart(named: "utterance") {
      guard part.shape.count == 1 else { throw fail("\"utterance\" to be one row of characters") }
      utterance = Slice(offset: part.offset, width: part.shape[0])
    }
    if let part = spec.observationPart(named: "field_numbers") {
      guard part.shape == [fields] else { throw fail("\"field_numbers\" to hold one number per field (\(fields))") }
      fieldNumbers = Slice(offset: part.offset, width: 1)
    }
    func hint(_ key: String) throws(TrainingError) -> Int {
      guard let text = spec.learnerHints[key], let value = Int(text), value >= 0 else {
        throw fail("a learner hint \"\(key)\" (a whole number: the first action of that kind)")
      }
      return value
    }
    let clickOffset = try hint("click_action_offset")
    let typeOffset = try hint("type_action_offset")
    let keyOffset = try hint("key_action_offset")
    let ranges = [clickOffset..<(clickOffset + rows), typeOffset..<(typeOffset + rows * fields),
                  keyOffset..<actionCount].sorted { $0.lowerBound < $1.lowerBound }
    guard actionCount > keyOffset, ranges[0].lowerBound == 0, ranges[0].upperBound == ranges[1].lowerBound,
          ranges[1].upperBound == ranges[2].lowerBound, ranges[2].upperBound == actionCount else {
      throw fail("click (\(rows)), type (\(rows) × \(fields)) and key actions that cover its \(actionCount) "
                   + "actions exactly")
    }
    self.clickOffset = clickOffset
    self.typeOffset = typeOffset
    self.keyOffset = keyOffset
    keyCount = actionCount - keyOffset
  }

  public var actionCount: Int { keyOffset + keyCount }
}
