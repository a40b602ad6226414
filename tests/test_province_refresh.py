"""The server-wide refresher of a province (lib/province_refresh.py), on a fake clock: the reads a
minute per account never pass the budget for 69 sheets, a failing commune keeps its last good
data and only it shows a problem, files are read again when they change, and a real sheet through
the local fake Google (a renamed tab, then a changed shape)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest

from lib import pipeline
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.dataset import RawWorkbook
from lib.province import PENDING, CommuneEntry, Province, Schedule, load_province
from lib.province_refresh import Refresher, problem_of
from lib.sources.gsheets import Metadata
from lib.sources.problems import Problem, SourceProblem
from tests.fake_google import Book, FakeGoogle
from tests.generators import commune_tabs, write_province

TODAY = dt.date(2026, 11, 29)
EMAIL = "tinh@ha-tinh-province.iam.gserviceaccount.com"


class Clock:
    def __init__(self, start: float = 1_780_000_000.0):
        self.t = start

    def __call__(self) -> float:
        return self.t


class FakeReader:
    """A commune's sheet: one request for the tab list, one for the values; `fail` makes both fail."""

    def __init__(self, tabs: dict, count, fail: list[Problem | None]):
        self.tabs, self.count, self.fail = tabs, count, fail

    def _request(self) -> None:
        self.count()
        if self.fail[0] is not None:
            raise SourceProblem(self.fail[0])

    def metadata(self) -> Metadata:
        self._request()
        return Metadata("Sổ theo dõi", tuple(self.tabs))

    def values(self, meta: Metadata) -> RawWorkbook:
        self._request()
        return RawWorkbook({k: self.tabs[k] for k in meta.tabs}, "gsheet", meta.title)


def _secrets(folder: Path, email: str = EMAIL, extra: dict | None = None) -> Path:
    section = {"type": "service_account", "client_email": email, "project_id": email.split("@")[1].split(".")[0]}
    section |= extra or {}
    path = folder / f"secrets-{email.split('@')[0]}.toml"
    body = "\n".join(f"{k} = {json.dumps(v)}" for k, v in section.items())
    path.write_text("[connections.gsheets]\n" + body + "\n", encoding="utf-8")
    return path


def _sheet_province(folder: Path, n: int, accounts: int = 1) -> Province:
    keys = [_secrets(folder, f"tai-khoan-{a}@ha-tinh-province.iam.gserviceaccount.com") for a in range(accounts)]
    communes = tuple(CommuneEntry(f"Xã {i:02d}", secrets=keys[i % accounts], sheet=f"1Sheet{i:02d}") for i in range(n))
    return Province("Hà Tĩnh", folder / "province.toml", communes, Schedule())


