#!/usr/bin/env bash
# Set up, then build the book with every page executed (cached), warnings as errors.
#   bash scripts/build.sh           build into _build/html
#   bash scripts/build.sh --serve   build, then serve it at http://127.0.0.1:8000 (Ctrl-C to stop)
set -euo pipefail
cd "$(dirname "$0")/.."
serve=0
for arg in "$@"; do
  case "$arg" in
    --serve) serve=1 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
.venv/bin/jupyter-book build . -W -n --keep-going
echo "==> built: open _build/html/index.html"
if [ "$serve" = 1 ]; then
  echo "==> serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
  exec .venv/bin/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html
fi
