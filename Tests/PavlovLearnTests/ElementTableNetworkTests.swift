import GradientCheck
import PavlovSim
import XCTest

@testable import PavlovLearn

/// The element-table encoder: chosen from the spec, its shapes and masks on real pages, its
/// gradients, and a clear error for a spec that does not describe a table.
final class ElementTableNetworkTests: XCTestCase {
  private let task = "MiniWob-click-checkboxes-v0"

  private func observations(_ id: String, count: Int, seed: UInt64) throws -> (EnvSpec, [Float]) {
    let env = try VecEnv(id: id, count: count, seed: seed)
    try env.reset()
    let raw = env.observations
    let floats = (0..<(count * env.spec.observationSize)).map { raw.load(fromByteOffset: 4 * $0, as: Float.self) }
    return (env.spec, floats)
  }

  func testChosenFromTheSpecOnlyWhereItAsks() throws {
    let spec = try VecEnv.spec(for: task)
    guard case .elementTable(let layout) = ObservationEncoding.automatic(for: spec) else {
      return XCTFail("\(task) should get the element-table encoding")
    }
    XCTAssertEqual(layout.rows, 128)
    XCTAssertEqual(layout.fields, 8)
    XCTAssertEqual(layout.keyCount, 15)
    XCTAssertEqual(layout.actionCount, 1167)
    XCTAssertEqual(layout.codeCounts.count, 6)
    XCTAssertNotNil(layout.text)
    XCTAssertNotNil(layout.parents)
    // Turning the preferred view off gives the raw floats; other families are untouched.
    XCTAssertEqual(ObservationEncoding.automatic(for: spec, preferredView: false), .continuous)
    if case .elementTable = ObservationEncoding.automatic(for: try VecEnv.spec(for: "MiniGrid-DoorKey-8x8-v0")) {
      XCTFail("grid worlds must keep their encoding")
    }
    // The encoding (with its layout) survives a checkpoint's JSON.
    let encoding = ObservationEncoding.elementTable(layout)
    let decoded = try JSONDecoder().decode(ObservationEncoding.self, from: try JSONEncoder().encode(encoding))
    XCTAssertEqual(decoded, encoding)
  }

  func testASpecWithoutATableIsRefusedByName() throws {
    let grid = try VecEnv.spec(for: "MiniGrid-DoorKey-5x5-v0")
    XCTAssertThrowsError(try ElementTableLayout(spec: grid)) { error in
      XCTAssertTrue("\(error)".contains("float32"), "\(error)")
    }
    let web = try VecEnv.spec(for: task)
    var hints = web.learnerHints
    hints["key_action_offset"] = "500"  // overlaps the type actions
    let overlapping = EnvSpec(id: web.id, observationType: web.observationType, observationShape: web.observationShape,
                              observationBounds: web.observationBounds, actionSpace: web.actionSpace,
                              rewardRange: web.rewardRange, maxEpisodeSteps: web.maxEpisodeSteps,
                              infoColumnNames: web.infoColumnNames, eventNames: web.eventNames,
                              observationParts: web.observationParts, learnerHints: hints)
    XCTAssertThrowsError(try ElementTableLayout(spec: overlapping)) { error in
      XCTAssertTrue("\(error)".contains("cover its 1167 actions exactly"), "\(error)")
    }
    hints["key_action_offset"] = nil
    let missing = EnvSpec(id: web.id, observationType: web.observationType, observationShape: web.observationShape,
                          observationBounds: web.observationBounds, actionSpace: web.actionSpace,
                          rewardRange: web.rewardRange, maxEpisodeSteps: web.maxEpisodeSteps,
                          infoColumnNames: web.infoColumnNames, eventNames: web.eventNames,
                          observationParts: web.observationParts, learnerHints: hints)
    XCTAssertThrowsError(try ElementTableLayout(spec: missing)) { error in
      XCTAssertTrue("\(error)".contains("key_action_offset"), "\(error)")
    }
    // Without a usable layout the learner falls back to the raw floats rather than failing.
    XCTAssertEqual(ObservationEncoding.automatic(for: missing), .continuous)
  }

  private func network(_ spec: EnvSpec, rows: Int, hidden: Int = 8) throws -> ActorCritic {
    let encoding = ObservationEncoding.automatic(for: spec)
    let shape = NetworkShape(encoding: encoding, observationSize: spec.observationSize, hiddenSize: hidden,
                             head: .categorical(actionCount: 1167))
    return try ActorCritic(shape: shape, seed: 7, maxBatchSize: rows)
  }

