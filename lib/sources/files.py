"""Workbooks from disk or an upload: .xlsx, .csv files (each one tab), or a folder of .csv files.

CSV cells are read as text, never guessed: pandas would turn '1.234' into 1.234 and drop a
phone number's leading zero. The validator parses them with the Vietnamese rules.

Nothing a file says about itself is trusted (issue #13): every read counts what it actually
reads against the caps of `lib.sources.limits` and stops at the first one passed, raising
`lib.errors.FileError` (a SourceError) that names the tab, the cap and what to do. An .xlsx's
zip directory is checked before any part is opened, then its shared strings and sheets are
streamed (lib.sources.xlsx_parts, lib.sources.xlsx); .csv files are read as text
(lib.sources.csv_files).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lib.dataset import RawWorkbook
from lib.errors import FileError, SourceError
from lib.sources.csv_files import read_csvs
from lib.sources.limits import LIMITS, Limits
from lib.sources.read_budget import Budget, check_size, collector_paused
from lib.sources.xlsx import read_xlsx, write_xlsx

__all__ = ["FileError", "SourceError", "read_bytes", "read_files", "read_path", "write_xlsx"]


def read_path(path: Path | str, source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Read an .xlsx file, a .csv file or a folder of .csv files (one per tab)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*.csv"))
        if not found:
            raise FileError("file.empty_folder", path=str(path))
        check_size(sum(p.stat().st_size for p in found), path.name, limits)
        return read_csvs([(p.name, p.read_bytes()) for p in found], source, path.name, limits)
    if not path.exists():
        raise FileError("file.not_found", path=str(path))
    check_size(path.stat().st_size, path.name, limits)
    return read_bytes(path.read_bytes(), path.name, source, limits)


def read_bytes(data: bytes, name: str, source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Read an uploaded workbook by its file name's ending."""
    suffix = Path(name).suffix.lower()
    check_size(len(data), name, limits)
    if suffix == ".xlsx":
        with collector_paused():
            return RawWorkbook(read_xlsx(data, name, Budget(name, limits)), source, Path(name).stem)
    if suffix == ".csv":
        return read_csvs([(name, data)], source, Path(name).stem, limits)
    raise FileError("file.suffix", name=name)


def read_files(files: Sequence[tuple[str, bytes]], source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Several uploaded files read as one workbook: one .xlsx alone, or .csv files, each one
    tab named after its file (Thon.csv -> tab 'Thon')."""
    if len(files) == 1:
        return read_bytes(files[0][1], files[0][0], source, limits)
    if not files or any(Path(n).suffix.lower() != ".csv" for n, _ in files):
        raise FileError("file.mixed")
    check_size(sum(len(d) for _, d in files), ", ".join(n for n, _ in files), limits)
    return read_csvs(list(files), source, ", ".join(Path(n).stem for n, _ in files), limits)
