"""nginx + N replicas of the app + PostgreSQL on one machine, in one command.

    python deploy/start.py                          # 2 replicas behind http://127.0.0.1:8080
    python deploy/start.py --replicas 4 --port 8080 --secrets .streamlit/secrets.toml
    python deploy/start.py --store postgresql://user:pass@db/ihatinh   # an existing PostgreSQL

Needs Debian's `nginx` and, without --store, `postgresql` (apt-get install nginx postgresql);
the README's one-process command needs neither. What it starts, in deploy/var/ (git ignores it):

- PostgreSQL 15 on a Unix socket in var/pg (no TCP port), unless --store names a server: the
  snapshot store, where the replicas also share each read of the sheet (lib/store/shared_reads.py);
- N `streamlit run app.py` on 127.0.0.1, ports PORT+1 … PORT+N, with one cookie secret (a
  viewer moved to another replica keeps its sign-in and upload tokens) and the same secrets,
  each warmed (its script run once, `warm`) before nginx starts: the first viewer after a
  start waits no longer than the next;
- nginx on PORT with deploy/nginx.conf filled in: WebSocket upgrade, sticky sessions by a
  cookie, the frontend precompressed and cached for a year, passive health checks.

Ctrl-C (or SIGTERM) stops everything it started. The functions are also what the tests of
tests/deploy/ start their servers with, so the tested set-up is the documented one.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
WARM_OPTION = ("--server.scriptHealthCheckEnabled", "true")  # what warm() needs; nginx keeps it from the public
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
COMPRESSED = (".js", ".css", ".json", ".svg", ".html", ".map", ".txt", ".ttf", ".woff")


@dataclass
class Running:
    """What was started, in the order it must be stopped (last first)."""

    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)
    stops: list = field(default_factory=list)

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for stop in reversed(self.stops):
            stop()


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_postgres(folder: Path, database: str = "ihatinh") -> tuple[str, Callable[[], None]]:
    """A PostgreSQL server of its own in `folder` (a Unix socket there, no TCP port) with one
    empty database; its URL as `[store] url` takes it, and the function that stops it."""
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(f"PostgreSQL is not installed ({PG_BIN}/initdb): apt-get install -y postgresql")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    if not (data / "PG_VERSION").exists():
        initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        made = subprocess.run(_as_postgres(initdb), capture_output=True, text=True)
        if made.returncode:  # as root: every folder above `folder` must let `postgres` through
            raise RuntimeError(f"initdb failed in {folder}: {made.stderr.strip()[-1000:]}")
    options = f"-k {folder} -c listen_addresses='' -c max_connections=200"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    started = subprocess.run(_as_postgres(start), capture_output=True, text=True)
    if started.returncode:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stdout}{started.stderr}{log[-2000:]}")

    def stop() -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), check=False,
                       capture_output=True)  # fmt: skip

    import psycopg

    with psycopg.connect(host=str(folder), user="postgres", dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    return f"postgresql://postgres@/{database}?host={folder}", stop


def start_replica(port: int, store_url: str, cookie_secret: str, secrets_file: Path | None, log: Path,
                  env: dict[str, str] | None = None) -> subprocess.Popen:  # fmt: skip
    """One `streamlit run app.py` on 127.0.0.1:`port` (not reachable but through nginx)."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        *WARM_OPTION,
    ]  # fmt: skip
    if secrets_file is not None:
        command += ["--secrets.files", str(secrets_file)]
    # The cookie secret only through the environment: Streamlit refuses it on the command line.
    environment = {**os.environ, **(env or {}), "IHATINH_STORE_URL": store_url,
                   "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)


def precompress_frontend(target: Path) -> Path:
    """A copy of Streamlit's frontend files (its /static/ folder) with a .gz of each text file
    beside it, for nginx's gzip_static: compressed once at level 9, not on every first visit."""
    import streamlit

    source = Path(streamlit.__file__).parent / "static" / "static"
    stamp = target / ".streamlit-version"
    if stamp.exists() and stamp.read_text() == streamlit.__version__:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target / "static")
    for file in (target / "static").rglob("*"):
        if file.is_file() and file.suffix in COMPRESSED and file.stat().st_size > 1024:
            with file.open("rb") as raw, gzip.open(f"{file}.gz", "wb", compresslevel=9) as packed:
                shutil.copyfileobj(raw, packed)
    stamp.write_text(streamlit.__version__)
    return target


def nginx_conf(port: int, replica_ports: list[int], var: Path, static: Path) -> str:
    """deploy/nginx.conf filled in."""
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports)
    text = (HERE / "nginx.conf").read_text(encoding="utf-8")
    for name, value in {"port": port, "var": var, "static": static, "upstreams": upstreams}.items():
        text = text.replace("${" + name + "}", str(value))  # nginx's own $variables stay as they are
    if os.geteuid() == 0:  # nginx's workers then run as Debian's www-data, not as root
        text = "user www-data;\n" + text
    return text


