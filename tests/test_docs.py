"""The documentation keeps up with the code: every config key and every workbook header is described.

docs/campaign.md must have a table row `| `key` | ...` for each key campaign.toml holds and for each
key `campaign_from_dict` reads (found by reading lib/campaign.py, so a new `.get("key")` without
documentation fails here). docs/workbook.md must name every tab and column of the contract.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import lib.campaign
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.contract import tab_specs

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN_DOC = ROOT / "docs" / "campaign.md"
WORKBOOK_DOC = ROOT / "docs" / "workbook.md"


def toml_keys(data: dict[str, Any]) -> set[str]:
    """Top-level keys, and the keys of every [[phases]], [groups.NAME] and [[targets]] table."""
    keys = set(data)
    for name in ("phases", "targets"):
        for item in data.get(name, []):
            keys |= set(item)
    for group in data.get("groups", {}).values():
        keys |= set(group)
    return keys


def code_keys() -> set[str]:
    """Keys `campaign_from_dict` reads: string literals it (or a helper it calls) passes to
    `.get(...)`, uses as a subscript, or hands to a helper as an argument (`_list(data, "phases")`)."""
    tree = ast.parse(Path(lib.campaign.__file__).read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    keys: set[str] = set()
    seen: set[str] = set()
    todo = ["campaign_from_dict"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(functions[name]):
            if isinstance(node, ast.Subscript) and _is_str(node.slice):
                keys.add(node.slice.value)
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "get" and node.args and _is_str(node.args[0]):
                    keys.add(node.args[0].value)
                elif isinstance(func, ast.Name) and func.id in functions:
                    todo.append(func.id)
                    keys |= {a.value for a in node.args if _is_str(a)}
    return keys


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def documented_keys() -> set[str]:
    """Keys that start a markdown table row as `key`."""
    text = CAMPAIGN_DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*`([^`]+)`\s*\|", text, flags=re.MULTILINE))


def test_code_key_extraction_sees_the_loader() -> None:
    """Guard against the AST walk silently finding nothing."""
    keys = code_keys()
    expected = {"tally_mode", "min_helpers_it", "phases", "groups", "targets", "name_en", "part_of", "percent"}
    assert expected <= keys, expected - keys


def test_every_campaign_toml_key_is_documented() -> None:
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    missing = toml_keys(data) - documented_keys()
    assert not missing, f"keys of campaign.toml not documented in docs/campaign.md: {sorted(missing)}"


def test_every_key_the_loader_reads_is_documented() -> None:
    missing = code_keys() - documented_keys()
    assert not missing, f"keys read by campaign_from_dict not documented in docs/campaign.md: {sorted(missing)}"


@pytest.fixture(scope="module")
def workbook_doc() -> str:
    return WORKBOOK_DOC.read_text(encoding="utf-8")


def test_every_tab_and_header_is_in_the_workbook_doc(workbook_doc: str) -> None:
    missing = []
    for spec in tab_specs(load_campaign()):
        missing += [spec.name] if spec.name not in workbook_doc else []
        missing += [f"{spec.name}: {c.header}" for c in spec.columns if c.header not in workbook_doc]
    assert not missing, f"not in docs/workbook.md: {missing}"


def test_every_alias_is_in_the_workbook_doc(workbook_doc: str) -> None:
    """The doc lists the other accepted names; a new alias in lib/contract.py belongs there too."""
    missing = []
    for spec in tab_specs(load_campaign()):
        missing += [f"tab {a}" for a in spec.aliases if f"`{a}`" not in workbook_doc]
        missing += [f"{spec.name}: {a}" for c in spec.columns for a in c.aliases if f"`{a}`" not in workbook_doc]
    assert not missing, f"aliases not in docs/workbook.md: {missing}"
