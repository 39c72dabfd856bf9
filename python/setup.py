"""Builds pavlov_envs with the C/C++ core compiled into pavlov_envs/_csim*.so.

The core's sources live outside this directory (../CSim, shared with the Swift package). A build
from a checkout compiles them where they are; an sdist carries a copy as _csim_src/ (made in the
sdist's own release tree) and a build from an sdist compiles that copy.

Nothing is written into this directory: setuptools' build directory and egg-info go to
$PAVLOV_BUILD_DIR when it is set (a cache that makes a rebuild of unchanged sources instant;
scripts/test.sh sets one) and otherwise to a temporary directory removed when the build ends.

The library is a plain shared library with a C ABI (CSim/include/csim.h), not a CPython
extension module: pavlov_envs/_lib.py loads it with ctypes. It is declared as a setuptools
Extension only so that setuptools places it inside the package and tags the wheel as binary.
"""
import atexit
import os
import shutil
import subprocess
import sysconfig
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
REPO_CSIM = HERE.parent / "CSim"
SDIST_CSIM = "_csim_src"  # the core's copy inside an sdist (never in the repository)


def core_root():
    """The core's headers and sources: the repository's CSim/, or the copy an sdist carries."""
    for root in (REPO_CSIM, HERE / SDIST_CSIM):
        if (root / "include" / "csim.h").is_file():
            return root
    raise SystemExit(
        f"pavlov-envs: the C/C++ core was not found at {REPO_CSIM} nor in {HERE / SDIST_CSIM}; "
        "build from a checkout of the Pavlov repository (pip install ./python) or from its sdist.")


def build_base():
    """Where setuptools builds: $PAVLOV_BUILD_DIR, or a fresh temporary directory."""
    chosen = os.environ.get("PAVLOV_BUILD_DIR")
    if chosen:
        path = Path(chosen).resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path
    path = Path(tempfile.mkdtemp(prefix="pavlov-envs-build-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def pkg_config(flag, *packages):
    """Output of pkg-config split into arguments, or [] when pkg-config or a package is missing."""
    try:
        out = subprocess.run(["pkg-config", flag, *packages], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return out.stdout.split()


def include_dirs(root):
    dirs = [str(root / "include")]
    flags = pkg_config("--cflags-only-I", "eigen3", "ode")
    dirs += [f[2:] for f in flags if f.startswith("-I")]
    # Debian's Eigen lives here; used when pkg-config is absent (scripts/bootstrap.sh installs it).
    if not any("eigen3" in d for d in dirs) and Path("/usr/include/eigen3").is_dir():
        dirs.append("/usr/include/eigen3")
    return dirs


def other_cflags():
    # ODE's pkg-config may carry defines (e.g. dIDEDOUBLE) that must match the library.
    return [f for f in pkg_config("--cflags-only-other", "eigen3", "ode")]


def use_an_available_compiler():
    """Python records the compiler it was built with (often gcc/g++); where that one is absent
    but another is on PATH (the Swift toolchain's clang, the system's cc), build with that."""
    if any(k in os.environ for k in ("CC", "CXX", "LDSHARED")):
        return
    recorded = (sysconfig.get_config_var("CXX") or "c++").split()[0]
    if shutil.which(recorded):
        return
    for cc, cxx in (("cc", "c++"), ("clang", "clang++"), ("gcc", "g++")):
        if shutil.which(cc) and shutil.which(cxx):
            os.environ.update(CC=cc, CXX=cxx, LDSHARED=f"{cxx} -shared")
            return


class ParallelBuildExt(build_ext):
    """build_ext that compiles the core's ~25 translation units on a few threads.

    distutils compiles one file at a time; the compiler runs as a subprocess, so threads
    suffice. PAVLOV_BUILD_JOBS overrides the count (default: up to 4, at most the cores)."""

    def build_extensions(self):
        jobs = int(os.environ.get("PAVLOV_BUILD_JOBS", "0")) or min(4, os.cpu_count() or 1)
        serial_compile = self.compiler.compile

        def parallel_compile(sources, *args, **kwargs):
            if jobs <= 1 or len(sources) <= 1:
                return serial_compile(sources, *args, **kwargs)
            with ThreadPoolExecutor(jobs) as pool:
                parts = list(pool.map(lambda s: serial_compile([s], *args, **kwargs), sources))
            return [obj for objs in parts for obj in objs]

        self.compiler.compile = parallel_compile
        super().build_extensions()


class SdistWithCore(sdist):
    """An sdist that carries the core: ../CSim/include and src copied as _csim_src/ into the
    sdist's release tree (never into this directory). The extension's own sources, listed as
    ../CSim/..., are left out of the tree: linked there they would land beside this directory."""

    def make_release_tree(self, base_dir, files):
        inside = [f for f in files if not os.path.isabs(f) and os.pardir not in Path(f).parts]
        super().make_release_tree(base_dir, inside)
        root = core_root()
        for part in ("include", "src"):
            shutil.copytree(root / part, Path(base_dir) / SDIST_CSIM / part,
                            ignore=shutil.ignore_patterns("*.o", "*.so", ".*"))


os.chdir(HERE)
use_an_available_compiler()
core = core_root()
# Relative to this directory, as setuptools requires ("../CSim/src/..." in a checkout).
sources = sorted(os.path.relpath(p, HERE) for p in (core / "src").rglob("*.cpp"))
# build_ext skips an extension that is newer than its sources and depends (with a cached
# PAVLOV_BUILD_DIR); list the headers too, so an edited header rebuilds the library.
headers = sorted(os.path.relpath(p, HERE) for part in ("include", "src") for ext in ("*.h", "*.hpp")
                 for p in (core / part).rglob(ext))
build = str(build_base())

csim = Extension(
    "pavlov_envs._csim",
    sources=sources,
    depends=headers,
    include_dirs=include_dirs(core),
    define_macros=[("NDEBUG", None), ("EIGEN_NO_DEBUG", None)],
    # The same settings as the Swift package's release build: C++17, -O2, no -march.
    # -g0 and -O2 come last, so they override Python's own CFLAGS (often -g -O3).
    extra_compile_args=["-std=c++17", *other_cflags(), "-g0", "-O2"],
    libraries=["ode", "m"],
    language="c++",
)

setup(
    ext_modules=[csim],
    cmdclass={"build_ext": ParallelBuildExt, "sdist": SdistWithCore},
    options={"build": {"build_base": build}, "egg_info": {"egg_base": build}},
)
