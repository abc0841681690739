"""The one place Qt Designer forms (ui/*.ui) are loaded, with typed look-ups of their children."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from certhelper.paths import ui_dir

T = TypeVar("T", bound=QObject)


class FormError(RuntimeError):
    """A form is missing or lacks a widget the code needs: a packaging bug, not a user error."""


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Load ui/<name>.ui; its texts are translated by the installed QTranslator (context = form class)."""
    path = ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FormError(f"cannot open {path}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise FormError(f"cannot load {path}")
    return widget


def child(form: QObject, kind: type[T], name: str) -> T:
    found = form.findChild(kind, name)
    if found is None:
        raise FormError(f"form {form.objectName()!r} has no {kind.__name__} named {name!r}")
    return found
