"""OCR in the importer's tests: ``tesseract`` needs Tesseract with its Vietnamese data (skipped without it —
a failure with CI=true, where ``.ci/test`` installs it: the ``ocr`` marker is among the suites CI requires),
``no_tesseract`` hides it from the PATH (what the report says then)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agenda.archive.importer.ocr import ocr_status
from tests.conftest import IN_CI


@pytest.fixture
def tesseract() -> None:
    status = ocr_status()
    if not status.available:
        if IN_CI:
            pytest.fail(f"Tesseract with Vietnamese is required in CI (.ci/test installs it): {status.en}")
        pytest.skip(status.en)


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ocr_status.cache_clear()
    yield
    ocr_status.cache_clear()
