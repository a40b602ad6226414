"""The README's code map names every module of lib/ (issue #15: a newcomer finds where a
number is computed from the map alone), and architecture.md's table points at files that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _code_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Mã nguồn ở đâu", 1)[1].split("\n---\n", 1)[0]


def test_every_lib_module_is_in_the_readme_code_map() -> None:
    rows = _code_map().splitlines()
    missing = []
    for path in sorted((ROOT / "lib").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if path.name == "__init__.py":
            continue
        if path.parent.name == "lib":
            found = f"`{relative}`" in _code_map()
        else:  # a package's module: named in the package's row
            package = f"`{path.parent.relative_to(ROOT).as_posix()}/`"
            found = any(package in row and f"`{path.name}`" in row for row in rows)
        if not found:
            missing.append(relative)
    assert not missing, f"add to README.md's 'Mã nguồn ở đâu': {missing}"


def test_architecture_names_files_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(lib/[\w/]+(?:\.py|/))`", text))
    assert named and not [n for n in named if not (ROOT / n).exists()]
