"""What reading one file may cost: the caps every .xlsx and .csv read stops at (issue #13).

A 66 KB .xlsx can ask for a sheet of 17 billion cells and a 1 MB zip can hold 1 GB of XML, so
the readers in `lib.sources.files` never trust what a file says about itself: they count what
they actually read and stop at the first cap passed, with a message naming the tab, the cap and
what to do (`lib.errors.LimitError`). The defaults fit the province-scale workbook (bench/
generate.py: 2.100 villages and a list of 1.000.000 people, about 10,4 million cells, 2,1
million distinct texts, 390 MB of XML, 57 MB as .xlsx; as .csv its person list is 85 MB) with
room to spare, and refuse anything much larger before it costs memory or minutes.
Measurements of both: bench/hostile.py, bench/RESULTS.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Bytes of one upload (Streamlit's server.maxUploadSize in .streamlit/config.toml is the
    # same number) or of one --source file or folder of .csv files.
    upload_mb: int = 150
    # An .xlsx is a zip: its parts together, uncompressed, and each part's uncompressed size
    # over its compressed size (real workbooks: 4-10; a zip bomb: up to 1.000). Both are read
    # from the zip's directory before any part is opened, and counted again while inflating.
    unzipped_mb: int = 500
    zip_ratio: int = 100
    # Rows and columns of one tab: Excel stops at 1.048.576 rows, a list of a million people
    # needs 1.000.001; the widest tab of the template has 9 columns.
    rows: int = 1_100_000
    columns: int = 1_000
    # Cells of all tabs together (each tab counted as its rows x its widest row: what is kept).
    cells: int = 12_000_000
    # Distinct texts of an .xlsx (its shared-string table), read before any sheet.
    shared_strings: int = 3_000_000
    # Wall-clock time of one read: the last guard, for what no count above foresaw.
    seconds: float = 60.0

    @property
    def upload_bytes(self) -> int:
        return self.upload_mb << 20  # Streamlit's megabytes are MiB

    @property
    def unzipped_bytes(self) -> int:
        return self.unzipped_mb * 1_000_000


LIMITS = Limits()
