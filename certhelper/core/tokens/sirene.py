"""SIREN and SIRET numbers as certificates write them: `OU=0002 <n>`, or organizationIdentifier
`NTRFR-<n>`, `VATFR-kk<SIREN>` or `<n>` (the facts sheet); each checked by its own rule."""

from __future__ import annotations

import re

# re.ASCII: \d would also take Arabic-Indic or full-width digits, giving a SIREN no register knows (found by fuzzing).
_OU_SIRENE = re.compile(r"^0002\s*(\d{9}|\d{14})$", re.ASCII)
_ORG_ID = re.compile(r"^NTRFR-(\d{9}|\d{14})$", re.ASCII)
_VAT_ID = re.compile(r"^VATFR-(\d{2})(\d{9})$", re.ASCII)  # VATFR-kk<SIREN>: a 2-digit key, then the SIREN
_BARE = re.compile(r"^(\d{9}|\d{14})$", re.ASCII)  # a bare SIREN or SIRET in organizationIdentifier
LA_POSTE_SIREN = "356000000"  # La Poste's SIRETs fail Luhn: valid when their digit sum is a multiple of 5


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by SIREN and SIRET numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_ok(siret: str) -> bool:
    """A SIRET's check: Luhn, except La Poste's (SIREN 356000000), whose digit sum is a multiple of 5."""
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret)


def vat_key(siren: str) -> str:
    """The 2-digit key of a French VAT number FRkk<SIREN>."""
    return f"{(12 + 3 * (int(siren) % 97)) % 97:02d}"


def _number(value: str, *, org_id: bool) -> str | None:
    value = value.strip()
    match = _OU_SIRENE.match(value)
    if org_id:
        match = _ORG_ID.match(value) or _BARE.match(value)
        vat = _VAT_ID.match(value)
        if vat and vat_key(vat.group(2)) == vat.group(1):
            return vat.group(2)
    return match.group(1) if match else None


def sirene_numbers(ou_values: list[str], org_ids: list[str]) -> tuple[str | None, str | None]:
    """(SIREN, SIRET) from `OU=0002 <n>` or organizationIdentifier `NTRFR-<n>`, `VATFR-kk<SIREN>`, `<n>`.

    A SIRET (14 digits) also gives its SIREN (its first 9); numbers failing their check (Luhn; La
    Poste's rule for its SIRETs; the VAT key) are ignored.
    """
    siren: str | None = None
    siret: str | None = None
    candidates = [(v, False) for v in ou_values] + [(v, True) for v in org_ids]
    for value, org_id in candidates:
        number = _number(value, org_id=org_id)
        if number is None:
            continue
        if len(number) == 14 and siret_ok(number) and luhn_ok(number[:9]) and siret is None:
            if siren in (None, number[:9]):
                siret, siren = number, number[:9]
        elif len(number) == 9 and luhn_ok(number) and siren is None:
            siren = number
    return siren, siret
