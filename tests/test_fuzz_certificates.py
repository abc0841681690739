"""Malformed certificates: mutated DER through the certificate reader, and broken values on a token.

The reader may only ever raise UnreadableCertificate (with a reason a person can read); anything
else would stop a scan. The mutations are deterministic (fixed seed, fixed number of cases); the
seed certificates are made fresh each run, so a failure prints the exact bytes to replay it.
Well-signed certificates with hostile content, built by Hypothesis, are in test_fuzz_hostile_certificates.py.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from certhelper.core.errors import OBJECT_CODES
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.tokens.certificates import ParsedCertificate, parse_certificate
from certhelper.core.tokens.x509_fields import UnreadableCertificate
from certhelper.demo.chain import chambersign_like_chain, holder_certificate, rsa_key
from tests.helpers import MAIN_TOKEN, SIREN, Store, build_store, run_cli_in_process

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault, reliability_numbers

SEED = 20240611
BYTE_CASES = 10000  # mutated DER, per run
NOW = dt.datetime(2025, 1, 15, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seeds() -> list[bytes]:
    """Real DER certificates of every shape the app meets: roots, CAs, RSA and EC holders."""
    root, issuing = chambersign_like_chain(NOW)
    common = dict(organisation="Commune de Plérin", siren=SIREN, not_before=NOW - dt.timedelta(days=30))
    holders = [
        holder_certificate(
            issuing,
            rsa_key(2048).public_key(),
            given_name="Hélène",
            surname="Le Goff",
            not_after=NOW + dt.timedelta(days=900),
            email="helene@example.fr",
            **common,
        ),
        holder_certificate(
            issuing,
            ec.generate_private_key(ec.SECP256R1()).public_key(),
            given_name="Gaël",
            surname="Tanguy",
            not_after=NOW + dt.timedelta(days=15),
            qualified=False,
            **common,
        ),
    ]
    return [c.public_bytes(Encoding.DER) for c in (root.certificate, issuing.certificate, *holders)]


def tlv_nodes(der: bytes) -> list[tuple[int, int, int]]:
    """(start, header length, content length) of every DER element, nested ones included."""
    nodes: list[tuple[int, int, int]] = []

    def walk(start: int, end: int, depth: int) -> None:
        pos = start
        while pos + 2 <= end and depth < 12:
            tag, first = der[pos], der[pos + 1]
            header, length = 2, first
            if first & 0x80:
                count = first & 0x7F
                if not 0 < count <= 4 or pos + 2 + count > end:
                    return
                length = int.from_bytes(der[pos + 2 : pos + 2 + count], "big")
                header += count
            if pos + header + length > end:
                return
            nodes.append((pos, header, length))
            if tag & 0x20:
                walk(pos + header, pos + header + length, depth + 1)
            pos += header + length

    walk(0, len(der), 0)
    return nodes


INTERESTING = (0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF, 0x30, 0x06, 0x05)


def mutate(der: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One mutation of `der`: (its name, the mutated bytes)."""
    data = bytearray(der)
    kind = rng.choice(
        ("bitflip", "bytes", "truncate", "delete", "insert", "duplicate", "tag", "length", "content", "swap", "splice")
    )
    nodes = tlv_nodes(der)
    if kind == "bitflip":
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "bytes":
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(INTERESTING)
    elif kind == "truncate":
        del data[rng.randrange(len(data)) :]
    elif kind == "delete":
        at = rng.randrange(len(data))
        del data[at : at + rng.randint(1, 64)]
    elif kind == "insert":
        at = rng.randrange(len(data))
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    elif kind == "duplicate":
        at = rng.randrange(len(data))
        data[at:at] = data[at : at + rng.randint(1, 256)]
    elif kind == "tag":
        start, _, _ = rng.choice(nodes)
        data[start] = rng.choice((*INTERESTING, 0x02, 0x03, 0x04, 0x0C, 0x13, 0x17, 0x18, 0xA0, 0xA3, 0x31))
    elif kind == "length":
        start, header, length = rng.choice(nodes)
        new = rng.choice((0, 1, max(length - 1, 0), length + 1, 0x7F, 0xFFFF, 0xFFFFFFFF, rng.randrange(1 << 16)))
        encoded = bytes([new]) if new < 0x80 else bytes([0x84]) + new.to_bytes(4, "big")
        if rng.random() < 0.1:
            encoded = b"\x80"  # indefinite length: BER, not DER
        data[start + 1 : start + header] = encoded
    elif kind == "content":  # same length, random content: the structure around it still parses
        start, header, length = rng.choice(nodes)
        body = start + header
        data[body : body + length] = bytes(rng.randrange(256) for _ in range(length))
    elif kind == "swap":
        (a, ah, al), (b, bh, bl) = sorted(rng.sample(nodes, 2))
        if a + ah + al <= b:
            first, second = bytes(data[a : a + ah + al]), bytes(data[b : b + bh + bl])
            data[b : b + bh + bl] = first
            data[a : a + ah + al] = second
    else:  # splice the front of this certificate onto a random tail
        at = rng.randrange(len(data))
        data[at:] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    return kind, bytes(data)


