"""Credentials never enter git: secrets files and service-account key files are ignored."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path",
    [
        ".streamlit/secrets.toml",
        "secrets.toml",
        "deploy/secrets.toml",
        "ihatinh-camxuyen-1a2b3c4d5e6f.json",  # the key file Google's console downloads
        "Downloads/key.json",
        ".env",
        "key.pem",
    ],
)
def test_credential_files_are_ignored(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the tests run in a git checkout (CI clones one)")
    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, check=False)
    assert done.returncode == 0, f"{path} is not ignored by .gitignore"


def test_the_example_secrets_file_stays_tracked() -> None:
    done = subprocess.run(["git", "ls-files", "--error-unmatch", ".streamlit/secrets.toml.example"], cwd=ROOT)
    assert done.returncode == 0