  /// Logits exist for the page's rows and the instruction's fields, and keys; the rest are masked.
  func testLogitsCoverThePageAndMaskTheRest() throws {
    for id in ["MiniWob-click-checkboxes-v0", "MiniWob-use-spinner-v0", "MiniWob-click-tab-2-v0"] {
      let (spec, obs) = try observations(id, count: 3, seed: 11)
      guard case .elementTable(let layout) = ObservationEncoding.automatic(for: spec) else { return XCTFail(id) }
      let features = ElementTableFeatures(layout: layout)
      let net = try network(spec, rows: 3)
      let (policy, values) = try obs.withUnsafeBufferPointer { o in
        let out = try net.forward(.floats(o), batchSize: 3)
        return (Array(out.policy), Array(out.values))
      }
      XCTAssertEqual(policy.count, 3 * 1167)
      XCTAssertTrue(values.allSatisfy(\.isFinite))
      try obs.withUnsafeBufferPointer { o in
        for i in 0..<3 {
          let row = o.baseAddress! + i * spec.observationSize
          var present = 0, fields = 0
          for k in 0..<128 where features.isPresent(row, row: k) { present += 1 }
          for j in 0..<8 where features.hasField(row, field: j) { fields += 1 }
          XCTAssertGreaterThan(present, 3, id)
          let logits = policy[(i * 1167)..<((i + 1) * 1167)].map { $0 }
          let live = logits.filter { $0 > ElementTableNetwork.maskedLogit / 2 }
          XCTAssertEqual(live.count, present * (1 + fields) + 15, "\(id) env \(i): \(present) rows, \(fields) fields")
          XCTAssertTrue(live.allSatisfy { $0.isFinite && abs($0) < 1 }, "near-uniform at the start")
          // Rows are contiguous from 0: the first row past the page is masked, row 0 is not.
          XCTAssertGreaterThan(logits[0], -1)
          if present < 128 { XCTAssertEqual(logits[present], ElementTableNetwork.maskedLogit) }
        }
      }
    }
  }

  /// Every one of the five networks' gradients agrees with central differences of a loss on
  /// the unmasked logits and the values of real pages.
  func testGradientsMatchFiniteDifferences() throws {
    let (spec, obs) = try observations("MiniWob-click-shades-v0", count: 2, seed: 3)
    let net = try network(spec, rows: 2, hidden: 6)
    let first = try obs.withUnsafeBufferPointer { Array(try net.forward(.floats($0), batchSize: 2).policy) }
    // Weights on live logits only: a masked logit is a constant −1e9 that float sums would swamp.
    let weights = first.enumerated().map { $0.element < -1e8 ? Float(0) : Float(($0.offset * 37) % 11) / 5 - 1 }
    let valueWeights: [Float] = [0.8, -1.3]
    func loss() throws -> Double {
      try obs.withUnsafeBufferPointer { o in
        let out = try net.forward(.floats(o), batchSize: 2)
        var sum = 0.0
        for k in 0..<weights.count where weights[k] != 0 { sum += Double(weights[k] * out.policy[k]) }
        for i in 0..<2 { sum += Double(valueWeights[i] * out.values[i]) }
        return sum
      }
    }
    _ = try loss()
    net.zeroGradients()
    try weights.withUnsafeBufferPointer { w in
      try valueWeights.withUnsafeBufferPointer { try net.backward(policyGradient: w, valueGradient: $0) }
    }
    let names = ["row encoder", "context", "row scorer", "key head", "critic"]
    XCTAssertEqual(net.parameterBuffers.count, names.count)
    for (index, name) in names.enumerated() {
      let parameters = net.parameterBuffers[index], gradients = Array(net.gradientBuffers[index])
      XCTAssertTrue(gradients.contains { $0 != 0 }, "\(name) gets a gradient")
      let stride = max(1, parameters.count / 40)
      XCTAssertEqual(try finiteDifferenceMismatches(gradients, of: loss, in: parameters,
                                                    indices: Swift.stride(from: 0, to: parameters.count, by: stride),
                                                    step: 1e-2, accuracy: 5e-3), [], name)
    }
  }
}
