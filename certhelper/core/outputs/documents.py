"""JSON documents printed by the CLI and embedded in reports (schemas in the README)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from certhelper import __version__
from certhelper.core.model import Snapshot

SCHEMA_VERSION = 1


def status_document(snapshot: Snapshot, now: dt.datetime) -> dict[str, Any]:
    """The snapshot as a dict, with each certificate's days_left at `now`."""
    doc = snapshot.to_dict()
    certs = {c.sha256: c for _, c in snapshot.certificates}
    for module in doc["modules"]:
        for token in module["tokens"]:
            for cert in token["certificates"]:
                cert["days_left"] = certs[cert["sha256"]].days_left(now)
    return {"schema": SCHEMA_VERSION, "app_version": __version__, **doc}
