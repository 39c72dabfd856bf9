// tic-tac-toe: play X against the page; a win gives +1 (time-proportional), a draw -0.5, a
// loss -0.75. The page's opponent (O) moves after each of X's moves, from Math.random: 55% of
// the time (and always on an empty board) a random free cell, otherwise the last "win or
// block" cell its line checks find (a win first), else a random one. The opponent starts with
// probability 49/100. Its draws come from seedrandom (web_seedrandom.hpp) seeded with the
// string the instance carries, so the page and the env draw the same moves.
//
// A marked cell is a span whose class draws an X or O image and holds no text; its row reads
// "X" or "O" as text, so that a policy (and the conformance check, which reads the reference's
// cells the same way) sees the board.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_seedrandom.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t { kRoleCell = kRoleFirstTaskRole };  // arg: cell 0-8
constexpr int8_t kX = 1, kO = -1;
constexpr int32_t kLines[8][3] = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};
const char* const kCellIds[9] = {"ttt-0", "ttt-1", "ttt-2", "ttt-3", "ttt-4", "ttt-5", "ttt-6", "ttt-7", "ttt-8"};

struct Game {
  int8_t cells[9] = {};
  SeedRandom random;

  bool won(int8_t mark) const {
    for (const auto& l : kLines) {
      if (cells[l[0]] == mark && cells[l[1]] == mark && cells[l[2]] == mark) return true;
    }
    return false;
  }
  int32_t free_count() const {
    int32_t n = 0;
    for (int8_t c : cells) n += c == 0 ? 1 : 0;
    return n;
  }
  // core.sample over the free cells, kept in ascending order as the page's splices keep them.
  int32_t random_free() {
    int32_t k = random.sample(free_count());
    for (int32_t i = 0; i < 9; ++i) {
      if (cells[i] == 0 && k-- == 0) return i;
    }
    return -1;
  }

  // The page's line checks for `mark`, in its order; the last cell found wins (-1: none).
  // Rows: the empty cell first, then the middle, then the last one, each over the three rows.
  int32_t line_cell(int8_t mark) const {
    int32_t found = -1;
    auto two = [&](int32_t empty, int32_t a, int32_t b) {
      return cells[empty] == 0 && cells[a] == mark && cells[b] == mark;
    };
    auto first_row = [&](int32_t empty_col, int32_t a_col, int32_t b_col) {
      for (int32_t r = 0; r < 3; ++r) {
        if (two(r * 3 + empty_col, r * 3 + a_col, r * 3 + b_col)) return r * 3 + empty_col;
      }
      return -1;
    };
    auto column = [&](int32_t c) {
      if (two(c, c + 3, c + 6)) return c;
      if (two(c + 3, c, c + 6)) return c + 3;
      if (two(c + 6, c, c + 3)) return c + 6;
      return -1;
    };
    auto diagonal = [&]() {
      if (two(0, 4, 8)) return 0;
      if (two(4, 0, 8)) return 4;
      if (two(8, 0, 4)) return 8;
      if (two(2, 4, 6)) return 2;
      if (two(4, 2, 6)) return 4;
      if (two(6, 2, 4)) return 6;
      return -1;
    };
    const int32_t checks[7] = {first_row(0, 1, 2), first_row(1, 0, 2), first_row(2, 0, 1), diagonal(),
                               column(0),          column(1),          column(2)};
    for (int32_t c : checks) {
      if (c >= 0) found = c;
    }
    return found;
  }

  // The page's computerMove; returns the outcome it ends the game with, if it does.
  Outcome opponent_moves() {
    int32_t cell = -1;
    const bool random_move = random.randi(0, 100) < 55;
    if (random_move || free_count() == 9) {
      cell = random_free();
    } else {
      const int32_t win = line_cell(kO);
      cell = win >= 0 ? win : line_cell(kX);
      if (cell < 0) cell = random_free();
    }
    cells[cell] = kO;
    if (won(kO)) return Outcome::end(-0.75f, false);
    if (free_count() == 0) return Outcome::end(-0.5f, false);
    return Outcome::none();
  }

  // X marks `cell` (free); the page checks X's win, then a full board, then lets O move.
  Outcome play(int32_t cell) {
    cells[cell] = kX;
    if (won(kX)) return Outcome::end(1.0f, true);
    if (free_count() == 0) return Outcome::end(-0.5f, false);
    return opponent_moves();
  }
};

