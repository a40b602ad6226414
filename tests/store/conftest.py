"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is Debian's (`apt-get install postgresql`: /usr/lib/postgresql/15/bin),
started once per test session in a temporary folder on a Unix socket only (no TCP port), with
a new database per test. initdb and postgres refuse to run as root: as root they run as the
`postgres` user that Debian's package creates. Without the binaries the PostgreSQL half is
skipped with a reason; CI installs them and fails if any store test skipped (.ci/run).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
_databases = itertools.count(1)


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for this test session: the folder of its socket."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL is not installed ({PG_BIN}/initdb): apt-get install -y postgresql")
    base = Path(tempfile.mkdtemp(prefix="store-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    data = base / "data"
    subprocess.run(
        _as_owner(
            [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]
    started = subprocess.run(_as_owner(start), capture_output=True, text=True)
    if started.returncode:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {started.stdout}{started.stderr}{log}")
    try:
        yield str(base)
    finally:
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), check=False)
        shutil.rmtree(base, ignore_errors=True)


def new_database(socket_dir: str) -> str:
    """A new empty database on the server; its URL as `[store] url` would give it."""
    import psycopg

    name = f"store_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@/{name}?host={socket_dir}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store: a SQLite file URL, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'snapshots.sqlite3'}"
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def engine(store_url: str):
    from lib.store import open_store

    engine = open_store(store_url)
    yield engine
    engine.dispose()
