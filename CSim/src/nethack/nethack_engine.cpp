// Loading and driving private copies of libnethack.so (see nethack_engine.hpp).
#include "nethack_engine.hpp"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

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

void refuse_if_out_of_descriptors(int error, const char* what);

void touch(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) refuse_if_out_of_descriptors(errno, "");
  if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + error_text(errno));
  ::close(fd);
}

// Throws the error for a failed open: the descriptor limit reached gets a message saying what
// to change; anything else a runtime_error with `what` (or returns when `what` is empty).
void refuse_if_out_of_descriptors(int error, const char* what) {
  if (error == EMFILE || error == ENFILE) {
    struct rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    throw InvalidArgument("too many open files for another NetHack env: each env keeps one file descriptor "
                          "(its copy of libnethack.so) and this process may open " +
                          std::to_string(static_cast<long long>(limit.rlim_cur)) +
                          "; ask for fewer envs or raise the limit (ulimit -n)");
  }
  if (what[0] != '\0') throw std::runtime_error(std::string(what) + ": " + error_text(error));
}

// Loading, starting and ending games share the dynamic loader and a few libc calls that keep
// static buffers (localtime, getpwuid); they are rare (once an episode), so they take turns.
std::mutex& lifecycle_mutex() {
  static std::mutex m;
  return m;
}

// One read-only descriptor per library path for the whole process: the shared source of every
// copy's code pages (see share_read_only_pages). Called under the lifecycle mutex.
int shared_library_fd(const std::string& path) {
  static std::map<std::string, int> fds;
  auto found = fds.find(path);
  if (found != fds.end()) return found->second;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) refuse_if_out_of_descriptors(errno, "");
  if (fd < 0) throw Unavailable(std::string(kInstallHint) + " (cannot read " + path + ")");
  fds.emplace(path, fd);
  return fd;
}

struct PageRange {
  uintptr_t address;  // where it is mapped in this copy
  off_t offset;       // where it is in the file
  size_t length;
  int protection;
};

struct SegmentSearch {
  static constexpr int kMaxSegments = 16;
  uintptr_t base;
  PageRange read_only[kMaxSegments];
  int read_only_count = 0;
  off_t writable_begin[kMaxSegments], writable_end[kMaxSegments];  // file offsets of writable pages
  int writable_count = 0;
  bool found = false;
};

// dl_iterate_phdr's callback: the page ranges of our copy's loadable segments (no allocation).
int collect_segments(dl_phdr_info* info, size_t, void* data) {
  auto* search = static_cast<SegmentSearch*>(data);
  if (info->dlpi_addr != search->base) return 0;
  search->found = true;
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    const uintptr_t begin = (ph.p_vaddr / page) * page, end = ((ph.p_vaddr + ph.p_filesz + page - 1) / page) * page;
    const off_t offset = static_cast<off_t>((ph.p_offset / page) * page);
    if (ph.p_flags & PF_W) {
      if (search->writable_count == SegmentSearch::kMaxSegments) continue;
      search->writable_begin[search->writable_count] = offset;
      search->writable_end[search->writable_count++] = offset + static_cast<off_t>(end - begin);
      continue;
    }
    if (search->read_only_count == SegmentSearch::kMaxSegments) continue;
    const int protection = ((ph.p_flags & PF_R) ? PROT_READ : 0) | ((ph.p_flags & PF_X) ? PROT_EXEC : 0);
    search->read_only[search->read_only_count++] = {info->dlpi_addr + begin, offset, end - begin, protection};
  }
  return 1;
}

// Removes the engine's files if its constructor throws (CSim catches only in its guard).
struct CreationCleanup {
  const std::string& hackdir;
  const int& memfd;
  bool armed = true;
  ~CreationCleanup() {
    if (!armed) return;
    if (memfd >= 0) ::close(memfd);
    std::error_code ignored;
    std::filesystem::remove_all(hackdir, ignored);
  }
};

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
    : options_(std::move(options)), source_path_(install.library), settings_(std::make_unique<nle::Settings>()) {
  static std::once_flag cleaned;
  std::call_once(cleaned, remove_stale_hackdirs);

  std::string pattern = temp_root() + "/pavlov-nle-" + std::to_string(::getpid()) + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot make a NetHack directory in " + temp_root() + ": " + error_text(errno));
  }
  hackdir_ = pattern;
  CreationCleanup cleanup{hackdir_, memfd_};
  if (::symlink(install.data.c_str(), (hackdir_ + "/nhdat").c_str()) != 0) {
    throw std::runtime_error("cannot link nhdat into " + hackdir_ + ": " + error_text(errno));
  }
  // NetHack locks these before writing scores; they must exist.
  for (const char* name : {"perm", "record", "logfile", "xlogfile"}) touch(hackdir_ + "/" + name);
  if (::mkdir((hackdir_ + "/save").c_str(), 0755) != 0) {
    throw std::runtime_error("cannot make " + hackdir_ + "/save: " + error_text(errno));
  }

  memfd_ = ::memfd_create("libnethack.so", MFD_CLOEXEC);
  if (memfd_ < 0) refuse_if_out_of_descriptors(errno, "memfd_create failed");
  {
    std::lock_guard<std::mutex> lock(lifecycle_mutex());
    source_fd_ = shared_library_fd(install.library);
  }
  struct stat s;
  bool copied = ::fstat(source_fd_, &s) == 0;
  off_t offset = 0;
  while (copied && offset < s.st_size) {
    ssize_t n = ::sendfile(memfd_, source_fd_, &offset, static_cast<size_t>(s.st_size - offset));
    if (n <= 0) copied = false;
  }
  if (!copied) throw std::runtime_error("cannot copy " + install.library + ": " + error_text(errno));
  library_path_ = "/proc/self/fd/" + std::to_string(memfd_);
  copy_buffer_.resize(1 << 16);
  holes_.reserve(SegmentSearch::kMaxSegments);
  cleanup.armed = false;

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

