import GradientCheck
import PavlovNet
import XCTest

/// Tuple rows (`OneHotTuples`) stand in for the one-hot table: same outputs, same gradients.
final class OneHotTuplesTests: XCTestCase {
  // Features of 3, 2, 4, 2 and 5 categories: groups (3·2), (4·2) and (5) under a bound of 8.
  private let counts = [3, 2, 4, 2, 5]
  private let observations: [[Int32]] = [[0, 1, 2, 0, 4], [0, 1, 3, 1, 4], [2, 0, 2, 0, 0], [0, 1, 2, 0, 1]]

  private func indices() -> [Int32] {
    var offsets = [Int32](), running: Int32 = 0
    for count in counts {
      offsets.append(running)
      running += Int32(count)
    }
    return observations.flatMap { zip($0, offsets).map { $0 + $1 } }
  }

  func testGroupsAndRows() throws {
    let tuples = OneHotTuples(categoryCounts: counts, maxCodesPerGroup: 8)
    XCTAssertEqual(tuples.groups, [0..<2, 2..<4, 4..<5])
    var ids = [Int32](repeating: -1, count: observations.count * tuples.groupCount)
    let input = indices()
    try input.withUnsafeBufferPointer { x in
      try ids.withUnsafeMutableBufferPointer { try tuples.index(x, rows: observations.count, into: $0) }
    }
    // Group 0 shows (0, 1) and (2, 0); group 1 (2, 0) and (3, 1); group 2 values 4, 0 and 1.
    XCTAssertEqual(tuples.rowCount, 7)
    XCTAssertEqual(tuples.groupRowStarts, [0, 2, 4, 7])
    XCTAssertEqual(ids, [0, 2, 6, 0, 3, 6, 1, 2, 4, 0, 2, 5])
    XCTAssertEqual(Array(tuples.members[Int(tuples.rowStarts[3])..<Int(tuples.rowStarts[4])]), [5 + 3, 9 + 1])
    XCTAssertEqual(tuples.categories(ofGroups: 1..<3), 5..<16)
    // Split over threads, the same numbering.
    var split = [Int32](repeating: -1, count: ids.count)
    try input.withUnsafeBufferPointer { x in
      try split.withUnsafeMutableBufferPointer { try tuples.index(x, rows: observations.count, into: $0, parts: 3) }
    }
    XCTAssertEqual(split, ids)
    XCTAssertEqual(tuples.rowCount, 7)
  }

  func testOutOfRangeIndexIsRejected() {
    let tuples = OneHotTuples(categoryCounts: counts, maxCodesPerGroup: 8)
    var ids = [Int32](repeating: 0, count: tuples.groupCount)
    let bad: [Int32] = [0, 3, 5, 11, 11]  // feature 3's categories are 9..<11
    XCTAssertThrowsError(try bad.withUnsafeBufferPointer { x in
      try ids.withUnsafeMutableBufferPointer { try tuples.index(x, rows: 1, into: $0) }
    }) { error in
      guard case LearnError.invalidArgument(let message) = error else { return XCTFail("\(error)") }
      XCTAssertTrue(message.contains("indices[0, 3] = 11"), message)
    }
  }

  /// Output and every gradient through the tuple rows equal the plain layer's, for widths
  /// that take the generic loops (5) and the fixed-width kernels (32).
  func testTupleRowsMatchTheTable() throws {
    for width in [5, 32] { try compare(width: width) }
  }

