"""What can go wrong, as typed outcomes: a stable code plus fields, never an English sentence.

Front-ends turn a code into a sentence in the reader's language (core.outputs.reasons, one table:
resources/i18n/reasons.toml). `detail` keeps the library's or driver's own text, for "Détails" in
the window and `--verbose` on the command line only. The JSON form is the dataclass's fields
(`code` stable, `detail` free text), the same in `status --json`, reports and the scan worker.
"""

from __future__ import annotations

from dataclasses import dataclass

# Why a PKCS#11 module could not be read.
MODULE_CODES = (
    "not-found",  # no file at that path
    "is-directory",  # a folder, not a library
    "unreadable-file",  # the file exists but cannot be opened (detail: the system's reason)
    "not-a-library",  # not a shared library at all (a text file, an image…)
    "not-pkcs11",  # a library, but loading it as PKCS#11 failed (detail: python-pkcs11's text)
    "crashed",  # the scanning child died on a signal (field: signal)
    "stopped",  # the scanning child exited without an answer (field: exit_code)
    "timed-out",  # no answer within `seconds`
    "hung",  # the app's scan worker stopped answering while in this module
    "left-out",  # the app stopped loading it after `crashes` crashes, until the user retries
    "scan-failed",  # the module failed while listing its slots (detail: the exception)
)

# Why a token could not be read completely.
TOKEN_CODES = (
    "token-removed",  # it went away during the reading
    "read-failed",  # the driver failed while reading its objects (detail: the exception)
)

# Why an object that should be a certificate could not be read (model.Unreadable.code).
OBJECT_CODES = (
    "empty",  # no value at all
    "wrong-type",  # a certificate object that is not X.509 (detail: the CKA_CERTIFICATE_TYPE)
    "truncated",  # the DER says it is longer than the bytes there are
    "not-x509",  # bytes that do not parse as an X.509 certificate (detail: the parser's text)
)


@dataclass(frozen=True)
class ModuleError:
    """Why a module could not be read (Module.error)."""

    code: str  # one of MODULE_CODES
    detail: str | None = None  # the library's or system's own text, for "Détails" / --verbose only
    signal: str | None = None  # "crashed": the signal's name, e.g. "SIGSEGV"
    exit_code: int | None = None  # "stopped"
    seconds: float | None = None  # "timed-out": the time allowed
    crashes: int | None = None  # "left-out": how many crashes it took


@dataclass(frozen=True)
class TokenError:
    """Why a token could not be read completely (Token.error)."""

    code: str  # one of TOKEN_CODES
    detail: str | None = None


class CerthelperError(Exception):
    """Base class: every error here carries the facts a front-end needs for its message."""


class ModuleLoadError(CerthelperError):
    """A module cannot be loaded; `error` is the typed outcome, `reason` an English line for logs."""

    def __init__(self, path: str, error: ModuleError) -> None:
        reason = error.code + (f" ({error.detail})" if error.detail else "")
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.error = error
        self.reason = reason


class CatalogueError(CerthelperError):
    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason
