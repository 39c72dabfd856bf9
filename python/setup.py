"""Builds pavlov_envs with the C/C++ core compiled into pavlov_envs/_csim*.so.

The core's sources live outside this directory (../CSim, shared with the Swift package).
pip builds in place (a local directory) or from an sdist (a copy), so before building we stage
../CSim/include and ../CSim/src into _csim_src/ (gitignored) when the repository is there, and
build from that staging copy either way; MANIFEST.in puts it in sdists.

The library is a plain shared library with a C ABI (CSim/include/csim.h), not a CPython
extension module: pavlov_envs/_lib.py loads it with ctypes. It is declared as a setuptools
Extension only so that setuptools places it inside the package and tags the wheel as binary.
"""
import os
import shutil
import subprocess
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
REPO_CSIM = HERE.parent / "CSim"
STAGE = "_csim_src"  # relative to HERE; setuptools prefers relative source paths


def stage_core_sources():
    """Copies CSim's headers and sources next to this file (fresh each time, so edits show)."""
    stage = HERE / STAGE
    if (REPO_CSIM / "include" / "csim.h").is_file():
        if stage.exists():
            shutil.rmtree(stage)
        for part in ("include", "src"):
            shutil.copytree(REPO_CSIM / part, stage / part,
                            ignore=shutil.ignore_patterns("*.o", "*.so", ".*"))
    elif not (stage / "include" / "csim.h").is_file():
        raise SystemExit(
            f"pavlov-envs: the C/C++ core was not found at {REPO_CSIM} nor staged in {stage}; "
            "build from a checkout of the Pavlov repository (pip install ./python).")


def pkg_config(flag, *packages):
    """Output of pkg-config split into arguments, or [] when pkg-config or a package is missing."""
    try:
        out = subprocess.run(["pkg-config", flag, *packages], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return out.stdout.split()


def include_dirs():
    dirs = [f"{STAGE}/include"]
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


os.chdir(HERE)
use_an_available_compiler()
stage_core_sources()
sources = sorted(str(p.relative_to(HERE)) for p in (HERE / STAGE / "src").rglob("*.cpp"))
# build_ext skips an extension that is newer than its sources and depends; list the headers too,
# so an edited header rebuilds the library (copytree keeps mtimes, so unchanged files do not).
headers = sorted(str(p.relative_to(HERE)) for ext in ("*.h", "*.hpp") for p in (HERE / STAGE).rglob(ext))

csim = Extension(
    "pavlov_envs._csim",
    sources=sources,
    depends=headers,
    include_dirs=include_dirs(),
    define_macros=[("NDEBUG", None), ("EIGEN_NO_DEBUG", None)],
    # The same settings as the Swift package's release build: C++17, -O2, no -march.
    # -g0 and -O2 come last, so they override Python's own CFLAGS (often -g -O3).
    extra_compile_args=["-std=c++17", *other_cflags(), "-g0", "-O2"],
    libraries=["ode", "m"],
    language="c++",
)

setup(ext_modules=[csim], cmdclass={"build_ext": ParallelBuildExt})