  private func compare(width: Int) throws {
    let categories = counts.reduce(0, +), rows = observations.count
    let layer = try OneHotLayer(categoryCount: categories, featureCount: counts.count, outputSize: width, seed: 5,
                                maxBatchSize: rows)
    let tuples = OneHotTuples(categoryCounts: counts, maxCodesPerGroup: 8)
    let input = indices()
    let weights: [Float] = (0..<(rows * width)).map { Float($0 % 7) * 0.3 - 0.9 }
    let plain = try input.withUnsafeBufferPointer { Array(try layer.forward($0, batchSize: rows)) }
    layer.zeroGradients()
    try weights.withUnsafeBufferPointer { try layer.backward($0) }
    let plainGradients = Array(layer.gradients)

    var ids = [Int32](repeating: 0, count: rows * tuples.groupCount)
    try input.withUnsafeBufferPointer { x in
      try ids.withUnsafeMutableBufferPointer { try tuples.index(x, rows: rows, into: $0) }
    }
    var combined = [Float](repeating: .nan, count: tuples.rowCount * width)
    // Two replicas' gradients of the tuple rows, each from half the batch, spread together.
    var halves = [[Float]](repeating: [Float](repeating: 0, count: tuples.rowCount * width), count: 2)
    let table = UnsafeBufferPointer(rebasing: layer.parameters[0..<(categories * width)])
    try combined.withUnsafeMutableBufferPointer { c in
      try tuples.combine(table: table, width: width, groups: 0..<1, into: c)
      try tuples.combine(table: table, width: width, groups: 1..<3, into: c)
    }
    layer.zeroGradients()
    var outputs = [Float]()
    for half in 0..<2 {
      let range = (half * rows / 2)..<((half + 1) * rows / 2)
      try combined.withUnsafeBufferPointer { c in
        try halves[half].withUnsafeMutableBufferPointer { g in
          let substitute = OneHotLayer.SubstituteTable(rows: c, gradients: g, rowCount: tuples.rowCount,
                                                       indicesPerRow: tuples.groupCount)
          let part = Array(ids[(range.lowerBound * tuples.groupCount)..<(range.upperBound * tuples.groupCount)])
          outputs += try part.withUnsafeBufferPointer {
            Array(try layer.forward($0, batchSize: range.count, substitute: substitute))
          }
          try Array(weights[(range.lowerBound * width)..<(range.upperBound * width)]).withUnsafeBufferPointer {
            try layer.backward($0)
          }
        }
      }
    }
    for (a, b) in zip(outputs, plain) { XCTAssertEqual(a, b, accuracy: 1e-6, "width \(width)") }
    XCTAssertTrue(layer.gradients[..<(categories * width)].allSatisfy { $0 == 0 }, "the table's own gradient is untouched")
    try halves[0].withUnsafeBufferPointer { a in
      try halves[1].withUnsafeBufferPointer { b in
        let tableGradient = UnsafeMutableBufferPointer(rebasing: layer.gradients[0..<(categories * width)])
        try tuples.spread([a, b], width: width, groups: 0..<3, into: tableGradient)
      }
    }
    for (k, (a, b)) in zip(layer.gradients, plainGradients).enumerated() {
      XCTAssertEqual(a, b, accuracy: 1e-5, "width \(width), parameter \(k)")
    }
    // And against finite differences of the loss computed through the tuple rows.
    var scratch = [Float](repeating: 0, count: tuples.rowCount * width)
    func loss() throws -> Double {
      try combined.withUnsafeMutableBufferPointer { try tuples.combine(table: table, width: width, groups: 0..<3, into: $0) }
      let y = try combined.withUnsafeBufferPointer { c in
        try scratch.withUnsafeMutableBufferPointer { g in
          let substitute = OneHotLayer.SubstituteTable(rows: c, gradients: g, rowCount: tuples.rowCount,
                                                       indicesPerRow: tuples.groupCount)
          return try ids.withUnsafeBufferPointer { Array(try layer.forward($0, batchSize: rows, substitute: substitute)) }
        }
      }
      return zip(y, weights).reduce(0) { $0 + Double($1.0 * $1.1) }
    }
    XCTAssertEqual(try finiteDifferenceMismatches(Array(layer.gradients), of: loss, in: layer.parameters,
                                                  indices: 0..<(categories * width)), [], "width \(width), tuple rows")
  }
}
