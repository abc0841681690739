"""What to assess (AssessRequest): light to import, so the command line can hand the reader started
at launch (core.assessment.ahead) its job before it loads the assessment's rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from certhelper.core.settings import SCAN_TIMEOUT_S

if TYPE_CHECKING:
    from certhelper.core.assessment.ahead import Reader
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
    # The reader the launcher started (core.assessment.ahead): it reads the one module, already loaded.
    reader: Reader | None = None

    def start_reading(self) -> None:
        """Hand the reader its job, once: the module, if there is one (several: each gets its own
        child in core.tokens.scan, and the reader ends)."""
        if self.reader is None or self.reader.submitted:
            return
        if len(self.candidates) == 1:
            self.reader.read(self.candidates[0].path)
        else:
            self.reader.decline()
