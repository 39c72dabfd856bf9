// Loading and driving private copies of libnethack.so (see nethack_engine.hpp).
#include "nethack_engine.hpp"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "../core/env.hpp"

namespace csim {
namespace nethack {
namespace {

constexpr const char* kInstallHint =
    "NetHack environments need the `nle` package's engine (nle==1.3.0 from PyPI); install it with "
    "`bash scripts/nle_setup.sh` (it unpacks libnethack.so and nethackdir/ into ~/.cache/pavlov/nle-1.3.0), "
    "or point PAVLOV_NLE_DIR at a folder holding both";

std::string error_text(int error) {
  char buffer[256];
  return std::string(strerror_r(error, buffer, sizeof(buffer)));
}

bool is_file(const std::string& path) {
  struct stat s;
  return ::stat(path.c_str(), &s) == 0 && S_ISREG(s.st_mode);
}

std::string temp_root() {
  const char* t = std::getenv("TMPDIR");
  return (t != nullptr && t[0] != '\0') ? std::string(t) : std::string("/tmp");
}

// Removes HACKDIRs of processes that no longer exist (a crash skips the destructors). Runs
// once per process, before its first engine.
void remove_stale_hackdirs() {
  std::error_code ec;
  const std::string prefix = "pavlov-nle-";
  for (const auto& entry : std::filesystem::directory_iterator(temp_root(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

void touch(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + error_text(errno));
  ::close(fd);
}

// Loading, starting and ending games share the dynamic loader and a few libc calls that keep
// static buffers (localtime, getpwuid); they are rare (once an episode), so they take turns.
std::mutex& lifecycle_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

Install find_install() {
  // Looked up at every creation (two stats), so that installing the engine, or pointing
  // PAVLOV_NLE_DIR elsewhere, takes effect without restarting the process.
  const char* env = std::getenv("PAVLOV_NLE_DIR");
  std::string dir;
  if (env != nullptr && env[0] != '\0') {
    dir = env;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    dir = std::string(home) + "/.cache/pavlov/nle-1.3.0";
  }
  Install found{dir + "/libnethack.so", dir + "/nethackdir/nhdat"};
  if (!dir.empty() && is_file(found.library) && is_file(found.data)) return found;
  throw Unavailable(std::string(kInstallHint) + " (looked in " +
                    (env != nullptr && env[0] != '\0' ? std::string("PAVLOV_NLE_DIR=") + env : dir) + ")");
}

Engine::Engine(const Install& install, std::string options)
    : options_(std::move(options)), settings_(std::make_unique<nle::Settings>()) {
  static std::once_flag cleaned;
  std::call_once(cleaned, remove_stale_hackdirs);

  std::string pattern = temp_root() + "/pavlov-nle-" + std::to_string(::getpid()) + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot make a NetHack directory in " + temp_root() + ": " + error_text(errno));
  }
  hackdir_ = pattern;
  try {
    if (::symlink(install.data.c_str(), (hackdir_ + "/nhdat").c_str()) != 0) {
      throw std::runtime_error("cannot link nhdat into " + hackdir_ + ": " + error_text(errno));
    }
    // NetHack locks these before writing scores; they must exist.
    for (const char* name : {"perm", "record", "logfile", "xlogfile"}) touch(hackdir_ + "/" + name);
    if (::mkdir((hackdir_ + "/save").c_str(), 0755) != 0) {
      throw std::runtime_error("cannot make " + hackdir_ + "/save: " + error_text(errno));
    }

    memfd_ = ::memfd_create("libnethack.so", MFD_CLOEXEC);
    if (memfd_ < 0) throw std::runtime_error("memfd_create failed: " + error_text(errno));
    int source = ::open(install.library.c_str(), O_RDONLY | O_CLOEXEC);
    if (source < 0) throw Unavailable(std::string(kInstallHint) + " (cannot read " + install.library + ")");
    struct stat s;
    bool copied = ::fstat(source, &s) == 0;
    off_t offset = 0;
    while (copied && offset < s.st_size) {
      ssize_t n = ::sendfile(memfd_, source, &offset, static_cast<size_t>(s.st_size - offset));
      if (n <= 0) copied = false;
    }
    const int copy_error = errno;
    ::close(source);
    if (!copied) throw std::runtime_error("cannot copy " + install.library + ": " + error_text(copy_error));
    library_path_ = "/proc/self/fd/" + std::to_string(memfd_);
  } catch (...) {
    if (memfd_ >= 0) ::close(memfd_);
    std::error_code ignored;
    std::filesystem::remove_all(hackdir_, ignored);
    throw;
  }

  nle::Settings& st = *settings_;
  std::memset(&st, 0, sizeof(st));
  if (hackdir_.size() >= sizeof(st.hackdir) || options_.size() >= sizeof(st.options)) {
    throw InvalidArgument("NetHack directory or options too long");
  }
  std::memcpy(st.hackdir, hackdir_.c_str(), hackdir_.size() + 1);
  std::memcpy(st.options, options_.c_str(), options_.size() + 1);
  st.spawn_monsters = 1;
  st.fix_moon_phase = true;
}

Engine::~Engine() {
  end_game();
  if (memfd_ >= 0) ::close(memfd_);
  std::error_code ignored;
  std::filesystem::remove_all(hackdir_, ignored);
}

void Engine::end_game() {
  if (handle_ == nullptr) return;
  std::lock_guard<std::mutex> lock(lifecycle_mutex());
  if (game_ != nullptr && end_ != nullptr) end_(game_);
  game_ = nullptr;
  ::dlclose(handle_);
  handle_ = nullptr;
}

void Engine::start(uint64_t core_seed, uint64_t display_seed, nle::Observation* obs) {
  end_game();
  nle::Settings& st = *settings_;
  st.initial_seeds.core_disp[0] = static_cast<unsigned long>(core_seed);
  st.initial_seeds.core_disp[1] = static_cast<unsigned long>(display_seed);
  st.initial_seeds.reseed = 0;
  st.initial_seeds.use_init_seeds = true;
  st.initial_seeds.use_level_seed = false;
  st.time_seed = static_cast<unsigned long>(core_seed + 1);
  st.use_time_seed = true;

  std::lock_guard<std::mutex> lock(lifecycle_mutex());
  // A copy still mapped would keep the last game's globals: refuse rather than play on them.
  if (void* stale = ::dlopen(library_path_.c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
    ::dlclose(stale);
    throw std::runtime_error("the previous NetHack game's library copy is still loaded");
  }
  handle_ = ::dlopen(library_path_.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* why = ::dlerror();
    throw std::runtime_error(std::string("cannot load NetHack: ") + (why != nullptr ? why : "dlopen failed"));
  }
  auto start_fn = reinterpret_cast<nle::StartFunction>(::dlsym(handle_, "nle_start"));
  step_ = reinterpret_cast<nle::StepFunction>(::dlsym(handle_, "nle_step"));
  end_ = reinterpret_cast<nle::EndFunction>(::dlsym(handle_, "nle_end"));
  if (start_fn == nullptr || step_ == nullptr || end_ == nullptr) {
    ::dlclose(handle_);
    handle_ = nullptr;
    throw std::runtime_error("libnethack.so lacks nle_start, nle_step or nle_end: not nle 1.3.0's engine");
  }
  game_ = start_fn(obs, nullptr, &st);
  if (game_ == nullptr) throw std::runtime_error("nle_start failed");
}

void Engine::step(int key, nle::Observation* obs) {
  obs->action = key;
  game_ = step_(game_, obs);
}

}  // namespace nethack
}  // namespace csim