// The best reward X can force against this very opponent (its draws are known): a search over
// X's moves, each followed by the opponent's determined reply.
float best_reward(const Game& game, int32_t* best_cell) {
  float best = -2.0f;
  for (int32_t cell = 0; cell < 9 && best < 1.0f; ++cell) {
    if (game.cells[cell] != 0) continue;
    Game next = game;
    const Outcome o = next.play(cell);
    const float r = o.done ? o.reward : best_reward(next, nullptr);
    if (r > best) {
      best = r;
      if (best_cell != nullptr) *best_cell = cell;
    }
  }
  return best;
}

class TicTacToe final : public Task {
 public:
  void generate(Rng& rng) override {
    char seed[24] = "pavlov-";
    append_int(seed, sizeof(seed), static_cast<int64_t>(rng.below(0xFFFFFFFFu)));
    std::memset(game_.cells, 0, sizeof(game_.cells));
    game_.random.seed(seed);
    // The page's opening: the opponent starts when randi(0, 100) > 50.
    if (game_.random.randi(0, 100) > 50) game_.opponent_moves();
  }

  void load(const json::Value& state) override {
    const auto& board = state.at("board", "state").as_array("state.board");
    if (board.size() != 9) throw InvalidArgument("state.board must hold 9 cells; got " + std::to_string(board.size()));
    Game loaded;
    for (int32_t i = 0; i < 9; ++i) {
      loaded.cells[i] = static_cast<int8_t>(board[i].as_int("state.board[" + std::to_string(i) + "]", -1, 1));
    }
    if (loaded.won(kX) || loaded.won(kO) || loaded.free_count() == 0) {
      throw InvalidArgument("state.board is a finished game; it must have a free cell and no three in a row");
    }
    char seed[SeedRandom::kMaxSeedChars + 1];
    read_text(state.at("random_seed", "state"), "state.random_seed", seed, sizeof(seed));
    loaded.random.seed(seed);
    game_ = loaded;
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Playing as 'X', win a game of tic-tac-toe.");
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 136);
    page.rows[area].left = 10;
    page.rows[area].top = 60;
    page.rows[area].width = 150;
    for (int32_t r = 0; r < 3; ++r) {
      const float y = 62.0f + 44.0f * static_cast<float>(r);
      const int32_t row = page.add(kTagDiv, area, 12, y, 150, 44);
      page.rows[row].classes = "ttt-row";
      for (int32_t c = 0; c < 3; ++c) {
        const int32_t i = r * 3 + c;
        const int32_t span = page.add(kTagSpan, row, 12.0f + 45.0f * static_cast<float>(c), y, 42, 42);
        Element& e = page.rows[span];
        e.id = kCellIds[i];
        e.classes = game_.cells[i] == kX ? "mark-x" : game_.cells[i] == kO ? "mark-o" : "";
        e.text = game_.cells[i] == kX ? "X" : game_.cells[i] == kO ? "O" : "";
        e.role = kRoleCell;
        e.arg = static_cast<int16_t>(i);
      }
    }
  }

  Outcome click(Target target) override {
    if (target.role != kRoleCell || game_.cells[target.arg] != 0) return Outcome::none();  // a marked cell ignores it
    return game_.play(target.arg);
  }

  // Knows the opponent's draws, so it plays a line that wins against them when there is one.
  int32_t expert(const Page& page, const Instruction&, Target) const override {
    int32_t cell = -1;
    best_reward(game_, &cell);
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleCell && page.rows[r].arg == cell) return click_action(r);
    }
    return click_action(0);
  }

  // How near X is to three in a row: the most X marks in a line O has not blocked, by thirds
  // (the third mark is the win itself).
  float progress() const override {
    int32_t best = 0;
    for (const auto& l : kLines) {
      int32_t marks = 0;
      bool blocked = false;
      for (int32_t c : l) {
        marks += game_.cells[c] == kX ? 1 : 0;
        blocked = blocked || game_.cells[c] == kO;
      }
      if (!blocked && marks > best) best = marks;
    }
    return static_cast<float>(best) / 3.0f;
  }

 private:
  Game game_;
};

}  // namespace

std::unique_ptr<Task> make_tic_tac_toe() { return std::unique_ptr<Task>(new TicTacToe()); }

}  // namespace web
}  // namespace csim
