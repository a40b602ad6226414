"""The bulletin for the commune's Zalo groups: a short plain text and a picture of the ranking.

The committee coordinates through Zalo groups, not dashboards, so "Chia sẻ" gives

- `bulletin_text`: under 1.000 characters to paste into a group: the commune, the date (and
  time) of the figures, each target of the current phase with its status in words, the villages
  behind ranked by people missing with the installs a day they need, and the link;
- `bulletin_png`: the village ranking as a PNG 1080 px wide, readable on a phone.

Every figure comes from `lib.metrics` (`target_results`) and `lib.ranking` (`villages_behind`,
built on `metrics.village_table`); nothing here judges a target. The rules are in
docs/campaign.md ("Bản tin Zalo"), with an example that tests/test_bulletin.py checks.

Zalo shows text as typed (no markdown), so the text is plain; but sheet names are data: every
name is stripped of control and format characters (line breaks, bidi overrides, zero-width
marks), phone- and ID-shaped numbers are masked (`privacy.mask_text`), and long names are
clipped, so no cell can break the layout, hide text or push the bulletin over its limit.

The picture is drawn with matplotlib (Agg, object-oriented API, no pyplot: safe in the server's
threads), like the report's chart (lib/reports/chart.py), rather than plotly + kaleido. kaleido
1.x drives a Chromium process: one more system package, a browser start per image (about 2 s
according to lib/reports/chart.py; not measured again here) and a failure mode (no Chromium,
sandbox refused) the server would have to explain. Agg needs nothing outside the
process; bench/bulletin.py on the shared 2-core machine (load ~1,5): one group's 30 villages
0,55 s, two groups 0,87 s, a 300-village province 0,8-1,3 s; the text 6-50 ms. Nearly all of the
picture's time is glyph layout and rasterising (~5 ms a text), so the rows are plain rectangles
and texts in pixel coordinates, with no ticks, no automatic layout. Its bundled DejaVu Sans has
every Vietnamese glyph (tests/test_bulletin.py checks each character drawn) and is the same on
every server. Mathtext is off for every text: a name like "$x$" is drawn as typed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from lib import metrics
from lib.campaign import Campaign, Group
from lib.dataset import Dataset
from lib.formatting import fmt_date, fmt_int, fmt_pct, rule_text
from lib.privacy import mask_text
from lib.ranking import BEHIND_STATUSES, Behind, current_phase, phase_groups, villages_behind
from lib.texts import t

MAX_CHARS = 999  # "under 1.000 characters": what fits a Zalo message without "Xem thêm"
MAX_LISTED = 10  # villages listed per group at most, however much room is left
MAX_LINK = 300  # a longer link is refused rather than cut (a cut link leads nowhere)
NAME_CHARS = 40  # a village name longer than this is clipped with "…"
LABEL_CHARS = 60  # group and phase labels, the commune name


# ------------------------------------------------------------------------------- cleaning


def clean(text: object, limit: int = NAME_CHARS) -> str:
    """A name from the sheet or the configuration as one safe line of plain text: NFC,
    control/format/separator characters turned into spaces, spaces collapsed, phone- and
    ID-shaped numbers masked, clipped to `limit` characters with "…"."""
    raw = unicodedata.normalize("NFC", "" if text is None else str(text))
    kept = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in raw)
    line = mask_text(" ".join(kept.split()))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def clean_link(link: str | None) -> str:
    """The link as Zalo will recognise it: no spaces or control characters, non-ASCII
    percent-encoded (existing %XX escapes kept). Raises ValueError when over MAX_LINK."""
    if not link:
        return ""
    text = "".join(c for c in str(link) if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in "ZlZp")
    url = quote(text.strip(), safe=":/?#[]@!$&'()*+,;=%~")  # spaces as %20, Vietnamese as UTF-8 escapes
    if len(url) > MAX_LINK:
        raise ValueError(f"link of {len(url)} characters (at most {MAX_LINK})")
    return url


# ---------------------------------------------------------------------------------- text


def bulletin_text(
    dataset: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    lang: str = "vi",
    link: str | None = None,
    today: dt.date | None = None,
    villages: list[str] | None = None,
    updated: dt.datetime | None = None,
) -> str:
    """The Zalo bulletin as of `as_of`, seen on `today` (default `as_of`, as in
    `metrics.evaluate`): under 1.000 characters (`MAX_CHARS`), plain text, one item a line.

    `villages` limits the figures to those villages (agency targets stay commune-wide and
    say so); `updated` (when the data was read) adds the time when it is on the as-of day.
    """
    phase = current_phase(campaign, as_of)
    url = clean_link(link)
    head = [clean(t("app.title", lang, commune=clean(campaign.commune, LABEL_CHARS)), 2 * LABEL_CHARS)]
    if dataset.source == "sample":
        head.append(t("bulletin.sample", lang))
    if updated is not None and updated.date() == as_of:
        head.append(t("bulletin.as_of_time", lang, time=updated.strftime("%H:%M"), date=fmt_date(as_of)))
    else:
        head.append(t("bulletin.as_of", lang, date=fmt_date(as_of)))
    if villages:
        names = ", ".join(clean(v) for v in villages)
        head.append(clean(t("bulletin.scope", lang, n=fmt_int(len(villages), lang), names=names), 160))
    tail = [t("bulletin.link", lang, link=url)] if url else []

    results = metrics.target_results(dataset, campaign, as_of, villages, phase.id, today)
    targets = [_target_line(e, campaign, lang, bool(villages)) for e in results]
    heading = clean(t("bulletin.targets", lang, phase=phase.title(lang), deadline=fmt_date(phase.end)), 160)
    groups = phase_groups(campaign, phase.id)
    behind = villages_behind(dataset, campaign, as_of, today, villages, phase.id)
    sections = [(g, [b for b in behind if b.group == g.key]) for g in groups]

    def render(n_targets: int, listed: int) -> list[str]:
        shown = [heading, *targets[:n_targets]] if targets else []
        if n_targets < len(targets):
            shown.append(t("bulletin.more_targets", lang, n=fmt_int(len(targets) - n_targets, lang)))
        return [*head, *shown, *_village_lines(sections, listed, lang), *tail]

    # Every target and the most villages per group that fit; then fewer targets.
    for n_targets in range(len(targets), -1, -1):
        for listed in range(MAX_LISTED, -1, -1):
            lines = render(n_targets, listed)
            if _length(lines) <= MAX_CHARS:
                return "\n".join(lines)
    lines = render(0, 0)
    while _length(lines) > MAX_CHARS and len(lines) > len(tail) + 1:
        lines.pop(len(lines) - len(tail) - 1)  # never the link
    return "\n".join(lines)[:MAX_CHARS]


def _length(lines: list[str]) -> int:
    return len("\n".join(lines))


def _target_line(e: metrics.Evaluation, campaign: Campaign, lang: str, filtered: bool) -> str:
    group = campaign.group(e.group)
    line = t(
        "bulletin.target",
        lang,
        group=clean(group.title(lang), LABEL_CHARS),
        rate=fmt_pct(e.coverage, lang),
        rule=rule_text(e.target.rule, e.target.percent, lang),
        status=t(f"status.{e.status}", lang),
    )
    if group.unit == "agency" and filtered:
        line += t("bulletin.whole_commune", lang)
    if e.gap and e.status not in (metrics.MET, metrics.NO_DATA):
        line += t("bulletin.gap", lang, gap=fmt_int(e.gap, lang))
        if e.needed_per_day is not None:
            line += t("bulletin.per_day", lang, n=fmt_int(e.needed_per_day, lang))
    return line


def _village_lines(sections: list[tuple[Group, list[Behind]]], listed: int, lang: str) -> list[str]:
    """Per group of the phase: its villages behind, the `listed` worst named, the rest counted."""
    lines: list[str] = []
    if sections and not any(rows for _, rows in sections):
        return [t("bulletin.none_behind", lang)]
    for group, rows in sections:
        if not rows:
            continue
        label = clean(group.title(lang), LABEL_CHARS)
        heading = "bulletin.missed" if all(b.status == metrics.MISSED for b in rows) else "bulletin.behind"
        lines.append(t(heading, lang, group=label, n=fmt_int(len(rows), lang)))
        for rank, b in enumerate(rows[:listed], start=1):
            values = {"rank": rank, "village": clean(b.village), "gap": fmt_int(b.missing, lang)}
            if b.needed_per_day is None:
                lines.append(t("bulletin.village_missed", lang, **values))
            else:
                lines.append(t("bulletin.village", lang, n=fmt_int(b.needed_per_day, lang), **values))
        if 0 < listed < len(rows):
            lines.append(t("bulletin.more", lang, n=fmt_int(len(rows) - listed, lang)))
    return lines


# ----------------------------------------------------------------------------------- PNG

WIDTH_PX = 1080  # Zalo shows an image full width on a phone: 1080 px is a phone's width in pixels
DPI = 100  # 1 px = 0,72 pt
MAX_BARS = 30  # villages drawn per group; the rest are counted
RED, GREY, GREEN, INK, MUTED = "#C62828", "#90A4AE", "#2E7D32", "#212121", "#555555"
FONT = "DejaVu Sans"  # bundled with matplotlib: every Vietnamese glyph, the same on every server
ROW_PX, GROUP_PX, HEAD_PX, PAD = 56, 150, 210, 28
NAME_X, RATE_X, BAR_X, BAR_END, RIGHT_X = PAD, 470, 482, 650, WIDTH_PX - PAD


def bar_colour(status: str) -> str:
    """Red only for a village behind or missed; green when met; grey otherwise."""
    return RED if status in BEHIND_STATUSES else GREEN if status == metrics.MET else GREY


def ranking_rows(
    dataset: Dataset, campaign: Campaign, group: str, as_of: dt.date, phase: int, today: dt.date | None, villages
) -> list[dict]:
    """The picture's rows for one group, worst first: the villages behind as `villages_behind`
    ranks them (so the picture's numbers match the text's), then the others by people missing
    and rate, villages without figures last."""
    table = metrics.village_table(dataset, campaign, group, as_of, villages, phase, today)
    records = table.to_dict("records")
    order = {name: i for i, name in enumerate(dataset.village_names)}

    def key(rec: dict) -> tuple:
        no_data = rec["status"] == metrics.NO_DATA or pd.isna(rec["coverage"])
        gap = 0 if pd.isna(rec["gap"]) else int(rec["gap"])
        rest = rec["status"] not in BEHIND_STATUSES
        return (no_data, rest, -gap, 0.0 if no_data else rec["coverage"], order.get(rec["village"], 0))

    return sorted(records, key=key)


def bulletin_png(
    dataset: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    lang: str = "vi",
    today: dt.date | None = None,
    villages: list[str] | None = None,
    max_bars: int = MAX_BARS,
) -> bytes:
    """The village ranking of the current phase as a PNG `WIDTH_PX` wide: per village group
    with a target in the phase, villages worst first (most people missing on top), a bar of
    the rate against the target's dashed line, red only for villages behind or missed, and
    the people missing and installs a day needed on the right."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    phase = current_phase(campaign, as_of)
    panels = []
    for group in phase_groups(campaign, phase.id):
        target = campaign.target_for(group.key, phase.id)
        rows = ranking_rows(dataset, campaign, group.key, as_of, phase.id, today, villages)
        panels.append((group, target, rows))
    sample = dataset.source == "sample"
    height = HEAD_PX + (40 if sample else 0) + sum(GROUP_PX + ROW_PX * _shown(rows, max_bars) for _, _, rows in panels)
    height += sum(ROW_PX for _, _, rows in panels if len(rows) > max_bars or not rows) + PAD
    fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(height, 0)  # y grows downwards, in pixels
    ax.axis("off")

    def text(x: float, y: float, s: str, px: float, **kw) -> None:
        # parse_math off: a name like "$x$" from the sheet is drawn as typed, never as maths
        ax.text(
            x, y, s, fontsize=px * 0.72, family=FONT, va="center", color=kw.pop("color", INK), parse_math=False, **kw
        )

    y = PAD + 22
    title = t("bulletin.png_title", lang, commune=clean(campaign.commune, LABEL_CHARS), phase=phase.title(lang))
    text(PAD, y, clean(title, 52), 40, weight="bold")
    y += 56
    text(PAD, y, t("bulletin.as_of", lang, date=fmt_date(as_of)), 30, color=MUTED)
    if sample:
        y += 40
        text(PAD, y, t("bulletin.sample", lang), 28, color=RED, weight="bold")
    y += 48
    _legend(ax, text, y, lang)
    y += HEAD_PX - 22 - 56 - 48 - PAD
    for group, target, rows in panels:
        y = _panel(ax, text, y, group, target, rows, max_bars, lang, campaign)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def _legend(ax, text: Callable[..., None], y: float, lang: str) -> None:
    """What the colours and the dashed line mean, as one row of swatches."""
    from matplotlib.patches import Rectangle

    behind = f"{t('status.behind', lang)} / {t('status.missed', lang).lower()}"
    items = [(RED, behind), (GREY, t("status.on_track", lang)), (GREEN, t("status.met", lang))]
    x = PAD
    for colour, words in items:
        ax.add_patch(Rectangle((x, y - 12), 24, 24, color=colour))
        text(x + 32, y, words, 24, color=MUTED)
        x += 32 + len(words) * 14 + 36  # DejaVu Sans at 24 px: about 14 px a character
    ax.plot([x + 12, x + 12], [y - 16, y + 16], color=INK, linestyle=(0, (6, 4)), linewidth=2)
    text(x + 28, y, t("chart.target", lang), 24, color=MUTED)


