"""The errors the core raises; each front-end turns them into a message in one place."""

from __future__ import annotations


class CerthelperError(Exception):
    """Base class: every error here carries the facts a front-end needs for its message."""


class ModuleLoadError(CerthelperError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CatalogueError(CerthelperError):
    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason
