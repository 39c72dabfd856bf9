internal import CNet

/// The tuples of categories that a batch of one-hot observations shows, group by group, so a
/// first layer can sum one row per group instead of one per feature.
///
/// Consecutive features are grouped while the tuples they can form stay few (at most
/// `maxCodesPerGroup`): a MiniGrid cell's (object, colour, state) is one group of 198 possible
/// tuples, of which a rollout shows a handful. `index` numbers the tuples a batch shows (rows
/// group after group) and rewrites each observation as one row id per group; `combine` makes those
/// rows from a `OneHotLayer`'s table (`OneHotLayer.SubstituteTable`), and `spread` carries their
/// gradient back to the table. For a MiniGrid view an observation sums 50 rows instead of 148.
///
/// Not thread-safe while `index` runs; `combine` and `spread` on disjoint group ranges may run
/// on different threads. Package-only: a speed device of the learners' updates, not a user API.
package final class OneHotTuples {
  package let categoryCounts: [Int]
  /// Features of each group, in order.
  package let groups: [Range<Int>]
  /// First category of each feature (its offset in the one-hot width).
  private let offsets: [Int32]
  /// Per group: where its codes start in `rowOfCode` (groups + 1 entries).
  private let codeStarts: [Int]
  /// Per tuple code, group after group: its row after `index`, or -1 where the batch lacks it.
  private var rowOfCode: [Int32]
  /// Rows of the last `index`: row r's categories are members[rowStarts[r]..<rowStarts[r + 1]].
  package private(set) var rowStarts: [Int32] = [0]
  package private(set) var members: [Int32] = []
  /// First row of each group (groups + 1 entries), so a range of groups is a range of rows.
  package private(set) var groupRowStarts: [Int]

  /// Groups `categoryCounts` (one count per feature, in feature order).
  package init(categoryCounts: [Int], maxCodesPerGroup: Int = 256) {
    precondition(categoryCounts.allSatisfy { $0 > 0 }, "category counts must be positive")
    self.categoryCounts = categoryCounts
    var groups = [Range<Int>](), codeStarts = [0]
    var start = 0
    while start < categoryCounts.count {
      var end = start + 1, codes = categoryCounts[start]
      while end < categoryCounts.count, codes * categoryCounts[end] <= maxCodesPerGroup {
        codes *= categoryCounts[end]
        end += 1
      }
      groups.append(start..<end)
      codeStarts.append(codeStarts.last! + codes)
      start = end
    }
    self.groups = groups
    self.codeStarts = codeStarts
    var running: Int32 = 0
    offsets = categoryCounts.map { count in
      defer { running += Int32(count) }
      return running
    }
    rowOfCode = [Int32](repeating: -1, count: codeStarts.last!)
    groupRowStarts = [Int](repeating: 0, count: groups.count + 1)
  }

  package var featureCount: Int { categoryCounts.count }
  package var groupCount: Int { groups.count }
  /// Rows (tuples) found by the last `index`.
  package var rowCount: Int { rowStarts.count - 1 }

  /// Numbers the tuples of `rows` observations (`indices`, rows × featureCount, each the
  /// category index `OneHotLayer` takes) and writes each observation's row ids (rows × groupCount).
  /// `parts` > 1 splits the observations over that many threads.
  package func index(_ indices: UnsafeBufferPointer<Int32>, rows: Int, into ids: UnsafeMutableBufferPointer<Int32>,
                    parts: Int = 1) throws(LearnError)
  {
    let features = featureCount, groupCount = groupCount, codes = rowOfCode.count
    guard indices.count >= rows * features else {
      throw .bufferTooSmall("indices has \(indices.count) elements, needs \(rows * features)")
    }
    guard ids.count >= rows * groupCount else {
      throw .bufferTooSmall("ids has \(ids.count) elements, needs \(rows * groupCount)")
    }
    let parts = max(1, min(parts, rows))
    // First the code of each (observation, group), each part marking the codes it saw.
    let seen = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: parts * codes)
    seen.initialize(repeating: 0)
    defer { seen.deallocate() }
    var bad = [(row: Int, feature: Int)?](repeating: nil, count: parts)
    bad.withUnsafeMutableBufferPointer { bad in
      try? runParallel(parts) { part in
        bad[part] = writeCodes(indices, rows: share(rows, part: part, of: parts), into: ids,
                               marking: UnsafeMutableBufferPointer(rebasing: seen[(part * codes)..<((part + 1) * codes)]))
      }
    }
    if let bad = bad.lazy.compactMap({ $0 }).first {
      let value = indices[bad.row * features + bad.feature]
      throw .invalidArgument("indices[\(bad.row), \(bad.feature)] = \(value) is outside feature \(bad.feature)'s "
                             + "categories \(offsets[bad.feature])..<\(offsets[bad.feature] + Int32(categoryCounts[bad.feature]))")
    }
    rowOfCode.withUnsafeMutableBufferPointer { rowOf in
      for code in 0..<codes {
        var any: UInt8 = 0
        for part in 0..<parts { any |= seen[part * codes + code] }
        rowOf[code] = any != 0 ? 0 : -1
      }
    }
    numberRows()
    rowOfCode.withUnsafeBufferPointer { rowOf in
      try? runParallel(parts) { part in
        let range = share(rows, part: part, of: parts)
        for k in (range.lowerBound * groupCount)..<(range.upperBound * groupCount) { ids[k] = rowOf[Int(ids[k])] }
      }
    }
  }

  /// The codes (positions in `rowOfCode`) of observations `rows`, marking them in `seen`;
  /// returns the first (observation, feature) outside its categories, if any.
  private func writeCodes(_ indices: UnsafeBufferPointer<Int32>, rows: Range<Int>,
                          into ids: UnsafeMutableBufferPointer<Int32>, marking seen: UnsafeMutableBufferPointer<UInt8>)
    -> (row: Int, feature: Int)?
  {
    let features = featureCount, groupCount = groupCount
    return categoryCounts.withUnsafeBufferPointer { counts in
      offsets.withUnsafeBufferPointer { offsets in
        groups.withUnsafeBufferPointer { groups in
          codeStarts.withUnsafeBufferPointer { codeStarts in
            for i in rows {
              let x = indices.baseAddress! + i * features, out = ids.baseAddress! + i * groupCount
              for g in 0..<groupCount {
                var code = 0
                for f in groups[g] {
                  let digit = Int(x[f] &- offsets[f])
                  guard digit >= 0, digit < counts[f] else { return (i, f) }
                  code = code * counts[f] + digit
                }
                let slot = codeStarts[g] + code
                out[g] = Int32(slot)
                seen[slot] = 1
              }
            }
            return nil
          }
        }
      }
    }
  }

  /// Gives each seen code a row, group after group, and lists the rows' categories.
  private func numberRows() {
    rowStarts.removeAll(keepingCapacity: true)
    members.removeAll(keepingCapacity: true)
    rowStarts.append(0)
    for (g, group) in groups.enumerated() {
      groupRowStarts[g] = rowStarts.count - 1
      for code in 0..<(codeStarts[g + 1] - codeStarts[g]) where rowOfCode[codeStarts[g] + code] == 0 {
        rowOfCode[codeStarts[g] + code] = Int32(rowStarts.count - 1)
        // Mixed radix, the last feature of the group varying fastest.
        var rest = code
        let first = members.count
        for f in group.reversed() {
          members.append(offsets[f] + Int32(rest % categoryCounts[f]))
          rest /= categoryCounts[f]
        }
        members[first...].reverse()
        rowStarts.append(Int32(members.count))
      }
    }
    groupRowStarts[groups.count] = rowStarts.count - 1
  }

  /// Rows of groups `groups`, each the sum of its categories' rows of `table` (categories × width),
  /// into the same rows of `combined` (rowCount × width).
  package func combine(table: UnsafeBufferPointer<Float>, width: Int, groups: Range<Int>,
                      into combined: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    let rows = groupRowStarts[groups.lowerBound]..<groupRowStarts[groups.upperBound]
    guard combined.count >= rowCount * width else {
      throw .bufferTooSmall("combined has \(combined.count) elements, needs \(rowCount * width)")
    }
    let categories = try int32(categoryCounts.reduce(0, +), "categories")
    try check(rowStarts.withUnsafeBufferPointer { starts in
      members.withUnsafeBufferPointer { members in
        cnet_onehot_combine(table.baseAddress, Int64(table.count), categories, Int32(width),
                            starts.baseAddress! + rows.lowerBound, Int32(rows.count), members.baseAddress,
                            Int64(members.count), combined.baseAddress! + rows.lowerBound * width,
                            Int64((rowCount - rows.lowerBound) * width))
      }
    })
  }

  /// Adds the gradients of the rows of groups `groups`, summed over `sources` (each rowCount ×
  /// width), to their categories' rows of `tableGradient` (categories × width).
  package func spread(_ sources: [UnsafeBufferPointer<Float>], width: Int, groups: Range<Int>,
                     into tableGradient: UnsafeMutableBufferPointer<Float>) throws(LearnError)
  {
    let rows = groupRowStarts[groups.lowerBound]..<groupRowStarts[groups.upperBound]
    guard sources.allSatisfy({ $0.count >= rowCount * width }) else {
      throw .bufferTooSmall("every source needs \(rowCount * width) elements")
    }
    let categories = try int32(categoryCounts.reduce(0, +), "categories")
    let pointers: [UnsafePointer<Float>?] = sources.map { $0.baseAddress! + rows.lowerBound * width }
    try check(rowStarts.withUnsafeBufferPointer { starts in
      members.withUnsafeBufferPointer { members in
        cnet_onehot_spread(pointers, Int32(sources.count), Int64((rowCount - rows.lowerBound) * width),
                           starts.baseAddress! + rows.lowerBound, Int32(rows.count), members.baseAddress,
                           Int64(members.count), categories, Int32(width), tableGradient.baseAddress,
                           Int64(tableGradient.count))
      }
    })
  }

  /// The categories of groups `groups` (a range, since groups are consecutive features).
  package func categories(ofGroups groups: Range<Int>) -> Range<Int> {
    let first = groups.lowerBound < self.groups.count ? Int(offsets[self.groups[groups.lowerBound].lowerBound])
                                                      : categoryCounts.reduce(0, +)
    let end = groups.upperBound < self.groups.count ? Int(offsets[self.groups[groups.upperBound].lowerBound])
                                                    : categoryCounts.reduce(0, +)
    return first..<(groups.isEmpty ? first : end)
  }
}
