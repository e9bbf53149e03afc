#!/usr/bin/env bash
# Set up everything (Python environment, browser assets, Debian chromium), then run every test
# layer: unit, data, page-shape lint, the full build with execution, built-site checks, browser
# checks and the learner environment. Extra arguments go to pytest (e.g. -k quiz).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
status=0
.venv/bin/python -m pytest -ra "$@" || status=$?
# pytest exits 5 when it collected no tests: that is a failure of the suite, say so plainly.
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests" >&2
fi
exit "$status"
