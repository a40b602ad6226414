"""Every user-facing text exists in both languages with the same placeholders."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from string import Formatter
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from lib.campaign import CampaignError, campaign_from_dict
from lib.errors import SourceError
from lib.texts import LANGS, TEXTS, merge, t

ROOT = Path(__file__).resolve().parents[2]


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


# ------------------------------------------------------------------ the catalogue as a package

TEXT_MODULES = sorted((ROOT / "lib" / "texts").glob("*.py"))


def test_every_catalogue_module_is_small_and_says_its_subject() -> None:
    assert len(TEXT_MODULES) > 5
    for path in TEXT_MODULES:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path.name


def test_no_key_written_twice_in_one_module() -> None:
    """Python keeps the last of two equal keys in a dict literal without a word: the ast sees both."""
    for path in TEXT_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                assert len(keys) == len(set(keys)), (path.name, [k for k in keys if keys.count(k) > 1])


def test_a_key_in_two_modules_is_an_error() -> None:
    first = SimpleNamespace(__name__="lib.texts.one", TEXTS={"page.overview": {"vi": "a", "en": "a"}})
    second = SimpleNamespace(__name__="lib.texts.two", TEXTS={"page.overview": {"vi": "b", "en": "b"}})
    with pytest.raises(ValueError, match=r"'page\.overview'.*lib\.texts\.one.*lib\.texts\.two"):
        merge(first, second)


def test_a_key_in_two_modules_stops_the_import(monkeypatch: pytest.MonkeyPatch) -> None:
    import lib.texts
    from lib.texts import cli

    monkeypatch.setattr(cli, "TEXTS", {**cli.TEXTS, "page.overview": {"vi": "Tổng quan", "en": "Overview"}})
    try:
        with pytest.raises(ValueError, match=r"page\.overview"):
            importlib.reload(lib.texts)
    finally:
        monkeypatch.undo()
        importlib.reload(lib.texts)
    assert lib.texts.TEXTS.keys() == TEXTS.keys()


def test_error_keys_written_in_code_exist() -> None:
    """Errors carry a texts key (CampaignError("campaign.no_phases"), FileError("file.rows", …))."""
    pattern = re.compile(r"""\b[A-Z][A-Za-z]*Error\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    used = set()
    for path in ROOT.glob("lib/**/*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert {"campaign.no_phases", "file.rows", "cli.secrets_no_sheet"} <= used
    assert used <= set(TEXTS), sorted(used - set(TEXTS))


# ------------------------------------------------------ no user-facing words outside the catalogue

VIETNAMESE = re.compile(r"[À-ỹĐđƠơƯư]")  # the letters with diacritics; plain ASCII says nothing
WORDLESS = [
    "lib/__main__.py",
    "lib/bulletin.py",
    "lib/campaign.py",
    "lib/errors.py",
    "lib/reports/content.py",
    "lib/sources/files.py",
    "lib/store/cli.py",
]
NOT_MESSAGES = {("lib/campaign.py", "…/BC-BCĐ")}  # the report's default document number, not a message


def vietnamese_literals(path: Path) -> list[str]:
    """String literals with Vietnamese letters, docstrings left out (comments are not in the ast)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and VIETNAMESE.search(node.value)
    ]


def test_the_scan_sees_vietnamese_literals() -> None:
    assert vietnamese_literals(ROOT / "lib" / "texts" / "issues.py")


@pytest.mark.parametrize("name", WORDLESS)
def test_no_vietnamese_message_outside_the_catalogue(name: str) -> None:
    found = [s for s in vietnamese_literals(ROOT / name) if (name, s) not in NOT_MESSAGES]
    assert not found, found


def test_campaign_errors_speak_the_viewers_language() -> None:
    with pytest.raises(CampaignError) as caught:
        campaign_from_dict({"phases": []})
    assert str(caught.value) == "campaign.toml: cần ít nhất một đợt ([[phases]])."
    assert caught.value.message("en") == "campaign.toml: at least one phase ([[phases]]) is needed."


def test_source_errors_speak_the_viewers_language() -> None:
    error = SourceError("cli.secrets_no_sheet", path="s.toml")
    assert str(error) == "Tệp s.toml không có mục [connections.gsheets] với khóa 'spreadsheet'."
    assert error.message("en") == "File s.toml has no [connections.gsheets] section with the key 'spreadsheet'."


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_app")
def test_an_english_viewer_reads_a_refused_upload_in_english() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    at.session_state["f_lang"] = True
    at.session_state["upload"] = ("hong.xlsx", b"not a workbook at all")
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "File hong.xlsx is not a readable Excel .xlsx file (BadZipFile)" in errors, errors
    assert not VIETNAMESE.search(errors), errors