def _shown(rows: list[dict], max_bars: int) -> int:
    return min(len(rows), max_bars)


def _panel(ax, text: Callable[..., None], y: float, group: Group, target, rows, max_bars, lang, campaign) -> float:
    """One group's ranking from `y` down; returns where the next one starts."""
    from matplotlib.patches import Rectangle

    y += 30
    text(PAD, y, clean(group.title(lang), 50), 30, weight="bold")
    y += 40
    rule = rule_text(target.rule, target.percent, lang)
    text(
        PAD, y, t("bulletin.png_target", lang, rule=rule, deadline=fmt_date(campaign.deadline(target))), 26, color=MUTED
    )
    y += GROUP_PX - 70
    shown = rows[:max_bars]
    if not shown:
        text(PAD, y + ROW_PX / 2, t("bulletin.png_none", lang), 26, color=MUTED)
        return y + ROW_PX
    line = float(target.percent) / 100
    top = max([line * 1.15, 0.1, *(r["coverage"] for r in shown if not pd.isna(r["coverage"]))])
    scale = (BAR_END - BAR_X) / top
    first = y
    for rank, rec in enumerate(shown, start=1):
        mid = y + ROW_PX / 2
        if rank % 2 == 0:
            ax.add_patch(Rectangle((0, y), WIDTH_PX, ROW_PX, color="#F5F5F5", zorder=0))
        status = rec["status"]
        behind = status in BEHIND_STATUSES
        colour = bar_colour(status)
        text(NAME_X, mid, f"{rank}. {clean(rec['village'], 17)}", 28, weight="bold" if behind else "normal")
        share = None if pd.isna(rec["coverage"]) else float(rec["coverage"])
        width = 0 if share is None else max(2.0, share * scale)
        ax.add_patch(Rectangle((BAR_X, mid - 17), width, 34, color=colour, zorder=2))
        text(RATE_X, mid, fmt_pct(share, lang), 26, color=INK, ha="right")
        gap = 0 if pd.isna(rec["gap"]) else int(rec["gap"])
        if gap and status != metrics.MET:
            needed = rec["needed_per_day"]
            words = (
                t("bulletin.png_row_gap", lang, gap=fmt_int(gap, lang))
                if pd.isna(needed)
                else t("bulletin.png_row", lang, gap=fmt_int(gap, lang), n=fmt_int(int(needed), lang))
            )
            text(
                RIGHT_X,
                mid,
                words,
                26,
                color=RED if behind else MUTED,
                ha="right",
                weight="bold" if behind else "normal",
            )
        elif status == metrics.MET:
            text(RIGHT_X, mid, t("status.met", lang), 26, color=GREEN, ha="right")
        y += ROW_PX
    x = BAR_X + line * scale
    ax.plot([x, x], [first - 6, y + 4], color=INK, linestyle=(0, (6, 4)), linewidth=2, zorder=3)
    label = f"{t('chart.target', lang)} {rule_text(target.rule, target.percent, lang)}"
    text(min(x, BAR_END), first - 22, label, 24, ha="center")
    if len(rows) > len(shown):
        text(PAD, y + ROW_PX / 2, t("bulletin.more", lang, n=fmt_int(len(rows) - len(shown), lang)), 24, color=MUTED)
        y += ROW_PX
    return y


