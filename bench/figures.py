"""Fingerprints of every figure the app, the CLI and the reports produce, to show that a
restructuring changed no number (issue #15): run before and after, then compare.

    python bench/figures.py --out /tmp/before.json            # sample + 1M-person province
    python bench/figures.py --out /tmp/after.json
    python bench/figures.py --compare /tmp/before.json /tmp/after.json

What is fingerprinted (SHA-256 of the text): the summary JSON; every village, agency and
inter-family group table; the progress series; the helpers table; the bulletin text; the text
of each phase report in .docx, .xlsx and .pdf (text only: the files carry creation times); and,
on the sample, everything each page shows through Streamlit's AppTest (titles, Markdown,
captions, metrics, tables, chart data). `--smoke`: the sample only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 29)
DAYS = [dt.date(2026, 5, 14), dt.date(2026, 5, 20), dt.date(2026, 5, 24)]


def _digest(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _report_text(data: bytes, fmt: str) -> str:
    if fmt == "docx":
        import docx

        doc = docx.Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def lib_figures(raw, name: str) -> dict[str, str]:
    from lib import bulletin, metrics
    from lib.campaign import load_campaign
    from lib.pipeline import dataset
    from lib.reports import FORMATS, build_report
    from lib.summary import build_summary

    campaign = load_campaign()
    ds = dataset(raw, campaign, TODAY)
    out: dict[str, str] = {f"{name}/issues": _digest(ds.issues.to_csv())}
    villages = ds.village_names[:3]
    for day in DAYS:
        key = f"{name}/{day}"
        out[f"{key}/summary"] = _digest(build_summary(ds, campaign, day, today=TODAY))
        for group in campaign.groups:
            for phase in (None, *(p.id for p in campaign.phases)):
                if group.unit == "agency":
                    table = metrics.agency_table(ds, campaign, group.key, day, phase, TODAY)
                else:
                    table = metrics.village_table(ds, campaign, group.key, day, None, phase, TODAY)
                    fam = metrics.family_group_table(ds, campaign, group.key, day, villages, phase, TODAY)
                    out[f"{key}/{group.key}/{phase}/family_groups"] = _digest(fam.to_csv())
                out[f"{key}/{group.key}/{phase}/table"] = _digest(table.to_csv())
            if group.unit == "village":
                series = metrics.progress_series(ds, campaign, group.key, day, villages, "Toàn xã", None)
                out[f"{key}/{group.key}/progress"] = _digest(series.to_csv())
        out[f"{key}/helpers"] = _digest(metrics.helpers_by_village(ds, campaign, day).to_csv())
        out[f"{key}/commune_progress"] = _digest(metrics.commune_progress(ds, campaign, day).to_csv())
        out[f"{key}/bulletin"] = _digest(bulletin.bulletin_text(ds, campaign, day, "vi", None, TODAY))
    for phase in campaign.phases:
        for fmt in FORMATS:
            data = build_report(ds, campaign, phase.id, DAYS[-1], fmt, issued=TODAY)
            out[f"{name}/report/{phase.id}/{fmt}"] = _digest(_report_text(data, fmt))
    return out


def page_figures() -> dict[str, str]:
    """Everything each page shows on the sample, through AppTest (as tests/ui/test_pages.py)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.warm_pages import warm_apptest

    warm_apptest()  # as a warm server (tests/conftest.py)
    os.environ["IHATINH_TODAY"] = TODAY.isoformat()
    os.environ["IHATINH_STORE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/store.sqlite3"  # never data/store/
    out = {}
    # 'Thay đổi' lists the reads themselves, with their times: nothing there to hold constant.
    for page in sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.stem != "thay-doi"):
        for query in ({}, {"thon": ["Thôn Bình Sơn", "Thôn Hạ Lộc"], "ngay": "2026-05-20"}, {"lang": "en"}):
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.secrets["tests"] = "sample"
            for k, v in query.items():
                at.query_params[k] = v
            at.run()
            at.switch_page(f"pages/{page}").run()
            shown = []
            for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success", "metric"):
                shown += [f"{kind}:{getattr(e, 'label', '')}:{e.value}" for e in getattr(at, kind)]
            shown += [e.value.to_csv() for e in at.table] + [e.value.to_csv() for e in at.dataframe]
            shown += [e.proto.spec for e in at.get("plotly_chart")]
            shown += [e.value for e in at.code]
            out[f"page/{page}/{json.dumps(query, ensure_ascii=False)}"] = _digest("\n".join(map(str, shown)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    parser.add_argument("--smoke", action="store_true", help="the sample only")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(Path(p).read_text()) for p in args.compare)
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        print(f"{len(before)} fingerprints before, {len(after)} after, {len(differ)} differ")
        for key in differ:
            print(f"  {key}: {before.get(key)} -> {after.get(key)}")
        sys.exit(1 if differ else 0)
    from lib.sources.sample import read_sample

    figures = lib_figures(read_sample(), "sample")
    figures |= page_figures()
    if not args.smoke:
        from lib.dataset import RawWorkbook
        from tests.generators import province_tabs

        figures |= lib_figures(RawWorkbook(province_tabs(), "sample", "Tỉnh (sinh tự động)"), "province")
    text = json.dumps(figures, indent=1, sort_keys=True)
    if args.out:
        Path(args.out).write_text(text)
    print(f"{len(figures)} fingerprints" + (f" -> {args.out}" if args.out else ""))


if __name__ == "__main__":
    main()
