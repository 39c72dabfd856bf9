import Foundation

/// The full map of a MiniGrid env, read back from csim_vec_env_render_text: lets tests find
/// objects, plan walks, and compute MiniGrid's view independently of the C++ fast path.
struct GridMap {
  struct Pos: Hashable { var x: Int, y: Int }
  static let dirs = [Pos(x: 1, y: 0), Pos(x: 0, y: 1), Pos(x: -1, y: 0), Pos(x: 0, y: -1)]
  static let colors = ["red", "green", "blue", "purple", "yellow", "grey"]
  static let types = ["unseen", "empty", "wall", "floor", "door", "key", "ball", "box", "goal", "lava", "agent"]
  static let states = ["open", "closed", "locked"]

  var width = 0, height = 0
  var rows: [[Character]] = []
  var objects: [Pos: (type: Int, color: Int, state: Int)] = [:]
  var agent = Pos(x: 0, y: 0)
  var dir = 0
  var carrying: (type: Int, color: Int)? = nil
  var step = 0, maxSteps = 0

  init(render: String) {
    for line in render.split(separator: "\n", omittingEmptySubsequences: false) {
      let s = String(line)
      if s.hasPrefix("mission: ") || s.isEmpty { continue }
      if s.hasPrefix("step ") {
        let parts = s.dropFirst(5).components(separatedBy: ", carrying: ")
        let counts = parts[0].split(separator: "/")
        step = Int(counts[0])!
        maxSteps = Int(counts[1])!
        let held = parts[1].split(separator: " ")
        if held.count >= 2 {
          carrying = (GridMap.types.firstIndex(of: String(held[1]))!, GridMap.colors.firstIndex(of: String(held[0]))!)
        }
        continue
      }
      if s.hasPrefix("objects: ") {
        for item in s.dropFirst(9).components(separatedBy: ", ") {
          let words = item.split(separator: " ").map(String.init)
          let color = GridMap.colors.firstIndex(of: words[0])!
          let type = GridMap.types.firstIndex(of: words[1])!
          var state = 0
          if words[2].hasPrefix("(") && words[2] != "(open)" { state = words[2] == "(closed)" ? 1 : 2 }
          let xy = words.last!.dropFirst().dropLast().split(separator: ",").map { Int($0)! }
          objects[Pos(x: xy[0], y: xy[1])] = (type, color, state)
        }
        continue
      }
      rows.append(Array(s))
    }
    height = rows.count
    width = rows.first?.count ?? 0
    for y in 0..<height {
      for x in 0..<width {
        if let d = ">v<^".firstIndex(of: rows[y][x]) {
          agent = Pos(x: x, y: y)
          dir = ">v<^".distance(from: ">v<^".startIndex, to: d)
        }
      }
    }
  }

  func char(_ p: Pos) -> Character {
    p.x < 0 || p.y < 0 || p.x >= width || p.y >= height ? "W" : rows[p.y][p.x]
  }

  /// First cell showing `c`, scanning rows top to bottom.
  func find(_ c: Character) -> Pos? {
    for y in 0..<height { for x in 0..<width where rows[y][x] == c { return Pos(x: x, y: y) } }
    return nil
  }

  /// MiniGrid's (type, colour, state) of a map cell; outside the map is a grey wall.
  func encode(_ p: Pos) -> [UInt8] {
    switch char(p) {
    case "W": return [2, 5, 0]
    case "G": return [8, 1, 0]
    case "L": return [9, 0, 0]
    case "K", "B", "X", "D", "d":
      let o = objects[p]!
      return [UInt8(o.type), UInt8(o.color), UInt8(o.state)]
    default: return [1, 0, 0]
    }
  }

  /// MiniGrid's gen_obs computed the way MiniGrid does it (slice, rotate, process_vis), as
  /// an independent reference for the C++ view: 147 image bytes + the direction.
  func referenceObservation(seeThroughWalls: Bool = false) -> [UInt8] {
    let n = 7
    var topX: Int, topY: Int
    switch dir {
    case 0: (topX, topY) = (agent.x, agent.y - n / 2)
    case 1: (topX, topY) = (agent.x - n / 2, agent.y)
    case 2: (topX, topY) = (agent.x - n + 1, agent.y - n / 2)
    default: (topX, topY) = (agent.x - n / 2, agent.y - n + 1)
    }
    // grid[i][j], i column, j row.
    var grid = (0..<n).map { i in (0..<n).map { j in encode(Pos(x: topX + i, y: topY + j)) } }
    for _ in 0...dir {  // rotate_left: cell (i, j) moves to (j, n - 1 - i)
      var r = grid
      for i in 0..<n { for j in 0..<n { r[j][n - 1 - i] = grid[i][j] } }
      grid = r
    }
    let seeBehind = { (c: [UInt8]) -> Bool in !(c[0] == 2 || (c[0] == 4 && c[2] != 0)) }
    var mask = [[Bool]](repeating: [Bool](repeating: seeThroughWalls, count: n), count: n)
    if !seeThroughWalls {
      mask[n / 2][n - 1] = true
      for j in stride(from: n - 1, through: 0, by: -1) {
        for i in 0..<(n - 1) where mask[i][j] && seeBehind(grid[i][j]) {
          mask[i + 1][j] = true
          if j > 0 { mask[i + 1][j - 1] = true; mask[i][j - 1] = true }
        }
        for i in stride(from: n - 1, through: 1, by: -1) where mask[i][j] && seeBehind(grid[i][j]) {
          mask[i - 1][j] = true
          if j > 0 { mask[i - 1][j - 1] = true; mask[i][j - 1] = true }
        }
      }
    }
    grid[n / 2][n - 1] = carrying.map { [UInt8($0.type), UInt8($0.color), 0] } ?? [1, 0, 0]
    var out = [UInt8](repeating: 0, count: 148)
    for i in 0..<n { for j in 0..<n where mask[i][j] { for c in 0..<3 { out[(i * n + j) * 3 + c] = grid[i][j][c] } } }
    out[147] = UInt8(dir)
    return out
  }

  /// Shortest list of left/right/forward actions that ends with the agent facing `target`,
  /// walking only over cells `walkable` accepts (the agent's own cell always counts).
  func plan(facing target: Pos, walkable: (Character) -> Bool = { $0 == "." || $0 == "d" }) -> [Int32]? {
    struct State: Hashable { var p: Pos; var d: Int }
    let start = State(p: agent, d: dir)
    var previous: [State: (State, Int32)] = [:]
    var queue = [start]
    var seen: Set<State> = [start]
    var head = 0
    while head < queue.count {
      let s = queue[head]
      head += 1
      let v = GridMap.dirs[s.d]
      if Pos(x: s.p.x + v.x, y: s.p.y + v.y) == target {
        var actions: [Int32] = []
        var at = s
        while at != start, let (back, a) = previous[at] { actions.append(a); at = back }
        return actions.reversed()
      }
      var moves: [(State, Int32)] = [(State(p: s.p, d: (s.d + 3) % 4), 0), (State(p: s.p, d: (s.d + 1) % 4), 1)]
      let ahead = Pos(x: s.p.x + v.x, y: s.p.y + v.y)
      if walkable(char(ahead)) { moves.append((State(p: ahead, d: s.d), 2)) }
      for (next, a) in moves where !seen.contains(next) {
        seen.insert(next)
        previous[next] = (s, a)
        queue.append(next)
      }
    }
    return nil
  }
}
