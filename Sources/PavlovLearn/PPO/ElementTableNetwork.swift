import PavlovNet

/// PPO's network for element-table observations (`ElementTableLayout`): a shared row encoder,
/// a page context, and element-level action scores.
///
/// - Row encoder (`rowNet`, R → H → H): every present row's features (`ElementTableFeatures`)
///   through the same MLP, so what is learned about a checkbox holds for every checkbox.
/// - Context (`contextNet`, page features + mean row embedding → H → H): the instruction and
///   the page as a whole.
/// - Row scores (`scorer`, [row embedding, context] → H → 1 + fields): row k's click score and its
///   type-field-j scores are that row's outputs, so "click the row whose text is field 0" is one
///   function of a row, not 64 separate logits.
/// - Keys (`keyHead`, context → H → keys) and the critic (`critic`, context → H → 1).
/// Actions on empty rows and for absent fields, which the env makes no-ops, get a logit of −1e9:
/// probability 0, never sampled, no gradient. The actor and critic share the encoders (as
/// CleanRL's Atari agent shares its torso); the critic's loss trains them too.
final class ElementTableNetwork {
  static let maskedLogit: Float = -1e9

  let layout: ElementTableLayout
  let features: ElementTableFeatures
  let hidden: Int
  let maxBatchSize: Int
  private let rowNet: MLP
  private let contextNet: MLP
  private let scorer: MLP
  private let keyHead: MLP
  private let critic: MLP
  private let rowFeatures: UnsafeMutableBufferPointer<Float>
  private let rowEmbeddings: UnsafeMutableBufferPointer<Float>
  private let contextInput: UnsafeMutableBufferPointer<Float>
  private let context: UnsafeMutableBufferPointer<Float>
  private let scorerInput: UnsafeMutableBufferPointer<Float>
  private let scores: UnsafeMutableBufferPointer<Float>
  private let keyLogits: UnsafeMutableBufferPointer<Float>
  private let scoreGradients: UnsafeMutableBufferPointer<Float>
  private let scorerInputGradients: UnsafeMutableBufferPointer<Float>
  private let embeddingGradients: UnsafeMutableBufferPointer<Float>
  private let contextGradients: UnsafeMutableBufferPointer<Float>
  private let contextInputGradients: UnsafeMutableBufferPointer<Float>
  private let headInputGradients: UnsafeMutableBufferPointer<Float>
  /// Of the last forward: per present row, its sample and its row index; per sample, its first
  /// present row's slot and how many.
  private var rowSample: [Int32]
  private var rowIndex: [Int32]
  private var sampleFirst: [Int32]
  private var sampleCount: [Int32]
  private var lastBatch = 0
  private var lastRows = 0

  init(layout: ElementTableLayout, hidden: Int, seed: UInt64, maxBatchSize: Int) throws(LearnError) {
    self.layout = layout
    features = ElementTableFeatures(layout: layout)
    self.hidden = hidden
    self.maxBatchSize = maxBatchSize
    let maxRows = maxBatchSize * layout.rows, h = hidden
    let page = features.pageWidth, scoresPerRow = 1 + layout.fields
    rowNet = try MLP(layerSizes: [features.rowWidth, h, h], outputGain: 1, seed: seed &+ 31, maxBatchSize: maxRows)
    contextNet = try MLP(layerSizes: [page + h, h, h], outputGain: 1, seed: seed &+ 37, maxBatchSize: maxBatchSize)
    scorer = try MLP(layerSizes: [2 * h, h, scoresPerRow], outputGain: 0.01, seed: seed &+ 41, maxBatchSize: maxRows)
    keyHead = try MLP(layerSizes: [h, h, layout.keyCount], outputGain: 0.01, seed: seed &+ 43,
                      maxBatchSize: maxBatchSize)
    critic = try MLP(layerSizes: [h, h, 1], outputGain: 1, seed: seed &+ 47, maxBatchSize: maxBatchSize)
    func zeroed(_ count: Int) -> UnsafeMutableBufferPointer<Float> { .allocateCacheAligned(max(count, 1)) }
    rowFeatures = zeroed(maxRows * features.rowWidth)
    rowEmbeddings = zeroed(maxRows * h)
    contextInput = zeroed(maxBatchSize * (page + h))
    context = zeroed(maxBatchSize * h)
    scorerInput = zeroed(maxRows * 2 * h)
    scores = zeroed(maxRows * scoresPerRow)
    keyLogits = zeroed(maxBatchSize * layout.keyCount)
    scoreGradients = zeroed(maxRows * scoresPerRow)
    scorerInputGradients = zeroed(maxRows * 2 * h)
    embeddingGradients = zeroed(maxRows * h)
    contextGradients = zeroed(maxBatchSize * h)
    contextInputGradients = zeroed(maxBatchSize * (page + h))
    headInputGradients = zeroed(maxBatchSize * h)
    rowSample = [Int32](repeating: 0, count: maxRows)
    rowIndex = [Int32](repeating: 0, count: maxRows)
    sampleFirst = [Int32](repeating: 0, count: maxBatchSize)
    sampleCount = [Int32](repeating: 0, count: maxBatchSize)
  }