def run_cases(cases: Iterator[tuple[str, bytes]], numbers: Counter[str]) -> tuple[Counter[str], list[str]]:
    """Feed every case to parse_certificate; return outcome counts and the cases that escaped."""
    catalogue = catalogue_mod.load()
    outcomes: Counter[str] = Counter()
    escaped: list[str] = []
    for n, (kind, der) in enumerate(cases):
        try:
            result = parse_certificate(der, catalogue)
            assert isinstance(result, ParsedCertificate)
            outcomes["read"] += 1
        except UnreadableCertificate as exc:
            assert exc.code in OBJECT_CODES, f"case {n} ({kind}): code {exc.code!r}"
            outcomes["unreadable"] += 1
        except Exception as exc:  # the bug this test exists to catch
            escaped.append(f"case {n} ({kind}): {type(exc).__name__}: {exc!s:.200} -- der {der.hex()[:400]}")
        outcomes[kind] += 1
    numbers["certificate fuzz cases"] += sum(outcomes[k] for k in ("read", "unreadable")) + len(escaped)
    return outcomes, escaped


def test_mutated_der_never_escapes_as_anything_but_unreadable(seeds: list[bytes], reliability_numbers) -> None:
    rng = random.Random(SEED)
    cases = ((lambda der: mutate(der, rng))(rng.choice(seeds)) for _ in range(BYTE_CASES))
    outcomes, escaped = run_cases(cases, reliability_numbers)
    assert escaped == [], "\n".join(escaped[:5])
    assert outcomes["read"] + outcomes["unreadable"] == BYTE_CASES
    # The mutations reach both sides: most break the certificate, some survive (e.g. in the signature).
    assert outcomes["unreadable"] > BYTE_CASES // 2 and outcomes["read"] > 20
    assert all(outcomes[k] > 100 for k in ("bitflip", "truncate", "length", "content", "swap"))


def test_the_seed_certificates_themselves_are_read(seeds: list[bytes]) -> None:
    catalogue = catalogue_mod.load()
    parsed = [parse_certificate(der, catalogue) for der in seeds]
    assert [p.is_ca for p in parsed] == [True, True, False, False]
    assert parsed[2].siren == SIREN and parsed[2].assurance == "RGS**"


# ---- through a token ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mutant_store(seeds: list[bytes], tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, bool]]:
    """A real SoftHSM2 token holding 40 mutated certificates and one good holder; id -> parses?"""
    rng = random.Random(SEED + 2)
    catalogue = catalogue_mod.load()
    objects: list[dict[str, object]] = [MAIN_TOKEN["objects"][0]]  # id 01, a good holder with its key
    expected: dict[str, bool] = {"01": True}
    readable = 0
    while len(expected) < 41:
        _, der = mutate(rng.choice(seeds), rng)
        try:
            parse_certificate(der, catalogue)
            ok = True
        except UnreadableCertificate:
            ok = False
        if (ok and readable >= 5) or not der:
            continue  # mostly broken ones; a few that still read; none empty (SoftHSM2 refuses those)
        readable += ok
        object_id = f"{0x40 + len(expected):02x}"
        objects.append({"kind": "garbage", "id": object_id, "label": f"mutant {object_id}", "value_hex": der.hex()})
        expected[object_id] = ok
    store = build_store(tmp_path_factory.mktemp("mutants"), [{"label": "Mutants", "objects": objects}])
    return store, expected


def test_mutated_certificates_on_a_token_are_listed_unreadable_and_the_rest_read(mutant_store) -> None:
    store, expected = mutant_store
    proc = run_cli_in_process("status", "--json", "--module", store.module, env=store.env)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr  # never "all fine" (the verdict decides 1 or 2)
    [token] = json.loads(proc.stdout)["modules"][0]["tokens"]
    assert token["error"] is None
    assert {c["id"] for c in token["certificates"]} == {i for i, ok in expected.items() if ok}
    assert {u["id"] for u in token["unreadable"]} == {i for i, ok in expected.items() if not ok}
    assert all(u["code"] in OBJECT_CODES for u in token["unreadable"])


@pytest.mark.parametrize("mode", ["truncate", "garbage", "huge", "empty"])
def test_a_driver_handing_out_broken_values_gets_them_reported_unreadable(
    mode: str, main_store: Store, make_fault: Callable
) -> None:
    fault = make_fault(main_store)
    fault.configure(cert_mutate=f"01:{mode},03:{mode}", huge_bytes=16 * 1024 * 1024)
    proc = run_cli_in_process("status", "--json", "--module", fault.path, env=fault.env)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr  # never "all fine" (the verdict decides 1 or 2)
    [token] = json.loads(proc.stdout)["modules"][0]["tokens"]
    assert token["error"] is None
    assert {c["id"] for c in token["certificates"]} == {"02", "0b"}  # the untouched ones
    unreadable = {u["id"]: u["code"] for u in token["unreadable"]}
    assert set(unreadable) == {"01", "03", "0a"}  # 0a is the token's own garbage object
    if mode == "empty":
        assert unreadable["01"] == "empty"
    assert any(line.startswith(f"fault cert-{mode}") for line in fault.faults())
