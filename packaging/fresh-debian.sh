#!/usr/bin/env bash
# The README's two commands on a fresh minimal Debian (python3, git, make, ca-certificates only), in a
# throw-away root: a non-root user is told the apt-get line; a first `make test` is interrupted by
# Ctrl-C during the pip install; the second `make test` rebuilds .venv/ and runs; `make demo` under Xvfb.
# Usage (as root, on Debian/Ubuntu): packaging/fresh-debian.sh [ROOT_DIR] [SUITE]   (not inside the checkout)
# Extra CA certificates of this machine (a proxy's) are copied in: /usr/local/share/ca-certificates/*.crt.
set -uo pipefail
ROOT=${1:-/var/tmp/certhelper-fresh-root}
SUITE=${2:-bookworm}
SRC=$(cd "$(dirname "$0")/.." && pwd)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
log() { echo "=== $* ($(date -u +%T))"; }

command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap
[ -x "$ROOT/usr/bin/python3" ] || debootstrap --variant=minbase --include=python3,git,make,ca-certificates "$SUITE" "$ROOT" "$MIRROR"
cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null && chroot "$ROOT" update-ca-certificates >/dev/null
cleanup() { for m in dev/pts dev sys proc; do mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m"; done; }
trap cleanup EXIT
mount -t proc proc "$ROOT/proc"; mount -t sysfs sys "$ROOT/sys"; mount --bind /dev "$ROOT/dev"; mount --bind /dev/pts "$ROOT/dev/pts"

rm -rf "$ROOT/src" && mkdir -p "$ROOT/src"
git clone -q "$SRC" "$ROOT/src/certhelper"
# the working tree as it is (uncommitted work included)
(cd "$SRC" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -C "$ROOT/src/certhelper" -xf -
chroot "$ROOT" sh -c 'id -u tester >/dev/null 2>&1 || useradd -m tester; chown -R tester /src/certhelper'

log "non-root make test"
chroot "$ROOT" su tester -c 'cd /src/certhelper && make test'; echo "exit=$?"
chroot "$ROOT" chown -R root /src/certhelper

log "make test, Ctrl-C during the pip install"
SP="$ROOT/src/certhelper/.venv/lib/python3*/site-packages"
# a script's background jobs ignore SIGINT: give it back its default, as a terminal would
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' \
  chroot "$ROOT" sh -c 'cd /src/certhelper && exec make test' &
pid=$!
while kill -0 $pid 2>/dev/null; do
  if compgen -G "$SP/PySide6" >/dev/null; then sleep 3; kill -INT -- -$pid; break; fi
  sleep 0.5
done
wait $pid; echo "exit=$? (130: interrupted)"; ls "$ROOT/src/certhelper/.venv/.installed" 2>&1

log "make test again"
chroot "$ROOT" sh -c 'cd /src/certhelper && make test'; echo "exit=$?"

log "make demo under Xvfb, screenshot after 40 s"
cat > "$ROOT/src/shot.py" <<'PY'
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv)
QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])
PY
chroot "$ROOT" sh -c 'cd /src/certhelper && xvfb-run -a -s "-screen 0 1366x768x24" sh -c "(timeout 60 make demo; echo demo-exit=\$?) & sleep 40; .venv/bin/python /src/shot.py /tmp/demo.png; wait"'
ls -la "$ROOT/tmp/demo.png"
