#!/usr/bin/env bash
# Set up everything the book needs on a fresh Debian machine, idempotently:
#   - the Python build environment in .venv, from the pinned requirements.txt (with the book's package,
#     and the instructors' nbgrader and text2qti);
#   - third-party browser assets (MathJax) from the npm registry into book/_static/vendor (not committed);
#   - with --browser: Debian's chromium and fonts, for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "==> apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Python 3.10+ with venv; node/npm fetch the pinned browser assets.
command -v python3 >/dev/null || apt_install python3 python3-venv
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
command -v npm >/dev/null || apt_install nodejs npm
[ "$want_browser" = 1 ] && apt_install chromium fonts-dejavu-core

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  python3 -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing the pinned build environment (requirements.txt)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  # nbgrader's jupyter-events pulls in rfc3987-syntax, which jsonschema imports whenever present and
  # whose import compiles a grammar for seconds in every kernel that validates a quiz bank: remove it
  # (only jsonschema's optional 'iri' format check uses it; see requirements.txt).
  .venv/bin/python -m pip uninstall -q -y rfc3987-syntax
  echo "$want" > "$stamp"
fi

# MathJax 3, pinned, from the npm registry: pages load it from the site itself, never from a CDN.
MATHJAX_VERSION=3.2.2
vendor=book/_static/vendor
if [ "$(cat "$vendor/mathjax/.version" 2>/dev/null)" != "$MATHJAX_VERSION" ]; then
  echo "==> fetching mathjax@$MATHJAX_VERSION from the npm registry"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "mathjax@$MATHJAX_VERSION" >/dev/null && tar -xzf mathjax-*.tgz)
  rm -rf "$vendor/mathjax" && mkdir -p "$vendor/mathjax"
  cp -r "$tmp/package/es5/." "$vendor/mathjax/"
  cp "$tmp/package/LICENSE" "$vendor/mathjax/LICENSE"
  echo "$MATHJAX_VERSION" > "$vendor/mathjax/.version"
  rm -rf "$tmp"
fi
echo "==> setup complete"
