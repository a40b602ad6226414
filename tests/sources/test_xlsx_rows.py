"""Issue #13: whole plain rows per match (lib.sources.xlsx_rows) give what cell by cell gave.

Sheets are generated here with every cell form the row expression takes (shared strings, numbers
with and without t="n", dates, styled empty cells, gaps of rows and columns) and, in some rows,
a form it must leave to the cell-by-cell reader (formulas, inline strings, booleans, a bare
<c/>, a row again or out of order, whitespace, a cell of another row, a wider row). Each is read
in small steps so that most steps go through the rows path, and compared, value and type, with
the same read cell by cell; damaged cells fail with the same message either way.
"""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path
from typing import Any

import pytest

from bench import hostile
from lib.errors import FileError
from lib.sources import xlsx, xlsx_parts, xlsx_rows
from lib.sources.files import read_bytes
from lib.sources.limits import LIMITS
from tests.sources.test_hostile_files import WORKBOOKS, _trimmed, openpyxl_tabs, rezip

STRINGS = [f"chữ {i} & <{i}>" for i in range(40)]


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """XML read ~1 KiB at a time (many steps per sheet); the list says, per step after the
    first, whether the rows path read it."""
    monkeypatch.setattr(xlsx_parts, "_CHUNK", 1024)
    taken: list[bool] = []
    real = xlsx.plain_rows

    def counted(*args: Any) -> Any:
        out = real(*args)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(xlsx, "plain_rows", counted)
    return taken


def typed(tabs: dict[str, list[list[Any]]]) -> dict[str, list[list[tuple[str, Any]]]]:
    """Values with their types: 1, 1.0 and True are equal in Python, not in a sheet."""
    return {t: [[(type(v).__name__, v) for v in row] for row in rows] for t, rows in tabs.items()}


