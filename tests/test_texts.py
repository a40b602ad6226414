"""Every user-facing text exists in both languages with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest

from lib.texts import LANGS, TEXTS, t

ROOT = Path(__file__).resolve().parents[1]


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LANGS)
    assert all(entry[lang].strip() for lang in LANGS)
    assert fields(entry["vi"]) == fields(entry["en"])


def test_every_key_used_in_code_exists() -> None:
    """Keys written literally in code (t("...")) must be defined; a typo would crash a page."""
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("lib/**/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys at all"
    assert used <= set(TEXTS), sorted(used - set(TEXTS))


def test_unknown_language_falls_back_to_vietnamese() -> None:
    assert t("page.overview", "fr") == "Tổng quan"
