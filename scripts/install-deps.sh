#!/usr/bin/env bash
# Installs what Stepwise needs on Debian 12 (run as root): C libraries, fonts, tools for tests.
# Quiet and idempotent: it only calls apt when something is missing.
set -euo pipefail

packages=(
  pkg-config
  libgpiod-dev gpiod          # GPIO sensors and outputs (libgpiod 1.6)
  libusb-1.0-0-dev            # USB pedals, button boxes, badge readers
  libcairo2-dev libpango1.0-dev   # drawing and text shaping for the projector
  libsqlite3-dev              # the quality log (GRDB links the system SQLite)
  fonts-dejavu-core fonts-noto-core fonts-noto-ui-core   # Latin, Turkish, Polish, Arabic text
  python3 python3-yaml python3-jsonschema   # schema check of the shipped YAML
  systemd                     # systemd-analyze verify for the unit files
  umockdev                    # fakes a USB bus for the libusb adapter's tests
  curl                        # signs in to the dashboard in the workshop tests
  openssl                     # certificates for the test server.s TLS
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  for d in /opt/swift/usr/bin /usr/share/swift/usr/bin; do [ -x "$d/swift" ] && export PATH="$d:$PATH"; done
fi
command -v swift >/dev/null 2>&1 || {
  echo "error: the Swift 6 toolchain is not installed; install it from swift.org (Debian 12 x86_64 or aarch64)" >&2
  exit 1
}
