import PavlovSim

/// SIMULATED stand-ins for an LLM's reward programs, one per environment family, written by
/// hand in the same Lua and run in the same sandbox. A program is chosen by the observation
/// parts it reads (the first whose parts the spec has), never by the environment id.
public struct ReferenceRewardProgram: Sendable, Equatable {
  public let family: String
  /// The observation parts the program reads.
  public let parts: [String]
  public let code: String

  /// The program for `spec`, or nil when no family's parts match.
  public static func matching(_ spec: EnvSpec) -> ReferenceRewardProgram? {
    let names = Set(spec.observationParts.map(\.name))
    return all.first { $0.parts.allSatisfy(names.contains) }
  }

  public static let all: [ReferenceRewardProgram] = [grid, wordle, arm, nethack, web]

  /// Grid worlds: progress towards key, open door and goal, read from the agent's 7×7 view
  /// (object codes as MiniGrid's: 4 door, 5 key, 8 goal; door state 0 is open). The agent's
  /// own cell, (3, 6), shows what it carries. Every step costs what is still missing (the value
  /// is at most 0): a program that paid the state's value instead would make lingering near the
  /// goal worth more than ending the episode there (measured: 0.06–0.10 success on DoorKey-8x8
  /// at 1M steps, episodes of ~550 steps).
  public static let grid = ReferenceRewardProgram(family: "grid", parts: ["image", "direction"], code: """
    -- SIMULATED reference reward (grid family), written by hand.
    local function cell(image, x, y)
      local i = 1 + (x * 7 + y) * 3
      return image[i], image[i + 2]
    end

    function reward(obs)
      local image = obs.image
      local carrying = cell(image, 3, 6) == 5
      local door_open, goal = false, nil
      for x = 0, 6 do
        for y = 0, 6 do
          local object, state = cell(image, x, y)
          if object == 4 and state == 0 then door_open = true end
          if object == 8 then
            local d = math.abs(x - 3) + (6 - y)
            if goal == nil or d < goal then goal = d end
          end
        end
      end
      local r = 0
      if carrying then r = r + 0.2 end
      if door_open then r = r + 0.2 end
      if goal ~= nil then r = r + 0.2 + 0.4 * (1 - goal / 12) end
      return r - 1
    end
    """)

  /// Wordle: greens and yellows of the latest guess (feedback codes 1 grey, 2 yellow, 3 green),
  /// as a cost per guess (at most 0), so that six near misses never earn more than solving early.
  public static let wordle = ReferenceRewardProgram(family: "wordle", parts: ["board", "guesses"], code: """
    -- SIMULATED reference reward (Wordle family), written by hand.
    function reward(obs)
      local row = obs.guesses - 1
      if row < 0 then return -1 end
      local greens, yellows = 0, 0
      for letter = 0, 4 do
        local feedback = obs.board[1 + (row * 5 + letter) * 2 + 1]
        if feedback == 3 then greens = greens + 1 elseif feedback == 2 then yellows = yellows + 1 end
      end
      return (greens + 0.5 * yellows) / 5 - 1
    end
    """)

  /// The arm: negative distances from the hand to the object and from the object to the goal.
  public static let arm = ReferenceRewardProgram(
    family: "arm", parts: ["hand", "object_position", "goal"], code: """
    -- SIMULATED reference reward (arm family), written by hand.
    local function distance(a, b)
      local s = 0
      for i = 1, 3 do s = s + (a[i] - b[i]) ^ 2 end
      return math.sqrt(s)
    end

    function reward(obs)
      return -distance(obs.hand, obs.object_position) - distance(obs.object_position, obs.goal)
    end
    """)

  /// NetHack: how much of the level has been seen (glyphs other than solid rock, 2359, which is
  /// what an unexplored square shows), plus how deep the hero is (blstats' depth, index 12), as
  /// a cost. Exploring finds the stairs, the gold and the food NLE's tasks reward; a program on
  /// depth or score alone would be constant over the short random runs the critic samples.
  public static let nethack = ReferenceRewardProgram(family: "nethack", parts: ["glyphs", "blstats"], code: """
    -- SIMULATED reference reward (NetHack family), written by hand.
    function reward(obs)
      local glyphs, seen = obs.glyphs, 0
      for i = 1, #glyphs do
        if glyphs[i] ~= 2359 then seen = seen + 1 end
      end
      local depth = obs.blstats[13]
      local explored = math.min(1, seen / 400)
      local deeper = math.min(1, (depth - 1) / 10)
      return 0.5 * explored + 0.5 * deeper - 1
    end
    """)

  /// Web tasks: the share of the instruction's fields the page already satisfies, as a cost: a
  /// field is satisfied by an element whose value equals it (typed, spun, set) or by a checked
  /// element beside a text that equals it (a checkbox and its label's text share a parent).
  /// element_codes channels: 0 tag, 2 checked, 4 the field the text equals, 5 the field the value
  /// equals (fields numbered from 1); element_parents: the parent's row + 1; 8 fields of 32
  /// characters. Tasks whose success is not in the fields (tabs, shades, guessing) give the
  /// critic a constant, and it refuses the program there with that reason.
  public static let web = ReferenceRewardProgram(
    family: "web", parts: ["fields", "element_codes", "element_parents"], code: """
    -- SIMULATED reference reward (web family), written by hand.
    function reward(obs)
      local fields, codes, parents = obs.fields, obs.element_codes, obs.element_parents
      local wanted = 0
      for j = 0, 7 do
        if fields[1 + j * 32] ~= 0 then wanted = wanted + 1 end
      end
      if wanted == 0 then return -1 end
      local named = {}  -- parent row -> the field a child's text equals
      for row = 0, 127 do
        local c = row * 6
        if codes[c + 1] ~= 0 and codes[c + 5] > 0 then named[parents[row + 1]] = codes[c + 5] end
      end
      local met, count = {}, 0
      local function meet(field)
        if field and field > 0 and not met[field] then met[field] = true; count = count + 1 end
      end
      for row = 0, 127 do
        local c = row * 6
        if codes[c + 1] ~= 0 then
          meet(codes[c + 6])
          if codes[c + 3] > 0 then meet(codes[c + 5]); meet(named[parents[row + 1]]) end
        end
      end
      return math.min(1, count / wanted) - 1
    end
    """)
}