# ------------------------------------------------------------------------- command line


def add_command(commands: argparse._SubParsersAction, source_options: Callable[..., None]) -> None:
    """`python -m lib bulletin --format text|png [--source …|--secrets …] [--as-of …] [--out FILE]
    [--link URL] [--lang vi|en] [--village NAME …]`."""
    command = commands.add_parser("bulletin", help="the Zalo bulletin: short text or a PNG of the village ranking")
    source_options(command)
    command.add_argument("--format", choices=("text", "png"), default="text", help="text (default) or png")
    command.add_argument("--out", help="file to write (text: default stdout; png: required)")
    command.add_argument("--link", help="link to the dashboard page, put at the end of the text")
    command.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default vi)")
    command.add_argument("--village", action="append", help="only this village (repeat for several)")


def run_command(args: argparse.Namespace, ds: Dataset, campaign: Campaign, as_of: dt.date, today: dt.date) -> int:
    """Print or write the bulletin; exit 2 with one Vietnamese line when it cannot be made."""
    unknown = [v for v in args.village or [] if v not in set(ds.village_names)]
    if unknown:
        return _fail(t("cli.bulletin_no_village", names=", ".join(clean(v) for v in unknown)))
    if args.format == "png" and not args.out:
        return _fail(t("cli.bulletin_png_out"))
    from lib import clock  # the CLI's clock; the library takes dates

    now = dt.datetime.now(clock.ZONE)
    updated = now if now.date() == today else None  # a pinned day (IHATINH_TODAY) has no time
    try:
        if args.format == "text":
            text = bulletin_text(ds, campaign, as_of, args.lang, args.link, today, args.village, updated)
            data = (text + "\n").encode("utf-8")
        else:
            data = bulletin_png(ds, campaign, as_of, args.lang, today, args.village)
    except ValueError as exc:  # a link too long to share
        return _fail(t("cli.bulletin_failed", detail=exc))
    if not args.out:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        return _fail(t("cli.write_failed", path=out, reason=type(exc).__name__))
    print(out)
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