  deinit {
    for buffer in [rowFeatures, rowEmbeddings, contextInput, context, scorerInput, scores, keyLogits, scoreGradients,
                   scorerInputGradients, embeddingGradients, contextGradients, contextInputGradients,
                   headInputGradients] {
      buffer.deallocate()
    }
  }

  var networks: [MLP] { [rowNet, contextNet, scorer, keyHead, critic] }

  /// Logits (`batchSize × actionCount`) and values (`batchSize`) of raw observations
  /// (`batchSize × observationSize` floats).
  func forward(_ observations: UnsafeBufferPointer<Float>, observationSize: Int, batchSize: Int,
               policy: UnsafeMutableBufferPointer<Float>, values: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    guard batchSize >= 1, batchSize <= maxBatchSize, observations.count >= batchSize * observationSize else {
      throw LearnError.invalidArgument("element-table network: \(batchSize) rows of \(observationSize) floats do not fit "
                                         + "its batch of at most \(maxBatchSize) (got \(observations.count) floats)")
    }
    let h = hidden, page = features.pageWidth, rowWidth = features.rowWidth
    let contextWidth = page + h, scoresPerRow = 1 + layout.fields
    var n = 0
    for i in 0..<batchSize {
      let obs = observations.baseAddress! + i * observationSize
      sampleFirst[i] = Int32(n)
      var count = 0
      for k in 0..<layout.rows where features.isPresent(obs, row: k) {
        features.writeRow(obs, row: k, into: rowFeatures.baseAddress! + n * rowWidth)
        rowSample[n] = Int32(i)
        rowIndex[n] = Int32(k)
        n += 1
        count += 1
      }
      sampleCount[i] = Int32(count)
      features.writePage(obs, presentRows: count, into: contextInput.baseAddress! + i * contextWidth)
    }
    guard n > 0 else {
      throw LearnError.invalidArgument("element-table network: no observation in the batch has a row (element_codes "
                                         + "channel 0 is 0 everywhere)")
    }
    lastBatch = batchSize
    lastRows = n
    let embeddings = UnsafeMutableBufferPointer(rebasing: rowEmbeddings[0..<(n * h)])
    try rowNet.forward(UnsafeBufferPointer(rebasing: rowFeatures[0..<(n * rowWidth)]), batchSize: n, into: embeddings)
    // Mean of each sample's row embeddings, after its page features.
    for i in 0..<batchSize {
      let pooled = contextInput.baseAddress! + i * contextWidth + page
      pooled.update(repeating: 0, count: h)
      let first = Int(sampleFirst[i]), count = Int(sampleCount[i])
      guard count > 0 else { continue }
      let scale = 1 / Float(count)
      for r in first..<(first + count) {
        for c in 0..<h { pooled[c] += scale * embeddings[r * h + c] }
      }
    }
    let contextRows = UnsafeMutableBufferPointer(rebasing: context[0..<(batchSize * h)])
    try contextNet.forward(UnsafeBufferPointer(rebasing: contextInput[0..<(batchSize * contextWidth)]),
                           batchSize: batchSize, into: contextRows)
    for r in 0..<n {
      let target = scorerInput.baseAddress! + r * 2 * h
      target.update(from: embeddings.baseAddress! + r * h, count: h)
      (target + h).update(from: contextRows.baseAddress! + Int(rowSample[r]) * h, count: h)
    }
    let rowScores = UnsafeMutableBufferPointer(rebasing: scores[0..<(n * scoresPerRow)])
    try scorer.forward(UnsafeBufferPointer(rebasing: scorerInput[0..<(n * 2 * h)]), batchSize: n, into: rowScores)
    let keys = UnsafeMutableBufferPointer(rebasing: keyLogits[0..<(batchSize * layout.keyCount)])
    try keyHead.forward(UnsafeBufferPointer(contextRows), batchSize: batchSize, into: keys)
    try critic.forward(UnsafeBufferPointer(contextRows), batchSize: batchSize, into: values)
    // Logits: masked everywhere, then the present rows' scores (for present fields) and the keys.
    let actions = layout.actionCount, fields = layout.fields
    policy.update(repeating: Self.maskedLogit)
    for i in 0..<batchSize {
      let obs = observations.baseAddress! + i * observationSize
      let row = policy.baseAddress! + i * actions
      (row + layout.keyOffset).update(from: keys.baseAddress! + i * layout.keyCount, count: layout.keyCount)
      let first = Int(sampleFirst[i])
      for r in first..<(first + Int(sampleCount[i])) {
        let k = Int(rowIndex[r]), s = rowScores.baseAddress! + r * scoresPerRow
        row[layout.clickOffset + k] = s[0]
        for j in 0..<fields where features.hasField(obs, field: j) {
          row[layout.typeOffset + k * fields + j] = s[1 + j]
        }
      }
    }
  }

