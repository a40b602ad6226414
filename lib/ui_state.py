"""The one Streamlit-aware module of lib: sources, caching, shared filters and the URL.

Everything else in lib is plain Python. The app calls `setup()` once per run (language,
source, filters in the sidebar); pages call `current()` to get what it prepared.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import streamlit as st

from lib import actions, clock, metrics, ranking
from lib.access import (
    SERVER_POLICY,
    SESSION_POLICY,
    GuessLimiter,
    access_from_secrets,
    user_allowed,
    verify_password,
)
from lib.campaign import Campaign, Phase, load_campaign
from lib.contract import TabSpec
from lib.contract import tab_specs as contract_specs
from lib.dataset import Dataset, RawWorkbook
from lib.errors import FileError, ShapeError, SourceError
from lib.formatting import fmt_date
from lib.freshness import fmt_time
from lib.markup import plain
from lib.parsing import strip_diacritics
from lib.quality import Shrunk, shrunk_tabs
from lib.sources.files import read_bytes, read_files
from lib.sources.gsheets import SheetConfig, config_from_secrets, make_reader
from lib.sources.live import LiveSource, Snapshot
from lib.sources.problems import Problem, scrub, shape_problem
from lib.sources.sample import read_sample
from lib.texts import t
from lib.validation import validate

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

# How long a read is reused by every viewer (secrets: [connections.gsheets] ttl = 60).
DATA_TTL_SECONDS = 60

# Query-string names: short, Vietnamese, stable (shared links depend on them).
Q_VILLAGES, Q_GROUP, Q_PHASE, Q_AS_OF, Q_LANG, Q_MEETING = "thon", "nhom", "dot", "ngay", "lang", "hop"
Q_ROTATE = "xoay"  # seconds per page on an unattended meeting-room screen (?hop=1&xoay=30)
ROTATE_SECONDS = (10, 600)


@dataclass(frozen=True)
class Filters:
    villages: tuple[str, ...]  # empty: the whole commune
    group: str
    phase: int | None  # None: the whole campaign
    as_of: dt.date
    lang: str
    meeting: bool = False
    rotate: int = 0  # seconds per page in meeting mode (0: stay on the page)


@dataclass(frozen=True)
class SourceStatus:
    """Where the figures come from, for the banner and the data-source page."""

    kind: str  # sample | file | gsheet | public
    title: str
    read_at: float | None = None
    problem: Problem | None = None
    email: str = ""
    requests_last_hour: int | None = None
    throttled_for: float = 0.0  # seconds before 'Làm mới' reads again (0 when it just did)
    spreadsheet_id: str = ""
    ttl: float = DATA_TTL_SECONDS
    shrunk: tuple[Shrunk, ...] = ()  # tabs that lost most rows since the last good read


@dataclass(frozen=True)
class View:
    campaign: Campaign
    dataset: Dataset
    filters: Filters
    today: dt.date
    source: SourceStatus = field(default_factory=lambda: SourceStatus("sample", ""))

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def villages(self) -> list[str] | None:
        return list(self.filters.villages) or None

    @property
    def token(self) -> str:
        return dataset_token(self.dataset)


# ------------------------------------------------------------------------------ caches


@st.cache_resource
def get_campaign() -> Campaign:
    return load_campaign()


def tab_specs() -> tuple[TabSpec, ...]:
    """The workbook's tabs and columns for this campaign (for the data-source check)."""
    return contract_specs(get_campaign())


