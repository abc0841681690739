"""`make bench`: every side-by-side measurement, one after the other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["status_vs_bare.py", "scan_vs_bare.py", "hotplug.py", "idle_cpu.py"]

if __name__ == "__main__":
    failed = 0
    for script in SCRIPTS + [a for a in sys.argv[1:] if a.endswith(".py")]:
        print(f"== {script}", flush=True)
        failed |= subprocess.run([sys.executable, str(HERE / script)], check=False).returncode
    sys.exit(1 if failed else 0)
