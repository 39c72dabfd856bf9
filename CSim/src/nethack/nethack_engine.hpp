// One running NetHack game: a private copy of nle's libnethack.so, loaded for this env alone.
//
// NetHack keeps its whole state in globals, so two games cannot share one loaded library. Each
// Engine copies the library into an anonymous in-memory file (memfd) and dlopens that copy
// RTLD_LOCAL: the copies' globals are disjoint, so envs step in parallel on any threads. A
// finished game leaves its globals dirty, so a new game unloads and reloads the copy (as NLE
// does); the memfd stays open between games and disappears with the process, even on a crash.
// The copies' read-only segments (code, constants) are then remapped from the one original file,
// so all envs share one physical copy of NetHack's code and each env keeps only its globals,
// heap and stack (see share_read_only_pages). Each engine also has its own HACKDIR (NetHack writes level and score files there): a
// directory `pavlov-nle-<pid>-XXXXXX` under $TMPDIR, removed by the destructor; directories
// left by a process that died are removed by the next process that makes an engine.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

#include "nle_abi.hpp"

namespace csim {
namespace nethack {

// Where nle's files are: PAVLOV_NLE_DIR, else ~/.cache/pavlov/nle-1.3.0 (scripts/nle_setup.sh).
struct Install {
  std::string library;  // .../libnethack.so
  std::string data;     // .../nethackdir/nhdat
};

// The install, or a csim::Unavailable naming the package and the command that installs it.
Install find_install();

class Engine {
 public:
  // Makes the HACKDIR and the library copy (no game yet). `options` is NetHack's option string.
  Engine(const Install& install, std::string options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Ends the running game, if any, and starts a new one with these RNG seeds (reseeding off,
  // moon phase and dates derived from the core seed). The game writes into `obs`'s buffers,
  // which must outlive the game. Returns nullptr, or why no game could start (valid until the
  // next call). Never throws and never allocates: it also runs on worker threads (autoreset).
  const char* start(uint64_t core_seed, uint64_t display_seed, nle::Observation* obs);

  // Sends one key (an ASCII code, 0x80 | c for Meta-c) to the running game.
  void step(int key, nle::Observation* obs);

  bool running() const { return game_ != nullptr; }

  // The running game's copy of a global (nullptr without a game or symbol): privileged reads
  // for teachers (nethack_truth.hpp), never written.
  const void* symbol(const char* name) const;

 private:
  void end_game();
  bool share_read_only_pages();
  bool refill_holes();

  std::string options_;
  std::string hackdir_;
  std::string source_path_;   // the installed libnethack.so
  int source_fd_ = -1;        // shared by every engine of the process, never closed
  std::string library_path_;  // /proc/self/fd/N of the memfd
  int memfd_ = -1;
  void* handle_ = nullptr;
  void* game_ = nullptr;
  nle::StepFunction step_ = nullptr;
  nle::EndFunction end_ = nullptr;
  std::unique_ptr<nle::Settings> settings_;
  std::vector<std::pair<off_t, off_t>> holes_;  // (offset, length) punched out of the memfd
  std::vector<char> copy_buffer_;               // for refilling the holes
  char error_[512] = {};
};

}  // namespace nethack
}  // namespace csim
