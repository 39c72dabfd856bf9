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

  /// Web tasks: the progress the page shows, as a cost (−1 + p, p in [0, 1]). The program reads
  /// the instruction's text, as an LLM-written one would, and scores what that kind of page
  /// shows (docs/miniwob.md, "The LLM ways on the web tasks"): the tab holding the target link,
  /// the time or date in the input, a guess that agrees with the last answer, X's best open line,
  /// the asked email and form, the user's menu, the query and result page, the shades and boxes
  /// selected as asked, the spinner's distance to its target; any other form, the share of the
  /// instruction's fields the page satisfies. Parts read: the utterance, the fields and the
  /// element table (codes: 0 tag, 1 focused, 2 checked, 3 selected, 4/5 the field the text/value
  /// equals, from 1; numbers: 4 has a background, 5–7 its colour, 8 the text as a number / 10).
  /// What it cannot see: the click that ends an episode leaves no mark on the page, so a final
  /// click on the right link, button or icon and one on a wrong one reach the same observation.
  public static let web = ReferenceRewardProgram(
    family: "web",
    parts: ["utterance", "fields", "element_codes", "element_text", "element_value", "element_numbers",
            "element_parents", "field_numbers"], code: """
    -- SIMULATED reference reward (web family), written by hand: progress the page shows, as a
    -- cost (at most 0). It reads the instruction as an LLM-written program would and scores what
    -- that task's page shows; other instructions fall back to the share of fields satisfied.
    local obs_
    local function chars(part, from, width)
      local out = {}
      for i = from, from + width - 1 do
        local c = part[i]
        if c == 0 then break end
        out[#out + 1] = string.char(c)
      end
      return table.concat(out)
    end
    local function has(s, piece)
      local n = #piece
      for i = 1, #s - n + 1 do
        if string.sub(s, i, i + n - 1) == piece then return true end
      end
      return false
    end
    local function code(row, k) return obs_.element_codes[row * 6 + k + 1] end
    local function text(row) return chars(obs_.element_text, row * 32 + 1, 32) end
    local function value(row) return chars(obs_.element_value, row * 16 + 1, 16) end
    local function field(j) return chars(obs_.fields, j * 32 + 1, 32) end
    local function rows()
      local n = 0
      while n < 128 and code(n, 0) ~= 0 do n = n + 1 end
      return n
    end
    local TEXT, SPAN, A, LI, INPUT, NUMBER, TIME, TEXTAREA, CHECKBOX = 18, 3, 7, 9, 11, 12, 13, 17, 14

    -- The instruction's fields the page satisfies (checkboxes and any other form).
    local function fields_met()
      local wanted = 0
      for j = 0, 7 do
        if obs_.fields[1 + j * 32] ~= 0 then wanted = wanted + 1 end
      end
      if wanted == 0 then return 0 end
      local named = {}
      local n = rows()
      for row = 0, n - 1 do
        if code(row, 4) > 0 then named[obs_.element_parents[row + 1]] = code(row, 4) end
      end
      local met, count = {}, 0
      local function meet(f)
        if f and f > 0 and not met[f] then met[f] = true; count = count + 1 end
      end
      for row = 0, n - 1 do
        meet(code(row, 5))
        if code(row, 2) > 0 then meet(code(row, 4)); meet(named[obs_.element_parents[row + 1]]) end
      end
      return math.min(1, count / wanted)
    end

    -- Checkboxes: every box checked exactly when its label names a field.
    local function checkboxes()
      local n, right, boxes = rows(), 0, 0
      for row = 0, n - 1 do
        if code(row, 0) == CHECKBOX then
          boxes = boxes + 1
          local wanted = false
          for other = 0, n - 1 do
            if other ~= row and obs_.element_parents[other + 1] == obs_.element_parents[row + 1] and code(other, 4) > 0 then
              wanted = true
            end
          end
          if (code(row, 2) > 0) == wanted then right = right + 1 end
        end
      end
      if boxes == 0 then return fields_met() end
      return right / (boxes + 1)
    end

    -- A link with the target's text in the tab shown.
    local function tabs()
      for row = 0, rows() - 1 do
        if code(row, 0) == SPAN and code(row, 4) == 1 then return 0.5 end
      end
      return 0
    end

    -- The time input's value against the asked time ("1:05PM" is 13:05).
    local function enter_time()
      local f = field(0)
      local colon = 0
      for i = 1, #f do if string.sub(f, i, i) == ':' then colon = i end end
      if colon == 0 then return 0 end
      local hour = tonumber(string.sub(f, 1, colon - 1)) or 0
      local minute = tonumber(string.sub(f, colon + 1, colon + 2)) or -1
      local pm = string.sub(f, colon + 3, colon + 4) == 'PM'
      hour = hour % 12 + (pm and 12 or 0)
      for row = 0, rows() - 1 do
        if code(row, 0) == TIME then
          local v = value(row)
          if v == '' then return code(row, 1) > 0 and 0.1 or 0 end
          local h, m = tonumber(string.sub(v, 1, 2)), tonumber(string.sub(v, 4, 5))
          local s = 0.3
          if h == hour then s = s + 0.3 end
          if m == minute then s = s + 0.3 end
          return s
        end
      end
      return 0
    end

    -- A guess typed that agrees with the last answer shown ("higher/lower than n").
    local function guess_number()
      local n, direction, shown, guess, focused = rows(), 0, nil, nil, false
      for row = 0, n - 1 do
        local t = text(row)
        if code(row, 0) == TEXT and has(t, 'higher than') then direction = 1 end
        if code(row, 0) == TEXT and has(t, 'lower than') then direction = -1 end
        if code(row, 0) == SPAN and direction ~= 0 and shown == nil then shown = tonumber(t) end
        if code(row, 0) == NUMBER then guess = tonumber(value(row)); focused = code(row, 1) > 0 end
      end
      if guess == nil or guess < 0 or guess > 9 then return focused and 0.1 or 0 end
      if shown == nil then return 0.5 end
      if (direction > 0 and guess > shown) or (direction < 0 and guess < shown) then return 0.5 end
      return 0
    end

    -- The most X marks in a line O has not blocked; a finished line of O's is a loss.
    local LINES = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}}
    local function tic_tac_toe()
      local board, k = {}, 0
      for row = 0, rows() - 1 do
        if code(row, 0) == SPAN then board[k] = text(row); k = k + 1 end
      end
      if k < 9 then return 0 end
      local best = 0
      for _, l in ipairs(LINES) do
        local x, o = 0, 0
        for _, c in ipairs(l) do
          if board[c] == 'X' then x = x + 1 elseif board[c] == 'O' then o = o + 1 end
        end
        if o == 3 then return 0 end
        if x == 3 then return 1 end
        if o == 0 and x > best then best = x end
      end
      return 0.3 * best
    end

    -- The asked email open, then the asked form open on it, then filled.
    local function email()
      local task = field(1)
      local n = rows()
      local sender, labels, textarea, to, filled = false, false, false, nil, false
      for row = 0, n - 1 do
        local tag, t = code(row, 0), text(row)
        if code(row, 4) == 1 then sender = true end
        if t == 'Reply' or t == 'Forward' then labels = true end
        if tag == TEXTAREA then
          textarea = true
          if task == 'reply' and code(row, 5) == 3 then filled = true end
        end
        if tag == INPUT and task == 'forward' and code(row, 5) == 3 then filled = true end
        if tag == INPUT then to = row end
      end
      if labels and sender then return (task == 'delete' or task == 'star') and 0.5 or 0.3 end
      if textarea then
        if task == 'reply' and sender then return filled and 0.8 or 0.5 end
        if task == 'forward' and to ~= nil then return filled and 0.8 or 0.5 end
      end
      return 0
    end

    -- A menu entry asked and the menu of one of the user's posts open.
    local function social()
      local user, button = field(0), field(1)
      if button == 'Reply' or button == 'Retweet' or button == 'Like' then return 0 end
      for row = 0, rows() - 1 do
        if code(row, 0) == LI and text(row) == 'Mute ' .. user then return 0.5 end
      end
      return 0
    end

    -- The date in the input; before that, the picker's month against the asked one.
    local MONTHS = {January = 1, February = 2, March = 3, April = 4, May = 5, June = 6, July = 7, August = 8,
                    September = 9, October = 10, November = 11, December = 12}
    local function choose_date()
      local month, day = tonumber(field(0)), tonumber(field(1))
      local shown = nil
      for row = 0, rows() - 1 do
        local v = value(row)
        if code(row, 0) == INPUT and #v == 10 then
          if tonumber(string.sub(v, 1, 2)) == month and tonumber(string.sub(v, 4, 5)) == day then return 0.75 end
        end
        if MONTHS[text(row)] then shown = MONTHS[text(row)] end
      end
      if shown == nil or month == nil then return 0 end
      return 0.1 + 0.4 * (11 - math.abs(shown - month)) / 11
    end

    -- The query typed, searched, then the page holding the asked rank.
    local function search_engine()
      local rank = tonumber(field(1)) or 1
      local typed, results, prev, next = false, false, false, false
      for row = 0, rows() - 1 do
        local tag, t = code(row, 0), text(row)
        if tag == INPUT and code(row, 5) == 1 then typed = true end
        if tag == A and t == '<' then prev = true end
        if tag == A and t == '>' then next = true end
        if tag == A and t ~= '<' and t ~= '>' and tonumber(t) == nil then results = true end
      end
      if not typed then return 0 end
      if not results then return 0.25 end
      local page = (not prev) and 1 or ((not next) and 3 or 2)
      return page == math.floor((rank - 1) / 3) + 1 and 0.75 or 0.5
    end

    -- Every shade selected exactly when its colour is the asked one.
    local function shades()
      local target = field(0)
      local want = target == 'red' and 5 or (target == 'green' and 6 or 7)
      local right, count = 0, 0
      for row = 0, rows() - 1 do
        local b = row * 9
        if obs_.element_numbers[b + 5] ~= 0 and code(row, 0) == SPAN then
          local r, g, bl = obs_.element_numbers[b + 6], obs_.element_numbers[b + 7], obs_.element_numbers[b + 8]
          local top = r >= g and r >= bl and 5 or (g >= bl and 6 or 7)
          count = count + 1
          if (code(row, 3) > 0) == (top == want) then right = right + 1 end
        end
      end
      if count == 0 then return 0 end
      return right / (count + 1)
    end

    -- The spinner's value against the target (numbers are read scaled by 1/10).
    local function spinner()
      local target = obs_.field_numbers[1] * 10
      for row = 0, rows() - 1 do
        if code(row, 0) == INPUT then
          local gap = math.abs(obs_.element_numbers[row * 9 + 9] * 10 - target)
          return gap >= 20 and 0 or 0.9 * (1 - gap / 20)
        end
      end
      return 0
    end

    function reward(obs)
      obs_ = obs
      local u = chars(obs.utterance, 1, 160)
      local p
      if has(u, 'Switch between the tabs') then p = tabs()
      elseif has(u, 'as the time') then p = enter_time()
      elseif has(u, 'Guess the number') then p = guess_number()
      elseif has(u, 'tic-tac-toe') then p = tic_tac_toe()
      elseif has(u, 'Find the email by') then p = email()
      elseif has(u, 'For the user') then p = social()
      elseif has(u, 'as the date') then p = choose_date()
      elseif has(u, 'search result') then p = search_engine()
      elseif has(u, 'shades of') then p = shades()
      elseif has(u, 'with the spinner') then p = spinner()
      elseif has(u, 'click Submit') then p = checkboxes()
      else p = fields_met() end
      return p - 1
    end
    """)
}