  /// Adds the parameter gradients for dLoss/dLogits and dLoss/dValues of the last forward.
  /// Masked logits get no gradient (their probability is 0, so the policy's gradient there is 0).
  func backward(policyGradient: UnsafeBufferPointer<Float>, valueGradient: UnsafeBufferPointer<Float>)
    throws(LearnError)
  {
    let batchSize = lastBatch, n = lastRows, h = hidden, page = features.pageWidth
    let contextWidth = page + h, scoresPerRow = 1 + layout.fields, actions = layout.actionCount
    guard batchSize > 0, policyGradient.count == batchSize * actions, valueGradient.count == batchSize else {
      throw LearnError.invalidArgument("element-table network: backward takes the last forward's \(batchSize) rows")
    }
    // Row scores' gradients, gathered back from the logits.
    let fields = layout.fields
    for r in 0..<n {
      let i = Int(rowSample[r]), k = Int(rowIndex[r])
      let d = policyGradient.baseAddress! + i * actions, s = scoreGradients.baseAddress! + r * scoresPerRow
      s[0] = d[layout.clickOffset + k]
      for j in 0..<fields { s[1 + j] = d[layout.typeOffset + k * fields + j] }
    }
    let dScorerInput = UnsafeMutableBufferPointer(rebasing: scorerInputGradients[0..<(n * 2 * h)])
    try scorer.backward(UnsafeBufferPointer(rebasing: scoreGradients[0..<(n * scoresPerRow)]),
                        inputGradient: dScorerInput)
    let dContext = UnsafeMutableBufferPointer(rebasing: contextGradients[0..<(batchSize * h)])
    let dHead = UnsafeMutableBufferPointer(rebasing: headInputGradients[0..<(batchSize * h)])
    let keyGradients = UnsafeMutableBufferPointer(rebasing: keyLogits[0..<(batchSize * layout.keyCount)])
    for i in 0..<batchSize {
      (keyGradients.baseAddress! + i * layout.keyCount).update(
        from: policyGradient.baseAddress! + i * actions + layout.keyOffset, count: layout.keyCount)
    }
    try keyHead.backward(UnsafeBufferPointer(keyGradients), inputGradient: dContext)
    try critic.backward(valueGradient, inputGradient: dHead)
    for c in 0..<(batchSize * h) { dContext[c] += dHead[c] }
    let dEmbeddings = UnsafeMutableBufferPointer(rebasing: embeddingGradients[0..<(n * h)])
    for r in 0..<n {
      let i = Int(rowSample[r]), from = dScorerInput.baseAddress! + r * 2 * h
      (dEmbeddings.baseAddress! + r * h).update(from: from, count: h)
      for c in 0..<h { dContext[i * h + c] += from[h + c] }
    }
    let dContextInput = UnsafeMutableBufferPointer(rebasing: contextInputGradients[0..<(batchSize * contextWidth)])
    try contextNet.backward(UnsafeBufferPointer(dContext), inputGradient: dContextInput)
    for i in 0..<batchSize {
      let first = Int(sampleFirst[i]), count = Int(sampleCount[i])
      guard count > 0 else { continue }
      let scale = 1 / Float(count), dPooled = dContextInput.baseAddress! + i * contextWidth + page
      for r in first..<(first + count) {
        for c in 0..<h { dEmbeddings[r * h + c] += scale * dPooled[c] }
      }
    }
    try rowNet.backward(UnsafeBufferPointer(dEmbeddings))
  }
}