@pytest.fixture
def fast_validation(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every sheet validates to one shared dataset (the budget tests count requests, not cells)."""
    ds = pipeline.dataset(RawWorkbook(commune_tabs(0, 2000), "gsheet", "x"), load_campaign(), TODAY)
    calls: list = []
    monkeypatch.setattr(pipeline, "dataset", lambda raw, campaign, today: calls.append(raw) or ds)
    return calls


def _refresher(province: Province, clock: Clock, fail: dict | None = None, tabs: dict | None = None) -> Refresher:
    fail = fail if fail is not None else {}
    tabs = tabs or commune_tabs(0, 2000)

    def reader(config, limits, count):
        name = next(c.name for c in province.communes if c.sheet == config.spreadsheet_id)
        return FakeReader(tabs, count, fail.setdefault(name, [None]))

    return Refresher(province, now=clock, today=lambda: TODAY, sheet_reader=reader, idle_after=float("inf"))


def _run(refresher: Refresher, clock: Clock, seconds: float, step: float = 1.0) -> None:
    """The scheduler's loop on the fake clock: wake at the refresher's next event (at most `step`
    later, as the thread's own wait), start what is due."""
    end = clock.t + seconds
    while clock.t < end:
        refresher.tick()
        clock.t = min(end, max(clock.t + 0.01, min(refresher.next_event(), clock.t + step)))


def _busiest_minute(times: list[float]) -> int:
    times = sorted(times)
    most, first = 0, 0
    for last, t in enumerate(times):
        while times[first] <= t - 60:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.mark.slow  # 30 simulated minutes of 69 sheets: 1,5-2,5 s
@pytest.mark.parametrize("accounts", [1, 3])
def test_69_sheets_never_pass_the_budget_of_an_account(tmp_path: Path, fast_validation: list, accounts: int) -> None:
    clock = Clock()
    province = _sheet_province(tmp_path, 69, accounts)
    refresher = _refresher(province, clock)
    ttl = next(iter(refresher.slots.values())).ttl
    assert ttl == (102 if accounts == 1 else 60)
    _run(refresher, clock, 30 * 60)
    log = list(refresher.request_log)
    for account in {a for _, a, _ in log}:
        times = [t for t, a, _ in log if a == account]
        assert _busiest_minute(times) <= 50, account  # Google allows 60
    assert _busiest_minute([t for t, _, _ in log]) <= 300
    start = refresher._started_at
    for name in (c.name for c in province.communes):
        reads = [t - start for t, _, n in log if n == name]
        assert reads and reads[0] < 200, name  # the first pass over 69 sheets (2 requests each): ~3 minutes
        # After the first pass, every sheet is read once a ttl (a tab list and its values: one read).
        steady = [b - a for a, b in itertools.pairwise(r for r in reads if r > 600) if b - a > 1]
        assert steady and max(steady) <= ttl + 5, (name, max(steady))  # a tab list may delay one by 2,4 s
    assert all(s.good is not None and s.failed is None for s in refresher.all_states())
    assert len(fast_validation) == 69  # unchanged content is never validated again


@pytest.mark.slow
def test_a_renamed_tab_costs_a_tab_list_and_still_stays_within_budget(tmp_path: Path, fast_validation: list) -> None:
    clock = Clock()
    province = _sheet_province(tmp_path, 69)
    fail: dict = {}
    refresher = _refresher(province, clock, fail)
    _run(refresher, clock, 300)
    for name in list(fail)[:30]:  # 30 sheets answer 'bad range' for a while, then mend
        fail[name][0] = Problem("bad_range")
    _run(refresher, clock, 200)
    for name in list(fail)[:30]:
        fail[name][0] = None
    _run(refresher, clock, 300)
    assert _busiest_minute([t for t, _, _ in refresher.request_log]) <= 50
    assert all(s.failed is None for s in refresher.all_states())


def test_a_failing_commune_keeps_its_last_good_data_and_only_it_shows_a_problem(tmp_path: Path) -> None:
    clock = Clock()
    folder = tmp_path / "files"
    toml = write_province(folder, [2000, 3000], broken=("hostile",))
    files = load_province(toml).communes
    sheets = _sheet_province(tmp_path, 2).communes
    province = Province("Hà Tĩnh", toml, files + sheets, Schedule())
    fail: dict = {}
    refresher = _refresher(province, clock, fail)
    assert [s.kind for s in refresher.all_states()] == ["file", "file", "file", "gsheet", "gsheet"]
    pending = refresher.roll_up()
    assert {c["error"]["stage"] for c in pending["communes"]} == {PENDING} and not pending["totals"]["counted"]
    _run(refresher, clock, 5)
    first = refresher.roll_up()
    by_name = {c["name"]: c for c in first["communes"]}
    hostile, sheet_a, sheet_b = files[2].name, sheets[0].name, sheets[1].name
    assert not by_name[hostile]["ok"] and by_name[hostile]["error"]["stage"] == "read"
    assert [c["name"] for c in first["communes"] if c["ok"]] == [files[0].name, files[1].name, sheet_a, sheet_b]
    before = by_name[sheet_b]["targets"]
    fail[sheet_b][0] = Problem("forbidden", email=EMAIL)
    _run(refresher, clock, 200)
    later = refresher.roll_up()
    by_name = {c["name"]: c for c in later["communes"]}
    assert by_name[sheet_b]["ok"] and by_name[sheet_b]["targets"] == before  # its last good figures
    assert EMAIL in by_name[sheet_b]["problem"]["message"] and by_name[sheet_b]["age_seconds"] >= 100
    assert [c["name"] for c in later["communes"] if c["problem"]] == [sheet_b]
    assert by_name[sheet_a]["age_seconds"] < 61 and by_name[sheet_a]["problem"] is None
    assert later["totals"]["counted"] == 4 and later["totals"]["failed"] == [hostile]
    assert problem_of(refresher.state(sheet_b).failed).code == "forbidden"
    fail[sheet_b][0] = None  # access given again: the problem goes at its next read
    _run(refresher, clock, 100)
    assert refresher.state(sheet_b).failed is None


def test_a_file_is_read_again_only_when_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    toml = write_province(tmp_path, [2000], broken=("shape",))
    refresher = Refresher(load_province(toml), now=clock, today=lambda: TODAY, idle_after=float("inf"))
    _run(refresher, clock, 2)
    good, shape = refresher.all_states()
    assert good.good is not None and shape.failed.stage == "shape" and shape.good is None
    assert problem_of(shape.failed).severe  # a changed shape: a red banner in the commune's view
    attempts = [s.attempts for s in refresher.all_states()]
    _run(refresher, clock, 60)
    assert [s.attempts for s in refresher.all_states()] == attempts  # nothing changed: nothing read
    path = good.entry.source
    path.write_bytes((tmp_path / "xa-01.xlsx").read_bytes().replace(b"", b"", 0))  # same bytes, new mtime
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    _run(refresher, clock, 6)
    assert refresher.state(good.entry.name).attempts == attempts[0] + 1
    # the broken commune mended: read at once, its figures appear
    from lib.sources.files import write_xlsx

    shape.entry.source.write_bytes(write_xlsx(commune_tabs(7, 3000)))
    _run(refresher, clock, 6)
    mended = refresher.state(shape.entry.name)
    assert mended.good is not None and mended.failed is None
    assert refresher.roll_up()["totals"]["counted"] == 2


def test_refresh_reads_a_commune_at_once_but_not_twice_in_15_seconds(tmp_path: Path, fast_validation: list) -> None:
    clock = Clock()
    refresher = _refresher(_sheet_province(tmp_path, 3), clock)
    _run(refresher, clock, 10)  # 3 first reads of 2 requests each, spaced 2,4 s apart
    name = "Xã 02"
    assert refresher.state(name).attempts == 1
    clock.t += 20
    assert refresher.refresh(name) == 0
    _run(refresher, clock, 3)  # another commune due at its slot may go first
    assert refresher.state(name).attempts == 2
    clock.t += 5
    assert 0 < refresher.refresh(name) <= 10


def test_nobody_looking_pauses_the_reads(tmp_path: Path, fast_validation: list) -> None:
    clock = Clock()
    refresher = _refresher(_sheet_province(tmp_path, 3), clock)
    refresher.idle_after = 600
    _run(refresher, clock, 700)
    count = len(refresher.request_log)
    _run(refresher, clock, 600)
    assert len(refresher.request_log) == count
    refresher.touch()
    _run(refresher, clock, 61)
    assert len(refresher.request_log) > count


def test_a_campaign_file_with_a_mistake_stays_on_its_commune(tmp_path: Path) -> None:
    clock = Clock()
    bad = tmp_path / "bad.toml"
    bad.write_text("tally_mode = 'weekly'\n[[phases]]\n", encoding="utf-8")
    toml = write_province(tmp_path, [2000, 2000])
    a, b = load_province(toml).communes
    province = Province("Hà Tĩnh", toml, (a, CommuneEntry(b.name, source=b.source, campaign=bad)), Schedule())
    refresher = Refresher(province, now=clock, today=lambda: TODAY, idle_after=float("inf"))
    refresher.tick()
    rolled = refresher.roll_up()
    assert rolled["communes"][0]["ok"] and rolled["communes"][1]["error"]["stage"] == "campaign"
    assert refresher.campaign(a.name).commune
    with pytest.raises(Exception, match=r"campaign\.toml"):
        refresher.campaign(b.name)


def test_a_sheet_through_the_fake_google_a_renamed_tab_then_a_changed_shape(tmp_path: Path) -> None:
    """The province's account (`secrets`) and `sheet` entries, read by the real gspread reader."""
    clock = Clock()
    tabs = commune_tabs(1, 3000)
    with FakeGoogle(
        {"1ThachHa": Book("Thạch Hà", {k: [list(r) for r in v] for k, v in tabs.items()}, {EMAIL})}
    ) as google:
        info = google.service_account_info(EMAIL) | {"api_base_url": google.url}
        (tmp_path / "keys.toml").write_text(
            "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in info.items()) + "\n",
            encoding="utf-8",
        )
        (tmp_path / "province.toml").write_text(
            'secrets = "keys.toml"\n[[commune]]\nname = "Thạch Hà"\nsheet = "1ThachHa"\n', encoding="utf-8"
        )
        refresher = Refresher(
            load_province(tmp_path / "province.toml"), now=clock, today=lambda: TODAY, idle_after=float("inf")
        )
        refresher.tick()
        state = refresher.state("Thạch Hà")
        assert state.failed is None, state.failed and state.failed.error
        assert state.good is not None and state.title == "Thạch Hà" and state.email == EMAIL
        assert google.count("/v4/") == 2  # the tab list and one batchGet of every tab
        book = google.books["1ThachHa"]
        book.tabs["Thon2"] = book.tabs.pop("Thon")  # a clerk renames a tab
        clock.t += 60
        refresher.tick()
        state = refresher.state("Thạch Hà")
        assert state.failed is not None and problem_of(state.failed).code == "bad_range"
        assert state.good is not None  # the last good figures stay
        assert google.count("/v4/") == 3
        clock.t += 60
        refresher.tick()  # the tab list again: tab Thon is gone, the workbook changed shape
        state = refresher.state("Thạch Hà")
        assert google.count("/v4/") == 5
        assert state.failed.stage == "shape" and "Thon" in problem_of(state.failed).message("vi")
        assert state.good is not None
        book.readers = set()  # the sheet no longer shared with the account
        clock.t += 60
        refresher.tick()
        state = refresher.state("Thạch Hà")
        assert problem_of(state.failed).code == "forbidden" and EMAIL in problem_of(state.failed).message("vi")
        assert refresher.roll_up()["communes"][0]["ok"]


def test_default_campaign_is_the_repos(tmp_path: Path) -> None:
    toml = write_province(tmp_path, [2000])
    assert load_province(toml).communes[0].campaign == DEFAULT_PATH
