"""Idle cost of `certhelper --tray` with one SoftHSM2 token plugged, vs a bare PySide6 tray icon.

CPU seconds (user + system) used over --seconds (default 60) after --warmup seconds, summed over
the whole process tree (the app AND its scan worker child; children that ended are counted through
cutime/cstime). Both run at the same time, under the same Qt platform. Prints each figure, the
ratio, and the app's share of one core. Linux only (reads /proc).

    .venv/bin/python benchmarks/idle_cpu.py --seconds 60
    xvfb-run -a .venv/bin/python benchmarks/idle_cpu.py --platform xcb   # a real X display

Where the platform has no notification area (offscreen; Xvfb without a tray host), certhelper
says so and falls back to its window: the figure is then the window's idle cost, and is printed so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certhelper.demo.softhsm import build_in_new_process  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")

BARE_TRAY = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(64, 64); pixmap.fill(QColor("#2e7d32"))
icon = QSystemTrayIcon(QIcon(pixmap)); menu = QMenu(); menu.addAction("Quit", app.quit)
icon.setContextMenu(menu); icon.show()
print("tray available:", QSystemTrayIcon.isSystemTrayAvailable(), file=sys.stderr, flush=True)
sys.exit(app.exec())
"""

HOLDER = {
    "kind": "holder",
    "id": "01",
    "label": "Signature",
    "given_name": "Yannick",
    "surname": "Le Bihan",
    "organisation": "Commune de Plérin",
    "siren": "212201859",
    "days_before": 1075,
    "days_left": 20,
}


def _task_ns(pid: int) -> int:
    """Nanoseconds on CPU of every thread of `pid` (/proc/<pid>/task/*/schedstat): far finer than ticks."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total


def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and all its live descendants (ns precision), plus its reaped children's."""
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = text[text.rindex(")") + 2 :].split()
    children: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)
    total_ns, reaped_ticks, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        fields = stats.get(pid)
        if fields is None:
            continue
        total_ns += _task_ns(pid)
        reaped_ticks += int(fields[13]) + int(fields[14])  # cutime + cstime: children already gone
        todo += children.get(pid, [])
    return total_ns / 1e9 + reaped_ticks / TICKS


def build_token(directory: Path) -> dict[str, str]:
    made = build_in_new_process(directory, [{"label": "Clé Yannick", "objects": [HOLDER]}])
    return {"conf": made["conf"], "module": made["module"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured idle time (default 60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds left to start up first (default 10)")
    parser.add_argument(
        "--platform",
        default=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        help="Qt platform for both (default offscreen; xcb under xvfb-run)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="certhelper-idle-") as tmp:
        home = Path(tmp)
        token = build_token(home / "softhsm")
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": args.platform,
            "SOFTHSM2_CONF": token["conf"],
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(home / var.lower())
        env.pop("CERTHELPER_NOW", None)
        app_log, bare_log = home / "app.err", home / "bare.err"
        with app_log.open("w") as app_err, bare_log.open("w") as bare_err:
            app = subprocess.Popen(
                [sys.executable, "-m", "certhelper", "--tray", "--module", token["module"]],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=app_err,
            )
            bare = subprocess.Popen(
                [sys.executable, "-c", BARE_TRAY], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=bare_err
            )
            try:
                time.sleep(args.warmup)
                if app.poll() is not None or bare.poll() is not None:
                    print(
                        "a process ended during the warm-up:",
                        app_log.read_text(),
                        bare_log.read_text(),
                        file=sys.stderr,
                    )
                    return 2
                start = (tree_cpu(app.pid), tree_cpu(bare.pid), time.monotonic())
                time.sleep(args.seconds)
                end = (tree_cpu(app.pid), tree_cpu(bare.pid), time.monotonic())
            finally:
                for proc in (app, bare):
                    proc.terminate()
                    try:
                        proc.wait(10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
        app_cpu, bare_cpu, wall = end[0] - start[0], end[1] - start[1], end[2] - start[2]
        fallback = "window opens instead" in app_log.read_text()
    mode = "main window (no notification area on this platform)" if fallback else "tray icon"
    print(
        f"platform: {args.platform}; certhelper ran as: {mode}; measured {wall:.1f} s after {args.warmup:.0f} s warm-up"
    )
    print(f"certhelper --tray (app + scan worker): {app_cpu:.3f} CPU s = {100 * app_cpu / wall:.3f} % of one core")
    print(f"bare PySide6 tray icon:                {bare_cpu:.3f} CPU s = {100 * bare_cpu / wall:.3f} % of one core")
    ratio = app_cpu / max(bare_cpu, 1e-6)
    print(f"ratio: {ratio:.1f}x; targets: <= 1.5x and < 1 % of one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
