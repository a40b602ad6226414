"""Hostile files: what one uploaded (or --source) file may cost the server (issue #13).

    python bench/hostile.py                 # every file at full size, ~6 min with generation
    python bench/hostile.py --only wide corrupt_xml
    python bench/hostile.py --smoke         # small files against caps lowered to match (CI; seconds)
    python bench/hostile.py --campaign other.toml   # against that campaign's [limits]

Each file is GENERATED in a temporary directory (never committed), then read by
`lib.sources.files.read_bytes` in a fresh Python process with its address space limited
(`--memory-gb`, default 3: a file that would take the machine down fails with MemoryError there
instead) and a wall-clock timeout (`--timeout`, default 300 s). Per file: the outcome (read: tabs
and cells; refused: the message; error: the exception a viewer would have met), wall and CPU time
of the read, and the process's peak resident memory (VmHWM, as bench/cold_load.py measures it:
interpreter, libraries and the file's bytes included; "base" is that before the read).

The files:
  declared_dimension  66 KB-class .xlsx: a small Thon tab whose sheet declares A1:XFD1048576 and
                      holds one far cell at XFD1048576 (openpyxl's read-only mode pads every row
                      to the declared width)
  shared_strings_2m   a small Thon tab plus 2.000.000 distinct shared strings nothing uses
  zip_bomb            one sheet of 1 GiB of identical rows deflated to about 1 MB (ratio ~1000)
  rows_1048576        the province workbook (tests/generators.py) whose DanhSach tab has 1.048.576 rows
                      x 9 columns, as Excel saves it (shared strings, dates as styled serials):
                      the largest real file the app must still read
  rows_csv            the same province's DanhSach tab alone as a .csv: 1.000.001 rows x 9 (85 MB)
  wide                64 rows x 16.384 columns of numbers
  corrupt_xml         the bundled sample with one worksheet's XML cut off in the middle of a row
  utf16_csv           the Thon tab as Excel's "Unicode Text": UTF-16 with BOM, tab separated
  cp1258_csv          the Thon tab as a Windows-1258 (Vietnamese ANSI) .csv

Each read uses the caps of campaign.toml's [limits] (`--campaign`, default the project's), as the
app and the CLI do. With --smoke the same kinds of file are made small and read against caps
lowered from those so each still meets (or stays under) the cap it tests; it fails only on a
crash: an exception that is not the app's own SourceError, or a killed process.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL_READ_S, GOAL_READ_MB, GOAL_REFUSE_S = 10.0, 1024.0, 2.0
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DATE_STYLE = 1  # cellXfs index of the dd/mm/yyyy style below
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
SERIAL_EPOCH = dt.date(1899, 12, 30)


# ------------------------------------------------------------------------------ writing


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Strings:
    """A shared-string table filled as cells are written (as Excel saves text)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))


