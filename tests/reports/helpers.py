"""Helpers shared by the report tests: reading PDFs back, pinning the local zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

MARKUP_MEMO = "R&D <b>unclosed &"
GREEK_MEMO = "Διόρθωση σφαλμάτων στο API πληρωμών"
CYRILLIC_MEMO = "Исправление ошибок в модуле отчётов"


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as pypdf reads it back."""
    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The whole text of a PDF, lines joined with spaces collapsed into single spaces."""
    return " ".join(" ".join(pdf_pages(path)).split())


@contextmanager
def local_zone(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[None]:
    """Run with the system's local time zone set to `name` (e.g. "UTC", "Asia/Kolkata")."""
    monkeypatch.setenv("TZ", name)
    time.tzset()
    try:
        yield
    finally:
        monkeypatch.undo()
        time.tzset()
