#!/usr/bin/env bash
# Installs the system packages the test suite needs, when they are missing:
# Chromium (the real-browser tests) and poppler-utils (reading PDF exports back).
# Debian/Ubuntu only; needs root or passwordless sudo the first time.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ] && [ ! -x "$CHROMIUM_PATH" ]; then
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; point it at Chromium or unset it" \
    "to use the Debian package at /usr/bin/chromium." >&2
  exit 1
fi

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing system packages for the tests: ${missing[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found. Install ${missing[*]} with your package manager" \
    "(or set CHROMIUM_PATH to a Chromium binary) and run 'make test' again." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "error: installing ${missing[*]} needs root. Run as root, give this user passwordless sudo," \
    "or install them yourself: apt-get install chromium poppler-utils" >&2
  exit 1
fi

# env passes DEBIAN_FRONTEND through sudo, which resets the environment.
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
if ! "${apt[@]}" update || ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; then
  echo "error: apt-get could not install ${missing[*]} (see above)." >&2
  exit 1
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "error: the chromium package is installed but /usr/bin/chromium is missing." >&2
  exit 1
fi