def sheet_xml(rows: Iterable[list], strings: Strings, dimension: str | None = None, tail: str = "") -> Iterator[bytes]:
    """A worksheet's XML in pieces: text through `strings`, dates as styled serials, numbers
    as numbers, empty cells left out; `tail` is raw XML placed after the last row. The sheet
    declares its size as Excel does (`dimension`, by default that of `rows` when it is a list)."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
    if dimension is None and isinstance(rows, list) and rows:
        dimension = f"A1:{column_letters(max(1, *map(len, rows)))}{len(rows)}"
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    yield (head + "<sheetData>").encode()
    out: list[str] = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            ref = f"{column_letters(c)}{r}"
            if isinstance(value, str):
                cells.append(f'<c r="{ref}" t="s"><v>{strings(value)}</v></c>')
            elif isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - SERIAL_EPOCH).days}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(out) >= 4096:
            yield "".join(out).encode()
            out.clear()
    yield ("".join(out) + tail + "</sheetData></worksheet>").encode()


def write_xlsx(path: Path, sheets: dict[str, Callable[[Strings], Iterable[bytes]]],
               extra_strings: Iterable[str] = (), level: int = 6) -> None:  # fmt: skip
    """A minimal .xlsx as Excel lays it out (workbook, rels, styles, shared strings); each
    sheet's XML comes from a function of the string table, streamed into the zip."""
    strings = Strings()
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}"
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        tabs = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{NS}" xmlns:r="{REL}">'
            f"<sheets>{tabs}</sheets></workbook>",
        )
        k = len(names)
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, k + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">{rels}'
            f'<Relationship Id="rId{k + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId{k + 2}" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        )
        z.writestr("xl/styles.xml", STYLES)
        for i, name in enumerate(names, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                for piece in sheets[name](strings):
                    f.write(piece)
        for text in extra_strings:
            strings(text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS}" uniqueCount="{len(strings.index)}">'
            f.write(head.encode())
            out: list[str] = []
            for text in strings.index:
                out.append(f"<si><t>{escape(text)}</t></si>")
                if len(out) >= 8192:
                    f.write("".join(out).encode())
                    out.clear()
            f.write(("".join(out) + "</sst>").encode())


def _serials_to_dates(rows: list[list], columns: tuple[int, ...]) -> list[list]:
    """tests.generators gives dates as Sheets' day serials; an .xlsx holds them as styled dates."""
    for row in rows[1:]:
        for c in columns:
            if isinstance(row[c], int):
                row[c] = SERIAL_EPOCH + dt.timedelta(days=row[c])
    return rows


def thon_rows() -> list[list]:
    from lib.sample_data import sample_tabs

    return sample_tabs()["Thon"]


# ------------------------------------------------------------------------------ the files


def make_declared_dimension(path: Path, scale: float) -> None:
    rows = thon_rows()
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_xlsx(path, {"Thon": lambda s: sheet_xml(rows, s, dimension="A1:XFD1048576", tail=far)})


def make_shared_strings(path: Path, scale: float) -> None:
    rows = thon_rows()
    count = int(2_000_000 * scale)
    write_xlsx(path, {"Thon": lambda s: sheet_xml(rows, s)}, extra_strings=(f"Chuỗi số {i:07d}" for i in range(count)))


def make_zip_bomb(path: Path, scale: float) -> None:
    size = int((1 << 30) * scale)
    row = b'<row><c t="n"><v>1</v></c></row>' * 32768  # 1 MiB of rows without coordinates
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{NS}"><sheetData>'.encode()

    def body(strings: Strings) -> Iterator[bytes]:
        yield head
        for _ in range(size // len(row)):
            yield row
        yield b"</sheetData></worksheet>"

    write_xlsx(path, {"Thon": body}, level=9)


def make_rows(path: Path, scale: float) -> None:
    from tests.generators import province_tabs

    people = int(1_048_575 * scale)
    communes = 70 if scale >= 1 else max(1, int(70 * scale * 4))
    tabs = province_tabs(communes=communes, people=people)
    _serials_to_dates(tabs["CaiDat"], (0,))
    _serials_to_dates(tabs["HoatDong"], (0,))
    _serials_to_dates(tabs["DanhSach"], (6,))
    write_xlsx(path, {name: _sheet_of(rows) for name, rows in tabs.items()})


def _sheet_of(rows: list[list]) -> Callable[[Strings], Iterable[bytes]]:
    return lambda strings: sheet_xml(rows, strings)


def make_rows_csv(path: Path, scale: float) -> None:
    from tests.generators import province_tabs

    tabs = province_tabs(communes=70 if scale >= 1 else 2, people=int(1_000_000 * scale))
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(tabs["DanhSach"])


def make_wide(path: Path, scale: float) -> None:
    rows_n, cols_n = max(2, int(64 * scale)), 16384
    rows = ([r * cols_n + c for c in range(cols_n)] for r in range(rows_n))
    write_xlsx(path, {"Thon": lambda s: sheet_xml(rows, s, dimension=f"A1:XFD{rows_n}")})


def make_corrupt_xml(path: Path, scale: float) -> None:
    """The bundled sample, its CaiDat sheet cut inside a row (as a failed save leaves it)."""
    with zipfile.ZipFile(ROOT / "data" / "sample.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                cut = data.index(b"<c ", len(data) // 2)
                data = data[: cut + 10] + b"</row></sheetData></worksheet>"
            out.writestr(info.filename, data)


def _thon_text(separator: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(thon_rows())
    return out.getvalue()


def make_utf16_csv(path: Path, scale: float) -> None:
    path.write_bytes(_thon_text("\t").encode("utf-16"))


def to_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 writes it: a letter cp1258 lacks (ẩ) becomes the nearest
    letter it has (â) followed by the tone mark as a combining character."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter = "".join(m for m in marks if m in "\u0302\u0306\u031b")  # circumflex, breve, horn
            tone = "".join(m for m in marks if m not in letter)
            out += (unicodedata.normalize("NFC", base + letter) + tone).encode("cp1258")
    return bytes(out)


def make_cp1258_csv(path: Path, scale: float) -> None:
    path.write_bytes(to_cp1258(_thon_text(",")))


FILES: dict[str, tuple[str, Callable[[Path, float], None]]] = {
    "declared_dimension": ("declared_dimension.xlsx", make_declared_dimension),
    "shared_strings_2m": ("shared_strings_2m.xlsx", make_shared_strings),
    "zip_bomb": ("zip_bomb.xlsx", make_zip_bomb),
    "rows_1048576": ("rows_1048576.xlsx", make_rows),
    "rows_csv": ("DanhSach.csv", make_rows_csv),
    "wide": ("wide.xlsx", make_wide),
    "corrupt_xml": ("corrupt_xml.xlsx", make_corrupt_xml),
    "utf16_csv": ("Thon.csv", make_utf16_csv),
    "cp1258_csv": ("Thon.csv", make_cp1258_csv),
}

# --smoke: files made at SMOKE_SCALE and caps lowered in proportion (lib.sources.limits), so each
# file still meets the cap it is about while the run takes seconds.
SMOKE_SCALE = 0.02
SMOKE_LIMITS = {
    "upload_mb": 50,
    "unzipped_mb": 12,
    "rows": 25_000,
    "columns": 200,
    "cells": 400_000,
    "shared_strings": 100_000,
    "seconds": 30,
}


# --------------------------------------------------------------------------- measurement


def _vm_hwm_mb() -> float:
    """Peak resident memory of this process, MB (VmHWM: starts afresh at exec, unlike ru_maxrss)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    except (OSError, AttributeError):  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: str, memory_gb: float, limits: str, campaign: str) -> dict:
    """One read in this fresh process, its address space capped first."""
    cap = int(memory_gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from lib.campaign import load_campaign
    from lib.errors import SourceError
    from lib.sources import files

    caps = load_campaign(campaign).limits  # campaign.toml's [limits], as the app and CLI read
    kwargs = {"limits": dataclasses.replace(caps, **json.loads(limits)) if limits else caps}
    data = Path(path).read_bytes()
    out: dict = {"base_mb": _vm_hwm_mb()}
    cpu, start = time.process_time(), time.perf_counter()
    try:
        raw = files.read_bytes(data, Path(path).name, **kwargs)
    except SourceError as exc:
        out.update(outcome="refused", detail=exc.message("vi") if hasattr(exc, "message") else str(exc))
    except BaseException as exc:  # what a viewer would have met: MemoryError, a parser's error
        out.update(outcome="error", detail=f"{type(exc).__name__}: {str(exc)[:160]}")
    else:
        tabs = raw.tabs
        out.update(
            outcome="read",
            detail=f"{len(tabs)} tab(s), {sum(len(r) for rows in tabs.values() for r in rows):,} cells, "
            f"largest tab {max((len(rows) for rows in tabs.values()), default=0):,} rows",
        )
    out["wall"] = time.perf_counter() - start
    out["cpu"] = time.process_time() - cpu
    out["peak_mb"] = _vm_hwm_mb()
    return out


def _measure(path: Path, memory_gb: float, timeout: float, limits: dict | None, campaign: str) -> dict:
    command = [sys.executable, __file__, "--child", str(path), "--memory-gb", str(memory_gb), "--campaign", campaign]
    if limits:
        command += ["--limits", json.dumps(limits)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"outcome": "killed", "detail": f"still reading after {timeout:.0f} s (timeout)",
                "wall": time.perf_counter() - start, "cpu": float("nan"), "peak_mb": float("nan")}  # fmt: skip
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": "crashed", "detail": f"exit {proc.returncode}: {tail[:160]}",
                "wall": time.perf_counter() - start, "cpu": float("nan"), "peak_mb": float("nan")}  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _goal(outcome: str, r: dict) -> str:
    if outcome == "read":
        return "met" if r["wall"] < GOAL_READ_S and r["peak_mb"] < GOAL_READ_MB else "MISSED"
    if outcome == "refused":
        return "met" if r["wall"] < GOAL_REFUSE_S else "MISSED"
    return "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small files, caps lowered to match (CI)")
    parser.add_argument("--only", nargs="*", choices=list(FILES), help="some of the files")
    parser.add_argument("--memory-gb", type=float, default=3.0, help="address-space cap of each read (GiB)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a read is killed")
    parser.add_argument("--campaign", default=str(ROOT / "campaign.toml"), help="campaign.toml whose [limits] to use")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--limits", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.memory_gb, args.limits, args.campaign)))
        return 0
    from bench.cold_load import _machine

    for line in _machine():
        print(line)
    scale, limits = (SMOKE_SCALE, SMOKE_LIMITS) if args.smoke else (1.0, None)
    if limits:
        print(f"smoke: files at {scale:g} of full size, caps lowered to {limits}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile_") as tmp:
        for key in args.only or list(FILES):
            name, make = FILES[key]
            path = Path(tmp) / key / name
            path.parent.mkdir()
            start = time.perf_counter()
            make(path, scale)
            made = time.perf_counter() - start
            size = path.stat().st_size
            r = _measure(path, args.memory_gb, args.timeout, limits, args.campaign)
            rows.append((key, size, r))
            print(
                f"{key:19} {size / 1e6:9.2f} MB (made in {made:5.1f} s)  {r['outcome']:8} {r['wall']:7.2f} s wall "
                f"{r['cpu']:7.2f} s cpu {r['peak_mb']:7.0f} MB peak  {_goal(r['outcome'], r):6}  {r['detail']}",
                flush=True,
            )
            path.unlink()
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"goals: a file under the caps is read in < {GOAL_READ_S:.0f} s and < {GOAL_READ_MB / 1024:.0f} GB; "
        f"a file over them is refused in < {GOAL_REFUSE_S:.0f} s"
    )
    crashed = [key for key, _, r in rows if r["outcome"] in ("error", "crashed", "killed")]
    if crashed:
        print(f"not handled (a viewer would meet a traceback, or the server would stall): {', '.join(crashed)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
