import PavlovNet

/// A rollout's one-hot observations rewritten as tuple rows (`OneHotTuples`) for the update:
/// each minibatch, the rows are combined once from the first layer's table, every replica's
/// forward sums one row per group of features, and their gradients are spread back onto the
/// table's gradient. Worth it where rollouts repeat tuples (grid views); `prepare` says when not.
final class TupleRollout {
  let tuples: OneHotTuples
  /// The first layer's output width (actor and critic columns).
  let width: Int
  /// batch × groupCount row ids, from `prepare`.
  private let ids: UnsafeMutableBufferPointer<Int32>
  /// Capacity in rows of `rows` and `gradients` (grown as rollouts show more tuples).
  private var capacity = 0
  private var rows = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)
  /// One per replica.
  private var gradients: [UnsafeMutableBufferPointer<Float>]

  init(categoryCounts: [Int], width: Int, batch: Int, replicas: Int) {
    tuples = OneHotTuples(categoryCounts: categoryCounts)
    self.width = width
    ids = .allocate(capacity: batch * tuples.groupCount)
    ids.initialize(repeating: 0)
    gradients = Array(repeating: UnsafeMutableBufferPointer(start: nil, count: 0), count: replicas)
  }

  deinit {
    ids.deallocate()
    rows.deallocate()
    for buffer in gradients { buffer.deallocate() }
  }

  var groupCount: Int { tuples.groupCount }

  /// Finds the tuples of `batch` observations (`features`, batch × featureCount) and returns
  /// whether summing tuple rows is cheaper than summing table rows for `minibatches` minibatches
  /// per epoch (combining and spreading the rows once each per minibatch).
  func prepare(_ features: UnsafeBufferPointer<Int32>, batch: Int, minibatches: Int) throws(LearnError) -> Bool {
    try tuples.index(features, rows: batch, into: ids, parts: gradients.count)
    let tupleCost = batch * tuples.groupCount + minibatches * tuples.members.count
    guard tupleCost < batch * tuples.featureCount else { return false }
    if tuples.rowCount > capacity {
      capacity = tuples.rowCount + tuples.rowCount / 4
      rows.deallocate()
      rows = .allocateCacheAligned(capacity * width)
      for k in gradients.indices {
        gradients[k].deallocate()
        gradients[k] = .allocateCacheAligned(capacity * width)
      }
    }
    return true
  }

  /// Copies sample `sample`'s row ids to `destination` (groupCount of them).
  func gatherIDs(of sample: Int, into destination: UnsafeMutablePointer<Int32>) {
    destination.update(from: ids.baseAddress! + sample * groupCount, count: groupCount)
  }

  /// The rows as replica `replica`'s first-layer table, with its own gradient buffer.
  func substitute(for replica: Int) -> OneHotLayer.SubstituteTable {
    let count = tuples.rowCount * width
    return OneHotLayer.SubstituteTable(
      rows: UnsafeBufferPointer(rebasing: rows[0..<count]),
      gradients: UnsafeMutableBufferPointer(rebasing: gradients[replica][0..<count]),
      rowCount: tuples.rowCount, indicesPerRow: groupCount)
  }

  func zeroGradients(of replica: Int) {
    UnsafeMutableBufferPointer(rebasing: gradients[replica][0..<(tuples.rowCount * width)]).update(repeating: 0)
  }

  /// Makes the rows of `groups` from `table` (the first layer's table part).
  func combine(from table: UnsafeBufferPointer<Float>, groups: Range<Int>) throws(LearnError) {
    try tuples.combine(table: table, width: width, groups: groups,
                       into: UnsafeMutableBufferPointer(rebasing: rows[0..<(tuples.rowCount * width)]))
  }

  /// Overwrites the table gradient's rows of `groups`' categories with the replicas' summed
  /// gradients of those groups' tuple rows.
  func spread(groups: Range<Int>, into tableGradient: UnsafeMutableBufferPointer<Float>) throws(LearnError) {
    let categories = tuples.categories(ofGroups: groups)
    UnsafeMutableBufferPointer(rebasing: tableGradient[(categories.lowerBound * width)..<(categories.upperBound * width)])
      .update(repeating: 0)
    let count = tuples.rowCount * width
    try tuples.spread(gradients.map { UnsafeBufferPointer(rebasing: $0[0..<count]) }, width: width, groups: groups,
                      into: tableGradient)
  }
}
