"""Where the shipped data (resources/, ui/) and the user's files live.

From a source checkout the data sits beside the package; from a wheel it is installed inside it
as certhelper/resources and certhelper/ui (see pyproject.toml).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "certhelper"
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    checkout = _PACKAGE.parent / name
    return checkout if checkout.is_dir() else _PACKAGE / name


def resources_dir() -> Path:
    return _shipped("resources")


def ui_dir() -> Path:
    return _shipped("ui")


def catalogue_dir() -> Path:
    return resources_dir() / "catalogue"


def override_dirs() -> list[Path]:
    """Administrator overrides of the catalogue: system config dirs first, then the user's."""
    import platformdirs

    system = platformdirs.site_config_dir(APP_NAME, appauthor=False, multipath=True)
    dirs = [Path(p) / "catalogue" for p in reversed(system.split(os.pathsep))]
    dirs.append(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "catalogue")
    return dirs


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
