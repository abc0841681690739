"""What to assess (AssessRequest): light to import, so the command line can hand it to the reader
started at launch (core.assessment.ahead) before it loads the assessment's rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from certhelper.core.assessment.ahead import Reader, ReadJob
from certhelper.core.settings import SCAN_TIMEOUT_S

if TYPE_CHECKING:
    import datetime as dt

    from certhelper.core.guidance.catalogue import Catalogue
    from certhelper.core.settings import Settings
    from certhelper.core.tokens.discovery import Candidate


@dataclass(frozen=True)
class AssessRequest:
    """What to assess: front-ends map their options (or the window's state) to this, nothing more."""

    candidates: Sequence[Candidate]
    catalogue: Catalogue
    settings: Settings
    timeout: float = SCAN_TIMEOUT_S  # seconds per module
    sysroot: str | None = None  # CERTHELPER_SYSROOT: a workstation laid out in a folder (support, tests)
    offline: bool = False  # no network for trust (also CERTHELPER_OFFLINE=1 or the `offline` setting)
    check_trust: bool = True  # chain and revocation; False skips core.trust entirely (not-checked)
    # The reader the launcher started (core.assessment.ahead): it reads and checks trust, already loaded.
    reader: Reader | None = None

    def job(self, now: dt.datetime) -> ReadJob:
        """What the reader is asked: this request (without the reader) as of `now`."""
        import logging

        return ReadJob(dataclasses.replace(self, reader=None), now, logging.getLogger().getEffectiveLevel())
