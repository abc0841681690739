#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages certhelper's tests and demo need are installed.
# As root: installs the missing ones with apt-get. Otherwise: prints the exact command and fails.
set -euo pipefail

PACKAGES=(
  python3-venv               # `python3 -m venv .venv` (Debian ships venv/ensurepip apart from python3)
  softhsm2 opensc            # the test/demo token (SoftHSM2) and pkcs11-tool to cross-check it
  gcc libc6-dev libp11-kit-dev  # the fault-injecting PKCS#11 module is compiled at test time (pkcs11.h)
  poppler-utils              # pdftoppm renders the PDF report; pdfsig cross-checks signed PDFs
  libnss3-tools              # certutil: the NSS database pdfsig -add-signature signs with in the tests
  prometheus                 # promtool check metrics: the tests lint the metrics as Prometheus would
  openssl                    # `openssl ocsp`: the tests' OCSP responder (tests/pki)
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libx11-6 libdbus-1-3
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core
  trayer notification-daemon dbus-daemon dbus-bin  # tests/desktop: a real XEmbed tray and notification service
  x11-utils xdotool          # xwininfo/xdotool: the tests look for the icon inside the tray's window
  desktop-file-utils appstream  # desktop-file-validate, appstreamcli: tests/test_desktop_files.py
)
wanted=("${PACKAGES[@]}")

command -v dpkg-query >/dev/null 2>&1 || {
  echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${wanted[*]}" >&2
  exit 0
}

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "certhelper needs these system packages; please run:" >&2
  echo "  sudo $line" >&2
  exit 1
fi