def cell_by_cell(data: bytes, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> dict:
    with monkeypatch.context() as m:
        m.setattr(xlsx, "WIDEST", 0)
        return read_bytes(data, "w.xlsx", **kwargs).tabs


def workbook(tmp_path: Path, rows_xml: str) -> bytes:
    path = tmp_path / "w.xlsx"
    sheet = f'<?xml version="1.0"?>\n<worksheet xmlns="{hostile.NS}"><sheetData>{rows_xml}</sheetData></worksheet>'
    hostile.write_xlsx(path, {"Thon": lambda s: iter([sheet.encode()])}, extra_strings=STRINGS)
    return path.read_bytes()


PLAIN = [
    lambda ref, rnd: f'<c r="{ref}" t="s"><v>{rnd.randrange(len(STRINGS))}</v></c>',
    lambda ref, rnd: f'<c r="{ref}" s="0" t="s"><v>{rnd.randrange(len(STRINGS))}</v></c>',
    lambda ref, rnd: f'<c r="{ref}"><v>{rnd.randrange(1950, 2010)}</v></c>',
    lambda ref, rnd: f'<c r="{ref}" t="n"><v>{rnd.choice(["-7", "0", "007", "1.5E3", "-2.25", "1e-5", "10"])}</v></c>',
    lambda ref, rnd: f'<c r="{ref}" s="1"><v>{rnd.randrange(46150, 46170)}</v></c>',
    lambda ref, rnd: f'<c r="{ref}" s="1" t="n"><v>{rnd.choice(["46157", "46157.5", "0"])}</v></c>',
    lambda ref, rnd: f'<c r="{ref}" s="{rnd.choice("01")}"/>',
]
ODD_CELLS = [
    lambda ref, rnd: f'<c r="{ref}"><f>A1+1</f><v>3</v></c>',
    lambda ref, rnd: f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>',
    lambda ref, rnd: f'<c r="{ref}" t="b"><v>1</v></c>',
    lambda ref, rnd: f'<c r="{ref}" t="str"><v>a&amp;b</v></c>',
    lambda ref, rnd: f'<c r="{ref}"/>',
    lambda ref, rnd: f'<c r="{ref}" t="s"/>',
    lambda ref, rnd: f'<c r="{ref}" t="n" s="0"><v>4</v></c>',
    lambda ref, rnd: f'<c r="{ref}" s="1"><v>1,5</v></c>',  # a date that is not a number: "#VALUE!"
]


ODD_ROWS = ["cell", "again", "back", "space", "other row", "wider", "empty"]


def random_rows(seed: int, odd: float) -> str:
    """Rows as Excel writes them; with probability `odd` a row holds something the rows path
    must leave to cell by cell (an odd cell, the row again, out of order, whitespace, a cell
    of another row, a wider row, no cells)."""
    rnd = random.Random(seed)
    width = rnd.randint(1, 9)
    out, r = [], 0
    for _ in range(rnd.randint(20, 120)):
        r += rnd.choice([1, 1, 1, 1, 2, 5])
        columns = sorted(rnd.sample(range(1, width + 1), rnd.randint(1, width)))
        number, space, cells = r, "", []
        kind = (
            rnd.choice(["cell", "again", "back", "space", "other row", "wider", "empty"]) if rnd.random() < odd else ""
        )
        if kind == "again" or kind == "back":
            number = max(1, r - (0 if kind == "again" else rnd.randint(1, 3)))
        for c in columns:
            ref = f"{hostile.column_letters(c)}{number + (1 if kind == 'other row' and c == columns[-1] else 0)}"
            make = rnd.choice(ODD_CELLS) if kind == "cell" and c == columns[0] else rnd.choice(PLAIN)
            cells.append(make(ref, rnd))
        if kind == "wider":
            cells.append(f'<c r="{hostile.column_letters(width + 3)}{number}"><v>1</v></c>')
        if kind == "space":
            space = "\n  "
        attributes = rnd.choice(["", f' spans="1:{width}"', ' ht="15" customHeight="1"'])
        out.append(f'<row r="{number}"{attributes}>{space}{space.join(cells) if kind != "empty" else ""}</row>')
    return "".join(out)


@pytest.mark.parametrize("seed", range(12))
def test_plain_rows_read_as_cell_by_cell_and_as_openpyxl(seed: int, tmp_path: Path, small_steps: list[bool],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    data = workbook(tmp_path, random_rows(seed, odd=0))
    got = read_bytes(data, "w.xlsx").tabs
    assert small_steps and all(small_steps), "every step after the first read by rows"
    assert typed(got) == typed(cell_by_cell(data, monkeypatch))
    assert typed(_trimmed(got)) == typed(_trimmed(openpyxl_tabs(data)))


@pytest.mark.parametrize("seed", range(40))
def test_odd_rows_read_as_cell_by_cell(seed: int, tmp_path: Path, small_steps: list[bool],
                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    data = workbook(tmp_path, random_rows(seed, odd=0.04))
    got = read_bytes(data, "w.xlsx").tabs
    assert typed(got) == typed(cell_by_cell(data, monkeypatch))


def test_the_odd_rows_are_read_both_ways(tmp_path: Path, small_steps: list[bool]) -> None:
    """The random sheets above do go through both paths: steps by rows, and steps left to cell by cell."""
    for seed in range(40):
        read_bytes(workbook(tmp_path, random_rows(seed, odd=0.04)), "w.xlsx")
    assert small_steps.count(True) > 100
    assert small_steps.count(False) > 20


@pytest.mark.parametrize(
    "damaged",
    [
        '<c r="B{r}" t="s"><v>999</v></c>',  # no such shared string
        '<c r="B{r}"><v>1x</v></c>',  # not a number
        '<c r="B{r}"><v>1.2.3</v></c>',
    ],
)
def test_a_damaged_cell_fails_as_cell_by_cell(damaged: str, tmp_path: Path, small_steps: list[bool],
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 80))
    data = workbook(tmp_path, rows + f'<row r="80"><c r="A80"><v>2</v></c>{damaged.format(r=80)}</row>')
    with pytest.raises(FileError) as by_rows:
        read_bytes(data, "w.xlsx")
    with pytest.raises(FileError) as by_cells:
        cell_by_cell(data, monkeypatch)
    assert by_rows.value.message("vi") == by_cells.value.message("vi")
    assert "80" in by_rows.value.message("vi")
    assert any(small_steps)


def test_rows_past_the_cap_are_refused_as_cell_by_cell(tmp_path: Path, small_steps: list[bool],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 200))
    limits = dataclasses.replace(LIMITS, rows=150)
    data = workbook(tmp_path, rows)
    with pytest.raises(FileError) as by_rows:
        read_bytes(data, "w.xlsx", limits=limits)
    with pytest.raises(FileError) as by_cells:
        cell_by_cell(data, monkeypatch, limits=limits)
    assert by_rows.value.message("vi") == by_cells.value.message("vi")
    assert any(small_steps)


def test_date_and_duration_styles_even_style_0(tmp_path: Path, small_steps: list[bool],
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Style 0 as a date (no s="…" is then a date too) and a duration format ([h]:mm)."""
    general = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    styles = hostile.STYLES.replace(general, general.replace('"0" fontId', '"14" fontId'))
    styles = styles.replace('formatCode="dd/mm/yyyy"', 'formatCode="[h]:mm"')
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{46150 + r % 7}</v></c><c r="B{r}" s="1"><v>{r / 8}</v></c>'
        f'<c r="C{r}" s="0" t="n"><v>{46150.25 + r % 3}</v></c><c r="D{r}" t="s"><v>{r % 9}</v></c></row>'
        for r in range(1, 120)
    )
    data = rezip(workbook(tmp_path, rows), {"xl/styles.xml": styles.encode()})
    got = read_bytes(data, "w.xlsx").tabs
    assert all(small_steps) and small_steps
    assert typed(got) == typed(cell_by_cell(data, monkeypatch)) == typed(openpyxl_tabs(data))
    assert got["Thon"][0][0].year == 2026 and got["Thon"][0][1].total_seconds() == 3 * 3600


@pytest.mark.slow
@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_workbooks_read_in_small_steps_as_openpyxl_read_them(name: str, small_steps: list[bool]) -> None:
    """openpyxl writes texts inline (<is>), which the row expression leaves to cell by cell:
    these go that way, in ~1 KiB steps."""
    data = WORKBOOKS[name]()
    assert read_bytes(data, "w.xlsx").tabs == openpyxl_tabs(data)


def test_the_province_shape_goes_by_rows(tmp_path: Path, small_steps: list[bool]) -> None:
    path = tmp_path / "p.xlsx"
    hostile.make_rows(path, 0.0005)
    data = path.read_bytes()
    assert typed(read_bytes(data, "p.xlsx").tabs) == typed(openpyxl_tabs(data))
    assert small_steps.count(True) > 0.9 * len(small_steps)


def test_shared_strings_read_at_once_as_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line ends, references, the _x005F_ escape, empty texts: the same strings when the table is
    decoded at once as one by one; a reference to NUL (which would part two texts) is read one by one."""
    monkeypatch.setattr(xlsx_parts, "_CHUNK", 512)
    texts = ["a\r\nb", "x_x005F_y &amp; &#7885; &lt;t&gt;", "", "  sp  ", "dòng\rhai", "&#x1EA1;", "q&#0;r"] * 30
    cells = "".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>' for i in range(len(texts)))
    items = "".join(f"<si><t>{t}</t></si>" if t else "<si><t/></si>" for t in texts)
    strings = f'<?xml version="1.0"?>\n<sst xmlns="{hostile.NS}" count="{len(texts)}">{items}</sst>'
    data = rezip(workbook(tmp_path, cells), {"xl/sharedStrings.xml": strings.encode()})
    at_once = read_bytes(data, "w.xlsx").tabs
    monkeypatch.setattr(xlsx_parts, "_all_plain", lambda *args: False)
    assert at_once == read_bytes(data, "w.xlsx").tabs
    assert at_once["Thon"][0] == ["a\nb"] and at_once["Thon"][1] == ["x_y & ọ <t>"] and at_once["Thon"][6] == ["q\0r"]


def test_rows_without_cells_at_the_end_are_no_rows(tmp_path: Path, small_steps: list[bool],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A row element with no cell makes no row cell by cell (the sheet ends at its last cell),
    also where it is the sheet's last: the rows path leaves such a stretch to cell by cell."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="1"/></row>' for r in range(1, 60))
    data = workbook(tmp_path, rows + '<row r="60" spans="1:2"></row><row r="61" ht="15"></row>')
    got = read_bytes(data, "w.xlsx").tabs
    assert len(got["Thon"]) == 59 and got["Thon"][-1] == [59, None]
    assert typed(got) == typed(cell_by_cell(data, monkeypatch))
    assert typed(_trimmed(got)) == typed(_trimmed(openpyxl_tabs(data)))
    assert small_steps == [True, True, False]


SST = f'<?xml version="1.0"?>\n<sst xmlns="{hostile.NS}">'


@pytest.mark.parametrize(
    ("texts", "head"),
    [
        ([b"a&foo;b", b"\xe9", b"c"], ""),  # an unknown entity, then bytes that are not UTF-8
        ([b"a&foo;b", b"&#2147483648;", b"c"], ""),  # a character number past any int
        ([b"a", b"&#2147483648;", b"c"], ""),  # the same alone (was a raw OverflowError before)
        ([b"a&foo;b", b"&#1114112;", b"c"], ""),  # past Unicode
        ([b"a&foo;b", b"caf\xe9", b"c"], '<!DOCTYPE sst [<!ENTITY foo "bar">]>'),  # Latin-1, declared
    ],
)
def test_shared_strings_at_once_meet_odd_texts_as_one_by_one(texts: list[bytes], head: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Decoding the table at once must not change what an odd text does: the first one met
    decides, as it did one by one (an unknown entity: the whole table as XML)."""
    declaration = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' if b"caf\xe9" in texts else '<?xml version="1.0"?>\n'
    table = (declaration + head + SST.split("\n", 1)[1]).encode() + b"".join(
        b"<si><t>" + x + b"</t></si>" for x in texts
    )
    cells = "".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>' for i in range(len(texts)))
    data = rezip(workbook(tmp_path, cells), {"xl/sharedStrings.xml": table + b"</sst>"})

    def outcome() -> Any:
        try:
            return read_bytes(data, "w.xlsx").tabs
        except FileError as error:
            return error.message("vi")

    at_once = outcome()
    monkeypatch.setattr(xlsx_parts, "_all_plain", lambda *args: False)
    assert at_once == outcome()
    assert isinstance(at_once, str) or at_once["Thon"][:2] == [["abarb"], ["café"]]


def test_a_stretch_that_is_not_plain_is_one_match() -> None:
    """Past the first thing the row expression does not know, the rest of the step is one match
    (one per character made a tuple of 3 × width + 2 each: 1,5 GB for a 1 MiB step 64 wide)."""
    inline = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    plain = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    assert len(xlsx_rows.row_pattern(64).findall(plain + inline)) == 2


@pytest.mark.parametrize(
    "part",
    [
        # 1,5 MB of row tags never closed, between two good rows: each was scanned to the end
        "sheet",
        # 256 KB of <si x="1"> never closed: each was scanned to the end
        "strings",
    ],
)
def test_an_element_never_closed_costs_one_scan(part: str, tmp_path: Path) -> None:
    good = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    if part == "sheet":
        rnd = random.Random(2)
        unclosed = "".join(f'<row r="{rnd.randrange(10**6)}" ' for _ in range(100_000))
        data = workbook(tmp_path, good + unclosed + good.replace("1", "2"))
    else:
        table = (SST + '<si x="1">' * 25_000 + "</sst>").encode()
        data = rezip(workbook(tmp_path, good), {"xl/sharedStrings.xml": table})
    start = time.perf_counter()
    with pytest.raises(FileError) as caught:
        read_bytes(data, "w.xlsx")
    assert time.perf_counter() - start < 5, "was 30 to 60 s (quadratic)"
    assert "ParseError" in caught.value.message("vi")
