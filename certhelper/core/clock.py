"""The current time, for every front-end: CERTHELPER_NOW (ISO 8601) pins it, for support reproductions and tests."""

from __future__ import annotations

import datetime as dt
import os


def now_utc() -> dt.datetime:
    pinned = os.environ.get("CERTHELPER_NOW")
    if pinned:
        value = dt.datetime.fromisoformat(pinned.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)
