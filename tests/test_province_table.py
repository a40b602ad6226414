"""The province page's content (lib/province_table.py): the current phase, the cards as sums of
people, the ranking with links, data age and problems masked and plain."""

from __future__ import annotations

import datetime as dt

import pytest

from lib import province_table as pt
from lib.clock import ZONE

NOW = dt.datetime(2026, 5, 20, 10, 35, tzinfo=ZONE)
READ = "2026-05-20T10:32:00+07:00"


def _commune(name: str, phase: int | None, missing: int | None, coverage: float, status: str, **extra) -> dict:
    target = {
        "group": "adults",
        "label": "Người dân từ 18 tuổi",
        "label_en": "Adults",
        "percent": 30.0,
        "rule": "tren",
        "phase": 2,
        "installed": 1,
        "base": 2,
        "coverage": coverage,
        "missing": missing,
        "status": status,
    }
    ok = phase is not None
    return {
        "name": name,
        "ok": ok,
        "read_at": READ,
        "age_seconds": 180,
        "as_of": "2026-05-20" if ok else None,
        "phase": phase,
        "phase_title": {"vi": f"Đợt {phase}", "en": f"Phase {phase}"},
        "targets": {"adults@2": target} if ok else {},
        "error": None,
        "problem": None,
        **extra,
    }


def _rolled(communes: list[dict]) -> dict:
    ranked = [c for c in communes if c["ok"]]
    ranked.sort(key=lambda c: -(c["targets"]["adults@2"]["missing"] or 0))
    statuses: dict[str, int] = {}
    for c in ranked:
        statuses[c["targets"]["adults@2"]["status"]] = statuses.get(c["targets"]["adults@2"]["status"], 0) + 1
    return {
        "communes": communes,
        "totals": {
            "communes": len(communes),
            "counted": len(ranked),
            "failed": [c["name"] for c in communes if not c["ok"]],
            "targets": {
                "adults@2": {
                    "label": "Người dân từ 18 tuổi",
                    "label_en": "Adults",
                    "group": "adults",
                    "phase": 2,
                    "installed": 7240,
                    "base": 30707,
                    "coverage": 0.2357,
                    "missing": 1973,
                    "statuses": statuses,
                }
            },
        },
        "ranking": {
            "adults@2": [
                {
                    "commune": c["name"],
                    "missing": c["targets"]["adults@2"]["missing"],
                    "rank": i,
                    "coverage": c["targets"]["adults@2"]["coverage"],
                    "status": c["targets"]["adults@2"]["status"],
                }
                for i, c in enumerate(ranked, start=1)
            ]
        },
    }


def test_the_current_phase_is_the_one_most_communes_are_in_the_lower_on_a_tie() -> None:
    rolled = _rolled([_commune("A", 2, 5, 0.1, "behind"), _commune("B", 1, 5, 0.1, "behind")])
    assert pt.current_phase(rolled) == 1
    rolled["communes"].append(_commune("C", 2, 1, 0.2, "met"))
    assert pt.current_phase(rolled) == 2 and pt.phase_title(rolled, 2, "en") == "Phase 2"


def test_the_card_is_sums_of_people_with_communes_per_status() -> None:
    rolled = _rolled([_commune("A", 2, 5, 0.1, "behind"), _commune("B", 2, 0, 0.4, "met")])
    card = pt.card(rolled, "adults@2", "vi")
    assert (card.coverage, card.counts) == ("23,6%", "7.240/30.707 người · còn thiếu 1.973")
    assert card.statuses == "1 xã chậm · 1 xã đã đạt" and card.tone == "red"


@pytest.mark.parametrize(
    ("statuses", "tone"),
    [
        (["met", "on_track"], "green"),
        (["met", "open"], "gray"),  # 'chưa đạt' is not good news: grey, as on the overview's cards
        (["open", "open"], "gray"),
        (["on_track", "missed"], "red"),
    ],
)
def test_the_card_is_red_only_for_what_is_behind_and_green_only_when_all_is_well(statuses: list, tone: str) -> None:
    rolled = _rolled([_commune(name, 2, 5, 0.1, status) for name, status in zip("AB", statuses, strict=True)])
    assert pt.card(rolled, "adults@2", "vi").tone == tone


def test_the_ranking_links_each_commune_and_keeps_problems_plain_and_masked() -> None:
    hostile = "Không tìm thấy trang '[bấm](http://x.y)'; gọi 0912345678"
    problem = {"stage": "read", "message": hostile, "message_en": hostile, "at": READ}
    error = {"stage": "shape", "message": "Thiếu trang 'Thon'", "message_en": "No tab 'Thon'"}
    rolled = _rolled(
        [
            _commune("Cẩm Xuyên", 2, 167, 0.2, "behind", problem=problem),
            _commune("Cẩm Bình", 2, 1518, 0.19, "behind"),
            _commune("Cẩm Mỹ", None, None, 0.0, "", error=error),
            _commune("Cẩm Trung", None, None, 0.0, "", error={"stage": "pending", "message": "…", "message_en": "…"}),
        ]
    )
    table = pt.ranking_table(rolled, "adults@2", "vi", NOW, {"hop": "1"}).data
    assert list(table.columns) == ["Xã", "Còn thiếu", "Tỷ lệ / chỉ tiêu", "Tình trạng", "Số liệu đọc lúc"]
    first, second, failed, pending = table.to_dict("records")
    assert first["Xã"] == "1. [Cẩm Bình](/?xa=cam-binh&hop=1) · [thôn](/theo-thon?xa=cam-binh&hop=1)"
    assert (first["Còn thiếu"], first["Tỷ lệ / chỉ tiêu"], first["Tình trạng"]) == ("1.518", "19,0% / trên 30%", "Chậm")
    assert first["Số liệu đọc lúc"] == "10:32 · cách đây 3 phút"
    data = second["Số liệu đọc lúc"]
    assert data.startswith("⚠ 10:32") and "0912345678" not in data and "09\\*\\*\\*\\*\\*\\*78" in data
    assert "`'[bấm](http://x.y)';`" in data  # a link typed into a sheet: literal code, never a link
    assert failed["Tình trạng"] == "Lỗi" and "Thon" in failed["Số liệu đọc lúc"] and failed["Còn thiếu"] == "—"
    assert pending["Tình trạng"] == "Đang đọc"
    assert pt.headline(rolled, "vi") == (
        "2/4 xã có số liệu · 2 xã có sự cố (xem bảng) · 1 xã đang đọc lần đầu · số liệu đến hết 20/05/2026"
        " · số liệu cũ nhất đọc cách đây 3 phút"
    )


def test_links_keep_the_viewers_language() -> None:
    assert pt.links("Thạch Hà", pt.link_query("en", False)) == (
        "/?xa=thach-ha&lang=en",
        "/theo-thon?xa=thach-ha&lang=en",
    )