@st.cache_resource
def _live(key: str, _config: SheetConfig) -> LiveSource:
    """One LiveSource per configured sheet for the whole server (all sessions share it)."""
    return LiveSource(
        lambda count: make_reader(_config, count, get_campaign().limits), ttl=_config.ttl, email=_config.email
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _validated(_raw: RawWorkbook, token: str, today: dt.date) -> Dataset:
    """Validation runs once per distinct content read (token), shared by every session."""
    return validate(_raw, get_campaign(), today)


@st.cache_resource(show_spinner=False)
def _sample_raw() -> RawWorkbook:
    return read_sample()


@st.cache_data(show_spinner=False)
def _template(_campaign: Campaign, campaign_name: str) -> bytes:
    from lib.template import template_xlsx  # only when the sidebar is drawn

    return template_xlsx(_campaign)


def _secrets() -> dict:
    """secrets.toml as a dict, or {} when there is none (the sample is then shown)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or an unreadable one: run on the sample
        return {}


def sheet_config() -> SheetConfig | None:
    return config_from_secrets(_secrets())


def live_source(config: SheetConfig) -> LiveSource:
    identity = f"{config.spreadsheet_id}|{config.email}|{config.api_base_url}|{config.docs_base_url}|{config.ttl}"
    key = hashlib.sha256(identity.encode()).hexdigest()
    return _live(key, config)


# ------------------------------------------------------------------------------ source


@dataclass(frozen=True)
class _UploadRead:
    """A session's upload as read and validated. It lives in that session's state only, never in
    a server-wide cache (each was ~1,3 GB for a 1M-row file, kept for good), so it goes when the
    session ends or drops the upload; it is read again only for another file or another day."""

    upload: tuple  # what st.session_state["upload"] held
    key: tuple[str, dt.date]  # its digest, today
    dataset: Dataset
    status: SourceStatus


def _validated_upload(upload: tuple, today: dt.date) -> _UploadRead:
    """Read and validate an upload, st.session_state["upload"]: (the file's name, its bytes), or
    for several .csv files (their names, ((name, bytes), ...)), within lib.sources.limits. A
    cell no rule foresaw gives no figures and a banner saying why; a file that cannot be read at
    all (over a cap, damaged, unknown encoding) or changed shape raises, and is refused."""
    name, data = upload
    status = SourceStatus("file", name, read_at=time.time())
    key = (_digest(data), today)
    try:
        limits = get_campaign().limits  # campaign.toml's [limits]
        raw = read_bytes(data, name, limits=limits) if isinstance(data, bytes) else read_files(data, limits=limits)
        return _UploadRead(upload, key, validate(raw, get_campaign(), today), status)
    except SourceError:
        raise
    except Exception as exc:  # shown as a banner with a scrubbed detail, never a traceback
        problem = Problem("bad_data", scrub(f"{type(exc).__name__}: {exc}"))
    return _UploadRead(upload, key, _empty("file", today), replace(status, problem=problem))


def _refusal(exc: SourceError, upload: tuple, lang: str) -> str:
    """Why an upload was refused, file text kept literal in Markdown; a changed-shape .csv
    upload also says which files make a workbook."""
    if not isinstance(exc, FileError | ShapeError):
        return plain(str(exc))
    message = exc.message(lang, plain)
    name, data = upload
    if isinstance(exc, ShapeError) and (not isinstance(data, bytes) or name.lower().endswith(".csv")):
        message += " " + _csv_hint(lang)
    return message


def _csv_hint(lang: str) -> str:
    """Which .csv files make a workbook: one per tab the contract needs or expects."""
    files = ", ".join(f"{spec.name}.csv" for spec in tab_specs() if spec.presence != "optional")
    return t("sourcepage.upload_csv_hint", lang, files=files)


@st.cache_resource(max_entries=8, show_spinner=False)
def _empty(kind: str, today: dt.date) -> Dataset:
    """No figures at all (one object, so what pages derive from it is cached like the rest)."""
    return validate(RawWorkbook({}, kind, ""), get_campaign(), today)


@dataclass(frozen=True)
class _Good:
    dataset: Dataset
    read_at: float | None
    shrunk: tuple[Shrunk, ...]  # against the good read before it


@st.cache_resource
def _last_good() -> dict[str, _Good]:
    """The latest dataset each source validated, shown again if a new read cannot be used."""
    return {}


def _guarded(source: str, status: SourceStatus, compute) -> tuple[Dataset, SourceStatus]:
    """A read that changed shape, or a cell no rule foresaw, never takes the dashboard down:
    the last good figures (or none) stay, with the reason in a banner. A good read that lost
    most of a tab's rows is shown, with a warning that stays as long as it is the latest."""
    try:
        ds = compute()
    except ShapeError as exc:  # names the tab or column; sheet text kept literal in Markdown
        return _fallback(source, status, shape_problem(exc))
    except SourceError:
        raise
    except Exception as exc:  # shown as a banner with a scrubbed detail, never a traceback
        return _fallback(source, status, Problem("bad_data", scrub(f"{type(exc).__name__}: {exc}"), status.email))
    good = _last_good().get(source)
    if good is None or good.dataset is not ds:
        shrunk = tuple(shrunk_tabs(good.dataset, ds)) if good is not None else ()
        good = _last_good()[source] = _Good(ds, status.read_at, shrunk)
    record_read(source, ds, status)  # once per read: see the snapshot store section at the end
    return ds, replace(status, shrunk=good.shrunk)


def _fallback(source: str, status: SourceStatus, problem: Problem) -> tuple[Dataset, SourceStatus]:
    """The last good figures of `source` (or none), with the problem and that read's time."""
    good = _last_good().get(source)
    if good is None:
        return _empty(status.kind, clock.today()), replace(status, problem=problem, read_at=None)
    return good.dataset, replace(status, problem=problem, read_at=good.read_at)


def _digest(data: bytes | tuple[tuple[str, bytes], ...]) -> str:
    """sha256 of the uploaded file (or files, with their names), computed once per upload (not
    on every rerun)."""
    known = st.session_state.get("_upload_digest")
    if known is None or known[0] is not data:
        digest = hashlib.sha256(data if isinstance(data, bytes) else b"")
        for name, body in () if isinstance(data, bytes) else data:
            digest.update(name.encode() + b"\0")
            digest.update(body)
        known = (data, digest.hexdigest())
        st.session_state["_upload_digest"] = known
    return known[1]


def _load(today: dt.date, refresh: bool, lang: str) -> tuple[Dataset, SourceStatus]:
    upload = st.session_state.get("upload")
    held = st.session_state.get("_upload_read")
    if upload is None:  # none, or dropped: its figures and bytes go with it
        st.session_state.pop("_upload_read", None)
        st.session_state.pop("_upload_digest", None)
    elif held is None or held.key != (_digest(upload[1]), today):
        try:
            held = st.session_state["_upload_read"] = _validated_upload(upload, today)
        except SourceError as exc:  # not read, or changed shape: the figures shown stay
            st.error(_refusal(exc, upload, lang))
            if held is not None and held.upload is not upload:  # this session's earlier upload
                st.session_state["upload"] = upload = held.upload
                st.session_state["_upload_digest"] = (upload[1], held.key[0])
            else:  # the main source's
                for key in ("upload", "_upload_read", "_upload_digest"):
                    st.session_state.pop(key, None)
                upload = held = None
    if upload is not None and held is not None:
        return held.dataset, held.status
    config = sheet_config()
    if config is None:
        raw = _sample_raw()
        return _guarded("sample", SourceStatus("sample", raw.title), lambda: _validated(raw, "sample", today))
    live = live_source(config)
    with st.spinner(t("source.reading", lang)):
        snap = live.snapshot(force=refresh)
    status = _status(config, live, snap)
    raw = snap.raw or RawWorkbook({}, "gsheet" if not config.public else "public", "")
    token = _read_token(config.spreadsheet_id, snap.read_at, raw)
    return _guarded(config.spreadsheet_id, status, lambda: _validated(raw, token, today))


@st.cache_resource(max_entries=16, show_spinner=False)
def _read_token(spreadsheet_id: str, read_at: float | None, _raw: RawWorkbook) -> str:
    """One read's token: a digest of what it holds, computed once per read. A new read of an
    unchanged sheet (the usual case, every TTL) then keeps its validated dataset and every
    table and chart derived from it, instead of validating and computing them all again.

    marshal writes each cell with its type (1, 1.0 and TRUE differ) and is fast (about 0.4 s
    for 10 million cells); equal digests mean equal content.
    """
    try:
        content = marshal.dumps((_raw.title, _raw.tabs), 2)
    except ValueError:  # a cell marshal cannot write (a date from an .xlsx export): per read
        return f"{spreadsheet_id}:{read_at}"
    return f"{spreadsheet_id}:{hashlib.sha256(content).hexdigest()}"


def _status(config: SheetConfig, live: LiveSource, snap: Snapshot) -> SourceStatus:
    return SourceStatus(
        kind="public" if config.public else "gsheet",
        title=snap.raw.title if snap.raw else "",
        read_at=snap.read_at,
        problem=snap.problem,
        email=config.email,
        requests_last_hour=live.requests_last_hour(),
        throttled_for=live.seconds_until_refresh() if snap.throttled else 0.0,
        spreadsheet_id=config.spreadsheet_id,
        ttl=config.ttl,
    )


# ----------------------------------------------------------------------------- filters


def language() -> str:
    """'vi' unless the URL or the sidebar switch asks for English."""
    if "f_lang" not in st.session_state:
        st.session_state["f_lang"] = st.query_params.get(Q_LANG) == "en"
    return "en" if st.session_state["f_lang"] else "vi"


def setup() -> View:
    """Load data and draw the shared sidebar filters; the result is kept for the pages."""
    campaign = get_campaign()
    today = clock.today()
    lang = language()
    refresh = st.sidebar.button(t("source.refresh", lang), key="refresh", icon=":material/refresh:")
    ds, status = _load(today, refresh, lang)
    filters = _sidebar(ds, campaign, today, lang)
    view = View(campaign, ds, filters, today, status)
    st.session_state["_view"] = view
    return view


def reload() -> View:
    """The same filters on the freshest shared data (for the meeting mode's timed reruns)."""
    view = current()
    ds, status = _load(view.today, False, view.lang)
    return View(view.campaign, ds, view.filters, view.today, status)


def current() -> View:
    """What `setup()` prepared in this run (pages run after the app's own code)."""
    if _ran_without_app():
        st.rerun()  # now through app.py, which draws the frame and runs this page
    view = st.session_state.get("_view")
    return view if view is not None else setup()


def _ran_without_app() -> bool:
    """On a server's very first run Streamlit does not know yet that app.py declares the pages
    (`st.navigation`): because a `pages/` folder exists it finds the page by file name and runs
    it alone. Tell it what `st.navigation` would (Streamlit's own flag), so the rerun goes
    through app.py; without this, a link to any page opened first after a restart showed
    Streamlit's English "Page not found" dialog."""
    from streamlit.runtime.pages_manager import PagesManager  # private: pinned Streamlit

    if not PagesManager.uses_pages_directory:
        return False
    PagesManager.uses_pages_directory = False
    return True


# ------------------------------------------------------------------------------ access


def authorised() -> bool:
    """May this viewer see person lists and unmasked phone and ID numbers?"""
    if st.session_state.get("_authorised"):
        return True
    config = access_from_secrets(_secrets())
    if config.oidc and config.allowed_emails:
        return _signed_in() and user_allowed(config, st.user)
    return False


def access_panel(lang: str) -> None:
    """The sign-in for personal data: a password form, and Streamlit's OIDC login if set up."""
    config = access_from_secrets(_secrets())
    if not config.enabled:
        st.info(t("access.not_configured", lang), icon=":material/lock:")
        return
    st.info(t("access.locked", lang), icon=":material/lock:")
    if config.password_hash:
        with st.form("access_form", clear_on_submit=True, border=False):
            password = st.text_input(t("access.password", lang), type="password", key="access_password")
            if st.form_submit_button(t("access.unlock", lang), key="access_submit"):
                _try_password(password, config.password_hash, lang)
    if config.oidc and config.allowed_emails:
        if _signed_in():  # but not allowed: say which account, and offer to leave it
            email = str(st.user.get("email") or "?").replace("`", "")
            st.warning(t("access.not_allowed", lang, email=email), icon=":material/person_off:")
            st.button(t("access.logout", lang), on_click=st.logout, key="access_logout")
        else:
            st.button(t("access.login", lang), on_click=st.login, key="access_login")
            st.caption(t("access.login_note", lang))


@st.cache_resource
def _guesses() -> GuessLimiter:
    """Wrong passwords of every session of this server (one limiter for all)."""
    return GuessLimiter()


def _try_password(password: str, stored: str, lang: str) -> None:
    """Unlock on the right password; slow down, then lock out, repeated wrong ones per session
    and for the whole server (a new session gives no fresh tries)."""
    session = st.session_state.setdefault("_guess_key", f"session:{uuid.uuid4().hex[:12]}")
    keys = [(session, SESSION_POLICY), ("server", SERVER_POLICY)]
    now = time.monotonic()
    wait = _guesses().wait_seconds(keys, now)
    if wait > 0:
        st.error(t("access.wait", lang, seconds=int(wait) + 1))
        return
    if verify_password(password, stored):
        _guesses().succeeded(session)
        st.session_state["_authorised"] = True
        st.rerun()
    _guesses().failed(keys, now)
    st.error(t("access.wrong", lang))


def _signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # no OIDC support installed or configured
        return False


def lock() -> None:
    st.session_state["_authorised"] = False
    if st.user.get("is_logged_in"):
        st.logout()


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


@functools.lru_cache(maxsize=65536)
def _village_label(name: str) -> str:
    """'Thôn Đông Hà (Thon Dong Ha)': the search box then finds it typed without diacritics."""
    plain = strip_diacritics(name)
    return name if plain == name else f"{name} ({plain})"


def _sidebar(ds: Dataset, campaign: Campaign, today: dt.date, lang: str) -> Filters:
    q = st.query_params
    names = ds.village_names
    groups = [g.key for g in campaign.groups]
    phases = [0, *(p.id for p in campaign.phases)]
    default_as_of = metrics.default_as_of(ds, today, campaign)
    first_day = min(metrics.first_day(ds, campaign), today)
    _init("f_villages", [v for v in q.get_all(Q_VILLAGES) if v in names])
    _init("f_group", q.get(Q_GROUP) if q.get(Q_GROUP) in groups else groups[0])
    phase = q.get(Q_PHASE, "")
    _init("f_phase", int(phase) if phase.isascii() and phase.isdigit() and int(phase) in phases else 0)
    chosen = _date_param(q.get(Q_AS_OF), first_day, today)
    _init("f_as_of_auto", chosen is None)  # follows the data until the viewer picks a date
    held = st.session_state.get("f_as_of")
    if st.session_state["f_as_of_auto"] or held is None or not first_day <= held <= today:
        st.session_state["f_as_of"] = chosen or default_as_of
    _init("f_meeting", q.get(Q_MEETING) == "1")
    _init("f_rotate", _rotate_param(q.get(Q_ROTATE)))
    # A village can vanish from the sheet between reads: keep only the ones still there.
    st.session_state["f_villages"] = [v for v in st.session_state["f_villages"] if v in names]
    with st.sidebar:
        st.toggle(t("filters.english", lang), key="f_lang")
        st.toggle(t("filters.meeting", lang), key="f_meeting", help=t("filters.meeting_help", lang))
        st.header(t("filters.header", lang))
        st.multiselect(
            t("filters.villages", lang),
            names,
            key="f_villages",
            format_func=_village_label,
            help=t("filters.villages_help", lang),
            placeholder=t("scope.commune", lang, n=len(names)),
        )
        st.selectbox(
            t("filters.group", lang),
            groups,
            key="f_group",
            format_func=lambda k: campaign.group(k).title(lang),
        )
        st.selectbox(
            t("filters.phase", lang),
            phases,
            key="f_phase",
            format_func=lambda p: t("filters.all_phases", lang) if p == 0 else _phase_label(campaign, p, lang),
        )
        st.date_input(
            t("filters.as_of", lang),
            key="f_as_of",
            min_value=first_day,
            max_value=today,
            format="DD/MM/YYYY",
            on_change=_as_of_chosen,
        )
        st.caption(t("filters.share", lang))
        st.download_button(
            t("filters.template", lang),
            _template(campaign, campaign.name),
            file_name="mau-nhap-lieu-ihatinh.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="template_download",
        )
    filters = Filters(
        villages=tuple(st.session_state["f_villages"]),
        group=st.session_state["f_group"],
        phase=st.session_state["f_phase"] or None,
        as_of=st.session_state["f_as_of"],
        lang="en" if st.session_state["f_lang"] else "vi",
        meeting=bool(st.session_state["f_meeting"]),
        rotate=st.session_state["f_rotate"] if st.session_state["f_meeting"] else 0,
    )
    _write_query(filters, follows_data=st.session_state["f_as_of_auto"])
    return filters


def _rotate_param(value: str | None) -> int:
    """Seconds per page from ?xoay=N, within ROTATE_SECONDS; 0 (no rotation) when absent or not a number."""
    if not value or not value.isascii() or not value.isdigit():
        return 0
    low, high = ROTATE_SECONDS
    return min(max(int(value), low), high)


def meeting_requested() -> bool:
    """Meeting mode asked for by the URL or the switch (read before the sidebar is drawn)."""
    return st.session_state.get("f_meeting", st.query_params.get(Q_MEETING) == "1")


def meeting_watch(view: View, rotation: list[str], here: str) -> None:
    """Meeting mode keeps every page current by itself: every TTL the page checks the shared
    data (no extra Google reads: the same cache as every viewer) and redraws only when it
    changed; with ?xoay=N it goes to the next page of `rotation` every N seconds. Shows when
    the screen was last brought up to date."""
    f = view.filters
    if not f.meeting:
        return
    st.session_state["_drawn_at"] = time.monotonic()
    every = f.rotate or max(view.source.ttl, 5)

    @st.fragment(run_every=every)
    def watch() -> None:
        if f.rotate and time.monotonic() - st.session_state["_drawn_at"] >= f.rotate - 1:
            addresses = [p.removeprefix("pages/").removesuffix(".py") for p in rotation]
            at = addresses.index(here) if here in addresses else -1
            st.switch_page(rotation[(at + 1) % len(rotation)])
        if reload().token != view.token:
            st.rerun()
        st.caption(t("meeting.updated", view.lang, time=fmt_time(time.time())))

    watch()


def _as_of_chosen() -> None:
    st.session_state["f_as_of_auto"] = False


def _phase_label(campaign: Campaign, phase_id: int, lang: str) -> str:
    phase = campaign.phase(phase_id)
    return f"{phase.title(lang)} ({fmt_date(phase.start)} – {fmt_date(phase.end)})"


def _date_param(value: str | None, low: dt.date, high: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if low <= day <= high else None


def _write_query(f: Filters, follows_data: bool) -> None:
    """Mirror the filters into the URL so the address bar is a shareable view."""
    wanted: dict[str, str | list[str]] = {}
    if f.villages:
        wanted[Q_VILLAGES] = list(f.villages)
    wanted[Q_GROUP] = f.group
    if f.phase:
        wanted[Q_PHASE] = str(f.phase)
    if not follows_data:  # a chosen date is part of the view; the default follows the data
        wanted[Q_AS_OF] = f.as_of.isoformat()
    if f.lang == "en":
        wanted[Q_LANG] = "en"
    if f.meeting:
        wanted[Q_MEETING] = "1"
    if f.rotate:
        wanted[Q_ROTATE] = str(f.rotate)
    current = {k: (st.query_params.get_all(k) if k == Q_VILLAGES else st.query_params.get(k)) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


# ------------------------------------------------------------------ derived tables, figures
#
# A validated dataset is shared by every session (see `_validated`), so what the pages derive
# from it is too: each table below is computed once per dataset and filter choice, for the
# whole server, and a rerun that changed nothing (or a viewer choosing what another already
# chose) reads it back. Keys are a token naming the dataset plus the filters; DataFrames are
# never hashed. Tables go through st.cache_data (each caller gets its own copy); figures through
# st.cache_resource (shared objects: st.plotly_chart only reads them).


def dataset_token(ds: Dataset) -> str:
    """A name for this validated dataset object, the same in every session that shows it."""
    token = ds.__dict__.get("_ui_token")
    if token is None:
        token = ds.__dict__.setdefault("_ui_token", uuid.uuid4().hex)
    return token


def _villages_key(view: View) -> tuple[str, ...]:
    return tuple(view.filters.villages)


@st.cache_data(max_entries=256, show_spinner=False)
def _target_results(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple, phase, today):
    return metrics.target_results(_ds, _campaign, as_of, list(villages) or None, phase, today)


def target_results(view: View) -> list[metrics.Evaluation]:
    f = view.filters
    args = (f.as_of, _villages_key(view), f.phase, view.today)
    return _target_results(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _behind(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple, phase: int, today):
    return ranking.villages_behind(_ds, _campaign, as_of, today, list(villages) or None, phase)


def current_phase(view: View) -> Phase:
    """The phase the sidebar chose, else the one the as-of date falls in (`ranking.current_phase`)."""
    f = view.filters
    return view.campaign.phase(f.phase) if f.phase else ranking.current_phase(view.campaign, f.as_of)


def villages_behind(view: View) -> list[ranking.Behind]:
    """The villages behind on the current phase's targets, most people missing first."""
    f = view.filters
    args = (f.as_of, _villages_key(view), current_phase(view).id, view.today)
    return _behind(view.token, view.dataset, view.campaign, *args)


def goal(view: View, group: str) -> tuple[int, str] | None:
    """(installs the group's target of the current phase needs over the selection, its rule
    in words), or None without a target or a base."""
    from lib.formatting import rule_text

    phase = current_phase(view).id
    e = next((e for e in target_results(view) if e.group == group and e.target.phase == phase), None)
    if e is None or e.base is None:
        return None
    return metrics.required_installs(e.base, e.target), rule_text(e.target.rule, e.target.percent, view.lang)


def actions_today(view: View) -> list[actions.Action]:
    return actions.for_today(helpers_by_village(view), view.dataset)


@st.cache_data(max_entries=256, show_spinner=False)
def _commune_progress(token: str, _ds: Dataset, _campaign: Campaign, until: dt.date, villages: tuple):
    return metrics.commune_progress(_ds, _campaign, until, list(villages) or None)


def commune_progress(view: View):
    return _commune_progress(view.token, view.dataset, view.campaign, view.filters.as_of, _villages_key(view))


@st.cache_data(max_entries=256, show_spinner=False)
def _helpers_by_village(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple):
    return metrics.helpers_by_village(_ds, _campaign, as_of, list(villages) or None)


def helpers_by_village(view: View):
    return _helpers_by_village(view.token, view.dataset, view.campaign, view.filters.as_of, _villages_key(view))


@st.cache_data(max_entries=256, show_spinner=False)
def _unit_table(token: str, _ds: Dataset, _campaign: Campaign, unit: str, group: str, as_of, villages, phase, today):
    if unit == "agency":
        return metrics.agency_table(_ds, _campaign, group, as_of, phase, today)
    return metrics.village_table(_ds, _campaign, group, as_of, list(villages) or None, phase, today)


def unit_table(view: View, group: str):
    """Per village (or per agency, for an agency group) against the group's target."""
    f, unit = view.filters, view.campaign.group(group).unit
    args = (unit, group, f.as_of, _villages_key(view), f.phase, view.today)
    return _unit_table(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _progress_series(token: str, _ds: Dataset, _campaign: Campaign, group, until, villages, label, phase):
    return metrics.progress_series(_ds, _campaign, group, until, list(villages) or None, label, phase)


def progress_series(view: View, group: str, commune_label: str):
    f = view.filters
    args = (group, f.as_of, _villages_key(view), commune_label, f.phase)
    return _progress_series(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _family_groups(token: str, _ds: Dataset, _campaign: Campaign, group: str, as_of, village: str, phase, today):
    return metrics.family_group_table(_ds, _campaign, group, as_of, [village], phase, today)


def family_group_table(view: View, village: str):
    """One village's inter-family groups against the chosen group's target."""
    f = view.filters
    args = (f.group, f.as_of, village, f.phase, view.today)
    return _family_groups(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=32, show_spinner=False)
def _drillable(token: str, _ds: Dataset, villages: tuple):
    return metrics.villages_with_family_groups(_ds, list(villages) or None)


def villages_with_family_groups(view: View) -> list[str]:
    return _drillable(view.token, view.dataset, _villages_key(view))


@st.cache_data(max_entries=32, show_spinner=False)
def _listed(token: str, _ds: Dataset, villages: tuple):
    return metrics.villages_with_list(_ds, list(villages) or None)


def villages_with_list(view: View) -> list[str]:
    return _listed(view.token, view.dataset, _villages_key(view))


@st.cache_data(max_entries=64, show_spinner=False)
def _people_of(token: str, _ds: Dataset, village: str, as_of: dt.date):
    return metrics.people_table(_ds, [village], as_of)


def people_of(view: View, village: str):
    """One village's person list up to the as-of date (a province list holds a million rows;
    a page shows one village's few hundred). Call only for an authorised viewer."""
    return _people_of(view.token, view.dataset, village, view.filters.as_of)


@st.cache_data(max_entries=8, show_spinner=False)
def _list_summary(token: str, _ds: Dataset):
    from lib.people import list_summary

    return list_summary(_ds.people, _ds.village_names)


def list_summary(view: View):
    """Per village with a person list: rows, people counted, repeats, minors (one pass per read)."""
    return _list_summary(view.token, view.dataset)


@st.cache_data(max_entries=256, show_spinner=False)
def _crosscheck(token: str, _ds: Dataset, _campaign: Campaign, group: str, as_of, villages: tuple, by_group: bool):
    return metrics.crosscheck_table(_ds, _campaign, group, as_of, list(villages) or None, by_group)


def crosscheck_table(view: View, by_family_group: bool = False, village: str | None = None):
    """Per village of the selection, or per inter-family group (of one `village` when given)."""
    f = view.filters
    args = (f.group, f.as_of, (village,) if village else _villages_key(view), by_family_group)
    return _crosscheck(view.token, view.dataset, view.campaign, *args)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(kind: str, token: str, key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


def figure(kind: str, view: View, key: tuple, build: Callable[[], Any]) -> Any:
    """A chart built once per dataset, `kind` and `key` (which must name everything `build`
    reads besides the dataset: filters, group, language) and shared; never modify it."""
    return _figure(kind, view.token, key, build)


def show_figure(fig: Any, key: str) -> None:
    """Draw a chart of lib.charts. Without Streamlit's plotly theme (`theme=None`): re-applied
    in the browser on every redraw it cost ~0,2 s (bench/RESULTS.md, browser); the charts'
    whole look is set in `charts._chart`."""
    st.plotly_chart(fig, key=key, theme=None)


@st.cache_resource(max_entries=32, show_spinner=False)
def _table(kind: str, token: str, key: tuple, _build: Callable[[], Styler]) -> Styler:
    return _rendered(_build())


def table(kind: str, view: View, key: tuple, build: Callable[[], Styler]) -> Styler:
    """A formatted table (a pandas Styler from lib.tables) built and rendered once per dataset,
    `kind` and `key` (everything `build` reads besides the dataset), shared; never modify it."""
    return _table(kind, view.token, key, build)


class _Translated(dict):
    """What pandas' `Styler._translate(False, False)` returns for a cached table, plus the
    display values already in the Arrow bytes Streamlit would make of them."""

    display_values: bytes = b""


def _rendered(styler: Styler) -> Styler:
    """Format every cell now, once, instead of on every rerun.

    st.dataframe turns a Styler into display strings by calling its `_compute()` and
    `_translate(False, False)` and reading, of the result, the table and cell styles (lib.tables
    sets none) and each body cell's `id` ('row3_col2') and `display_value`. pandas' own
    `_translate` builds a dozen keys per cell besides (~5 µs a cell: 150 ms for 2.100 villages);
    this gives the same display values from the Styler's own formatters, once, and hands them
    back to later calls with the same arguments. Any other call still goes to pandas.
    Streamlit then writes those strings into a copy of the table cell by cell and serialises it
    (15 % of the server's CPU with 20 viewers): that is done here once too, with Streamlit's
    own functions, and `_marshall_display_values` hands the bytes over (see below).
    tests/test_caching.py checks that Streamlit sends the same bytes from both.
    """
    import pandas as pd
    from streamlit.elements.lib import pandas_styler_utils

    styler._compute()
    data, formatter = styler.data, styler._display_funcs
    shown = [
        [formatter[(i, j)](value) for i, value in enumerate(data.iloc[:, j].tolist())] for j in range(data.shape[1])
    ]
    body = [
        [{"id": f"row{i}_col{j}", "display_value": column[i]} for j, column in enumerate(shown)]
        for i in range(len(data))
    ]
    rendered = _Translated(table_styles=[], cellstyle=[], body=body)
    # What Streamlit's _use_display_values makes (the table as text, every cell its display
    # string), built by columns instead of cell assignments; the test compares the bytes.
    display = pd.DataFrame({j: [str(v) for v in column] for j, column in enumerate(shown)}, index=data.index, dtype=str)
    display.columns = data.columns
    rendered.display_values = pandas_styler_utils.dataframe_util.convert_pandas_df_to_arrow_bytes(display)
    translate = styler._translate

    def _translate_once(*args: Any, **kwargs: Any) -> dict:
        return rendered if args == (False, False) and not kwargs else translate(*args, **kwargs)

    styler._compute = lambda: styler  # the styles are applied already
    styler._translate = _translate_once
    return styler


def _display_values_made_once() -> None:
    """Let Streamlit's styler marshalling take a cached table's display values as made.

    Streamlit 1.67 calls `_marshall_display_values(proto, df, styles)` with what `_translate`
    returned; for a `_Translated` that already holds the bytes it would compute, they are
    used as they are. Anything else goes the usual way."""
    from streamlit.elements.lib import pandas_styler_utils

    usual = pandas_styler_utils._marshall_display_values
    if getattr(usual, "made_once", False):
        return

    def marshall(proto: Any, df: Any, styles: Any) -> None:
        if isinstance(styles, _Translated) and styles.display_values:
            proto.styler.display_values = styles.display_values
        else:
            usual(proto, df, styles)

    marshall.made_once = True  # type: ignore[attr-defined]
    pandas_styler_utils._marshall_display_values = marshall


_display_values_made_once()


# ------------------------------------------------------------------- reports and downloads
#
# Files are made when a download button is clicked (Streamlit runs the callable then, off the
# script thread), never on an ordinary rerun. A phase report is kept per dataset and choice
# for every viewer; a table's CSV or Excel file is quick and made on each click.


@st.cache_data(max_entries=32, show_spinner=False)
def _report_file(
    token: str, _ds: Dataset, _campaign: Campaign, phase: int, as_of: dt.date, fmt: str, lang: str, issued: dt.date
) -> bytes:
    """Kept per dataset, phase, report date (not the sidebar's: every date after a phase's
    end makes the same report), format, language and issue day (statuses and the date line)."""
    from lib.reports import build_report  # python-docx, fpdf2, matplotlib: only for a report

    return build_report(_ds, _campaign, phase, as_of, fmt, lang, issued=issued)


def report_file(view: View, phase: int, fmt: str) -> bytes:
    """The phase report for the whole commune as of the sidebar's date, or of the phase's last
    day if that is earlier (`reports.report_as_of`), dated today."""
    from lib.reports import report_as_of

    as_of = report_as_of(view.campaign, phase, view.filters.as_of, view.today)[0]
    return _report_file(view.token, view.dataset, view.campaign, phase, as_of, fmt, view.lang, view.today)


@st.cache_data(max_entries=64, show_spinner=False)
def _bulletin(token: str, _ds: Dataset, _campaign: Campaign, as_of, villages: tuple, lang: str, link: str, today):
    from lib import bulletin

    return bulletin.bulletin_text(_ds, _campaign, as_of, lang, link or None, today, list(villages) or None)


def _share_link() -> str:
    """This page's address with its filters, as the viewer's browser has it; nothing when
    unknown (AppTest) or too long for a message (bulletin.clean_link's limit)."""
    from urllib.parse import urlencode

    from lib import bulletin

    base = st.context.url or ""
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    try:
        return bulletin.clean_link(f"{base}?{query}" if base and query else base) if base else ""
    except ValueError:
        return bulletin.clean_link(base)


def share(view: View) -> None:
    """'Chia sẻ': the Zalo bulletin to copy (st.code has a copy button) and the ranking as a
    PNG for a phone, made only when asked for (lib/bulletin.py)."""
    from lib import bulletin

    f, lang = view.filters, view.lang
    with st.popover(t("share.button", lang), icon=":material/share:"):
        args = (f.as_of, _villages_key(view), lang, _share_link(), view.today)
        st.caption(t("share.text_help", lang))
        st.code(_bulletin(view.token, view.dataset, view.campaign, *args), language=None, wrap_lines=True)
        st.download_button(
            t("share.png", lang),
            lambda: bulletin.bulletin_png(
                view.dataset, view.campaign, f.as_of, lang, view.today, list(f.villages) or None
            ),
            file_name=f"ban-tin-{f.as_of.isoformat()}.png",
            mime="image/png",
            key="share_png",
            on_click="ignore",
            icon=":material/image:",
        )


def download_buttons(view: View, frame: Any, name: str, key: str, unmasked: bool = False) -> None:
    """'Tải CSV' and 'Tải Excel' under a table: the frame as shown (a table's `.data`: headers
    in the viewer's language, numbers unformatted), masked and safe against formula injection."""
    from lib import exports

    lang, stem = view.lang, f"{name}-{view.filters.as_of.isoformat()}"
    with st.container(horizontal=True):
        st.download_button(
            t("export.csv", lang),
            lambda: exports.table_csv(frame, lang=lang, unmasked=unmasked),
            file_name=f"{stem}.csv",
            mime=exports.CSV_MIME,
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )
        st.download_button(
            t("export.xlsx", lang),
            lambda: exports.table_xlsx(frame, name, lang=lang, unmasked=unmasked),
            file_name=f"{stem}.xlsx",
            mime=exports.XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )


# ---- snapshot store (issue #16)
#
# Every good read of the main source (the Google Sheet, or the bundled sample) is kept in the
# snapshot store (lib/store): `[store]` in secrets.toml, else the URL in IHATINH_STORE_URL (the
# tests point it at a temporary folder), else SQLite in data/store/. A session's upload is not
# kept: it is one viewer's file, not the commune's sheet, and never enters another viewer's
# figures either. A store that cannot be opened or written is logged (one line, no password)
# and the pages go on serving: the history is a record, not a condition of the dashboard.

STORE_ENV = "IHATINH_STORE_URL"


def _store_settings():
    import os

    from lib.store import StoreSettings, settings_from_secrets

    settings = settings_from_secrets(_secrets())
    if settings.url is None and os.environ.get(STORE_ENV):
        settings = StoreSettings(url=os.environ[STORE_ENV], retention_days=settings.retention_days)
    return settings


@st.cache_resource(show_spinner=False)
def _store_engine(url: str | None) -> Any:
    from lib.store import open_store

    return open_store(url)


def snapshot_store() -> Any | None:
    """The store's engine, or None (with a logged warning) when it cannot be opened."""
    try:
        return _store_engine(_store_settings().url)
    except Exception as exc:  # the store down: pages keep serving
        _store_warning("open", exc)
        return None


def _store_warning(what: str, exc: BaseException) -> None:
    import logging
    import re

    from lib.privacy import mask_text

    detail = re.sub(r"://([^:/@\s]+):[^@\s]*@", r"://\1:***@", str(exc).splitlines()[0] if str(exc) else "")
    logging.getLogger(__name__).warning(
        "snapshot store (%s) failed: %s: %s", what, type(exc).__name__, mask_text(scrub(detail))
    )


@st.cache_resource(show_spinner=False)
def _campaign_text() -> str:
    from lib.campaign import DEFAULT_PATH

    return DEFAULT_PATH.read_text(encoding="utf-8")


@st.cache_resource(show_spinner=False)
def _recorded() -> dict[tuple, int | None]:
    """The reads already handed to the store (a few hundred keys at most), so a rerun or a
    second viewer of the same read never records it again."""
    return {}


def store_source(source: str | None = None) -> str:
    """The main source's name in the store: 'sample', or 'gsheets:' and a hash of the sheet's ID."""
    from lib.store import source_label

    if source is None:
        config = sheet_config()
        source = "sample" if config is None else config.spreadsheet_id
    return "sample" if source == "sample" else source_label("gsheets", source)


def _read_moment(read_at: float | None) -> dt.datetime:
    """A read's time as the store keeps it: the commune's wall clock on `clock.today()`."""
    wall = dt.datetime.fromtimestamp(read_at if read_at is not None else time.time(), clock.ZONE)
    return dt.datetime.combine(clock.today(), wall.time().replace(microsecond=0))


def record_read(source: str, ds: Dataset, status: SourceStatus) -> None:
    """Keep a good read of the main source in the store, once per read (a new read of an
    unchanged sheet only moves its snapshot's 'last checked'). Never raises."""
    if source != "sample" and (status.problem is not None or status.read_at is None):
        return
    key = (source, dataset_token(ds), status.read_at)
    done = _recorded()
    if key in done:
        return
    done[key] = None  # tried once, whatever happens: a store that is down is not asked again per rerun
    if len(done) > 256:
        for old in list(done)[:128]:
            done.pop(old, None)
    try:
        from lib.store import record

        engine = snapshot_store()
        if engine is None:
            return
        settings = _store_settings()
        done[key] = record(
            engine,
            ds,
            _campaign_text(),
            store_source(source),
            _read_moment(status.read_at),
            retention_days=settings.retention_days,
        )
    except Exception as exc:  # the store down or full: pages keep serving
        _store_warning("record", exc)


def stored_reads() -> list | None:
    """The main source's snapshots in read order; None when the store cannot be read."""
    from lib.store import list_snapshots

    engine = snapshot_store()
    if engine is None:
        return None
    try:
        return list_snapshots(engine, store_source())
    except Exception as exc:
        _store_warning("list", exc)
        return None


@st.cache_resource(max_entries=4, show_spinner=False)
def _stored_dataset(url: str | None, snapshot_id: int) -> Dataset:
    from lib.store import load

    return load(_store_engine(url), snapshot_id)


@st.cache_data(max_entries=32, show_spinner=False)
def _changes(url: str | None, from_id: int, to_id: int) -> dict:
    from lib import changes
    from lib.store import campaign_of, info

    engine = _store_engine(url)
    old, new = info(engine, from_id), info(engine, to_id)
    campaign = campaign_of(engine, to_id)
    old_ds, new_ds = _stored_dataset(url, from_id), _stored_dataset(url, to_id)
    return changes.diff(old_ds, new_ds, campaign, old.read_at, new.read_at)


def stored_changes(from_id: int, to_id: int) -> dict | None:
    """`lib.changes.diff` between two stored reads (kept per pair); None when the store fails."""
    try:
        return _changes(_store_settings().url, int(from_id), int(to_id))
    except Exception as exc:
        _store_warning("changes", exc)
        return None


@st.cache_data(max_entries=32, show_spinner=False)
def _history(url: str | None, reads: tuple[tuple[int, dt.datetime], ...], village: str) -> dict:
    from lib import changes
    from lib.store import campaign_of, village_figures

    engine = _store_engine(url)
    newest, newest_at = reads[-1]
    figures = village_figures(engine, [i for i, _ in reads])
    pairs = [(at, figures[i]) for i, at in reads if i in figures]
    ds = _stored_dataset(url, newest)
    until = metrics.default_as_of(ds, newest_at.date())
    return changes.village_history(pairs, ds, campaign_of(engine, newest), village, until)


def stored_history(snapshots: list, village: str) -> dict | None:
    """One village's coverage over read time and by report date (`lib.changes.village_history`)."""
    try:
        return _history(_store_settings().url, tuple((int(s.id), s.read_at) for s in snapshots), village)
    except Exception as exc:
        _store_warning("history", exc)
        return None


def store_now() -> dt.datetime:
    """Now as the store counts time (the commune's clock on `clock.today()`)."""
    from lib.store import now

    return now()


def stored_village_names(snapshot_id: int) -> list[str]:
    """The villages of a stored read (tab Thon's order); [] when the store fails."""
    try:
        return list(_stored_dataset(_store_settings().url, int(snapshot_id)).village_names)
    except Exception as exc:
        _store_warning("villages", exc)
        return []