def start_nginx(port: int, replica_ports: list[int], var: Path) -> subprocess.Popen:
    """nginx in the foreground (`daemon off`), its files in `var`."""
    if not Path(NGINX).exists():
        raise SystemExit(f"nginx is not installed ({NGINX}): apt-get install -y nginx")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (var / "tmp" / name).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(var / "tmp" / name, "www-data")
    static = precompress_frontend(var / "www")
    conf = var / "nginx.conf"
    conf.write_text(nginx_conf(port, replica_ports, var, static), encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(var), "-c", str(conf)], capture_output=True, text=True)
    if test.returncode:
        raise RuntimeError(f"nginx refused its configuration:\n{test.stderr}")
    log = (var / "nginx.out").open("ab")
    return subprocess.Popen([NGINX, "-p", str(var), "-c", str(conf), "-g", "daemon off;"], stdout=log, stderr=log)


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    """Until `url`/_stcore/health answers 200 (or the process died, or time ran out)."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            if reply.status == 200:
                return
        if process.poll() is not None:
            raise RuntimeError(f"{url} stopped before it was ready (exit {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} not ready after {seconds:.0f} s")
        time.sleep(0.3)


def warm(url: str, seconds: float = 120) -> None:
    """Run the app's script once in a throwaway session (Streamlit's script health check), so the
    first viewer after a start finds the imports done, the sheet read and the overview's figures
    in the caches, as the second one would. The server must run with WARM_OPTION
    (start_replica's). `streamlit run` has no start-up
    hook of its own: this is the launcher's job, done before nginx routes anyone to the replica.

    A warm-up that fails or times out (Streamlit gives the run 60 s; a slow sheet) is said on
    stderr: a cold replica still serves, only its first viewer waits longer."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=seconds) as reply:
            body = reply.read().decode(errors="replace").strip()
    except OSError as exc:  # HTTPError (Streamlit's 503 "timeout"), URLError and timeouts are OSErrors
        body = getattr(exc, "reason", None) or type(exc).__name__
    if body != "ok":
        print(f"{url}: warm-up run did not finish ({str(body)[:200]}); started cold", file=sys.stderr)


def stop(process: subprocess.Popen) -> None:
    """Ask a process to end; kill it if it has not after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextlib.contextmanager
def serving(command: list[str], url: str, log: Path, cwd: Path = ROOT, env: dict[str, str] | None = None,
            seconds: float = 60) -> Iterator[subprocess.Popen]:  # fmt: skip
    """One Streamlit server (the tests', a benchmark's): started with its output in `log`, given
    once `url` answers its health check (else RuntimeError with the log's end), stopped after."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_healthy(url, process, seconds)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}:\n{log.read_text(errors='replace')[-3000:]}") from None
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def deployment(var: Path, port: int, replicas: int, secrets_file: Path | None = None, store_url: str | None = None,
               env: dict[str, str] | None = None) -> Iterator[tuple[str, Running, list[int]]]:  # fmt: skip
    """Everything started and healthy: (nginx's URL, what runs, the replicas' ports)."""
    var.mkdir(parents=True, exist_ok=True)
    running = Running()
    try:
        if store_url is None:
            store_url, stop = start_postgres(var / "pg")
            running.stops.append(stop)
        cookie_secret = secrets.token_hex(32)  # one for all: a viewer moved to another replica stays signed in
        ports = [port + 1 + i for i in range(replicas)]
        for p in ports:
            process = start_replica(p, store_url, cookie_secret, secrets_file, var / f"replica-{p}.log", env)
            running.processes.append((f"replica {p}", process))
        for (_, process), p in zip(running.processes, ports, strict=True):
            wait_healthy(f"http://127.0.0.1:{p}", process)
        for p in ports:  # one after the other: each uses a core for a few seconds
            warm(f"http://127.0.0.1:{p}")
        nginx = start_nginx(port, ports, var)
        running.processes.append(("nginx", nginx))
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, nginx, 20)
        yield url, running, ports
    finally:
        running.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port; replicas use the next ones")
    parser.add_argument("--secrets", type=Path, default=ROOT / ".streamlit" / "secrets.toml")
    parser.add_argument("--store", help="a postgresql:// URL; none: a PostgreSQL of its own in deploy/var/pg")
    parser.add_argument("--var", type=Path, default=HERE / "var")
    args = parser.parse_args(argv)
    secrets_file = args.secrets if args.secrets.exists() else None
    signal.signal(signal.SIGTERM, _interrupt)
    with deployment(args.var.resolve(), args.port, args.replicas, secrets_file, args.store) as (url, running, ports):
        print(f"{url}  (nginx → {len(ports)} replicas on ports {ports[0]}–{ports[-1]}; logs in {args.var})", flush=True)
        told: set[str] = set()
        try:
            while running.processes[-1][1].poll() is None:  # as long as nginx runs
                for name, process in running.processes:
                    if process.poll() is not None and name not in told:  # nginx sends its viewers elsewhere
                        print(f"{name} stopped (exit {process.returncode}); the others serve", file=sys.stderr)
                        told.add(name)
                time.sleep(1)
            return 1
        except KeyboardInterrupt:
            return 0


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