const void* Engine::symbol(const char* name) const {
  return game_ != nullptr && handle_ != nullptr ? ::dlsym(handle_, name) : nullptr;
}

const char* Engine::start(uint64_t core_seed, uint64_t display_seed, nle::Observation* obs) {
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
  if (!refill_holes()) return "cannot restore NetHack's library copy";
  // A copy still mapped would keep the last game's globals: refuse rather than play on them.
  if (void* stale = ::dlopen(library_path_.c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
    ::dlclose(stale);
    return "the previous NetHack game's library copy is still loaded";
  }
  handle_ = ::dlopen(library_path_.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* why = ::dlerror();
    std::snprintf(error_, sizeof(error_), "cannot load NetHack: %s", why != nullptr ? why : "dlopen failed");
    return error_;
  }
  auto start_fn = reinterpret_cast<nle::StartFunction>(::dlsym(handle_, "nle_start"));
  step_ = reinterpret_cast<nle::StepFunction>(::dlsym(handle_, "nle_step"));
  end_ = reinterpret_cast<nle::EndFunction>(::dlsym(handle_, "nle_end"));
  if (start_fn == nullptr || step_ == nullptr || end_ == nullptr) {
    ::dlclose(handle_);
    handle_ = nullptr;
    return "libnethack.so lacks nle_start, nle_step or nle_end: not nle 1.3.0's engine";
  }
  if (!share_read_only_pages()) return "cannot map NetHack's code from the installed library";
  game_ = start_fn(obs, nullptr, &st);
  return game_ == nullptr ? "nle_start failed" : nullptr;
}

// Every copy's code and constants are the same bytes, so after the loader has mapped this copy
// (and relocated its writable segment), its read-only segments are mapped again from the one
// original file: all envs then run one physical copy of NetHack's code, which the CPU caches
// share, and the memfd gives those pages back (a hole, refilled before the next load). Only
// the writable segment (globals) stays private. The library has no text relocations, so its
// read-only pages are the file's bytes; pages that share a file page with the writable segment
// are left alone. Returns false when a mapping failed (the copy's own pages stay then).
bool Engine::share_read_only_pages() {
  link_map* map = nullptr;
  if (::dlinfo(handle_, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) return true;
  SegmentSearch search;
  search.base = map->l_addr;
  ::dl_iterate_phdr(collect_segments, &search);
  if (!search.found) return true;
  holes_.clear();
  for (int i = 0; i < search.read_only_count; ++i) {
    const PageRange& r = search.read_only[i];
    bool overlaps = false;
    for (int w = 0; w < search.writable_count; ++w) {
      overlaps = overlaps || (r.offset < search.writable_end[w] &&
                              search.writable_begin[w] < r.offset + static_cast<off_t>(r.length));
    }
    if (overlaps) continue;
    void* at = ::mmap(reinterpret_cast<void*>(r.address), r.length, r.protection, MAP_PRIVATE | MAP_FIXED, source_fd_,
                      r.offset);
    if (at == MAP_FAILED) return false;
    if (::fallocate(memfd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, r.offset, static_cast<off_t>(r.length)) == 0) {
      holes_.push_back({r.offset, static_cast<off_t>(r.length)});  // within the reserved capacity
    }
  }
  return true;
}

// Puts back the bytes that share_read_only_pages punched out of the memfd, for the next load.
bool Engine::refill_holes() {
  for (const auto& [offset, length] : holes_) {
    for (off_t done = 0; done < length;) {
      const size_t want = static_cast<size_t>(std::min<off_t>(length - done, static_cast<off_t>(copy_buffer_.size())));
      const ssize_t n = ::pread(source_fd_, copy_buffer_.data(), want, offset + done);
      if (n <= 0 || ::pwrite(memfd_, copy_buffer_.data(), static_cast<size_t>(n), offset + done) != n) return false;
      done += n;
    }
  }
  holes_.clear();
  return true;
}

void Engine::step(int key, nle::Observation* obs) {
  obs->action = key;
  game_ = step_(game_, obs);
}

}  // namespace nethack
}  // namespace csim
