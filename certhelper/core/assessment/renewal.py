"""The one renewal rule, as the assessment uses it (core.renewal; see there).

Defined at the bottom of the core so the reminder schedule and the guides (lower layers than the
assessment) use the very same rule; this module keeps the assessment's import path.
"""

from __future__ import annotations

from certhelper.core.renewal import Renewal, RenewalState, renewal_state

__all__ = ["Renewal", "RenewalState", "renewal_state"]
