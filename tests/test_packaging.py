"""ui/ and resources/ ship inside the wheel and are found from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import ROOT


def test_wheel_carries_resources_and_finds_them_once_installed(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("certhelper-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "certhelper/resources/catalogue/drivers.toml" in names
    assert "certhelper/resources/i18n/cli/status.toml" in names
    assert any(n.startswith("certhelper/ui/") for n in names) or not list((ROOT / "ui").glob("*.ui"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True
    )
    probe = (
        "import certhelper.paths as p, certhelper.core.guidance.catalogue as c; "
        "print(p.catalogue_dir()); print(c.load(extra_dirs=[]).providers['chambersign']['phone'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        check=True,
    ).stdout.splitlines()
    assert out[0] == str(target / "certhelper" / "resources" / "catalogue")
    assert out[1] == "0 892 230 252"
