"""Trust for what `assess` read, in three steps that overlap the reading: load the trust layer,
parse certificates as the reader started at launch hands them over (core.assessment.ahead), then
evaluate the snapshot."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certhelper.core.assessment.request import AssessRequest
    from certhelper.core.model import Snapshot
    from certhelper.core.trust.model import Trust


def load_trust() -> list[Any]:
    """Load the trust layer and its anchors: done while the modules are still being read."""
    from certhelper.core.trust import evaluate  # noqa: F401  # its libraries load now, not after the read
    from certhelper.core.trust.anchors import load_anchors

    return load_anchors()


def prepare(der_base64: str) -> None:
    """A certificate read, parsed for trust already (see core.trust.evaluate.prepare)."""
    from certhelper.core.trust.evaluate import prepare as prepare_trust

    prepare_trust(der_base64)


def trust_of(
    snapshot: Snapshot, request: AssessRequest, now: dt.datetime, anchors: list[Any] | None = None
) -> dict[str, Trust]:
    """Chain and revocation of the snapshot's holder certificates, as `request` asks (none: {})."""
    if not request.check_trust:
        return {}
    from certhelper.core.trust.evaluate import evaluate_trust

    return evaluate_trust(snapshot, request.catalogue, request.settings, now, offline=request.offline, anchors=anchors)
