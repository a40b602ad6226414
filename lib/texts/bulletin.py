"""The Zalo bulletin (lib/bulletin.py): plain text, no Markdown; and the share links."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "share.button": {"vi": "Chia sẻ", "en": "Share"},
    "share.text_help": {
        "vi": "Bản tin để dán vào nhóm Zalo (nút sao chép ở góc phải):",
        "en": "A bulletin to paste into a Zalo group (copy button at the right):",
    },
    "share.png": {"vi": "Tải ảnh xếp hạng các thôn (PNG)", "en": "Download the village ranking (PNG)"},
    "bulletin.sample": {"vi": "[DỮ LIỆU MẪU, không phải số liệu thật]", "en": "[SAMPLE DATA, not real figures]"},
    "bulletin.as_of": {"vi": "Số liệu đến ngày {date}", "en": "Figures as of {date}"},
    "bulletin.as_of_time": {"vi": "Số liệu đến {time} ngày {date}", "en": "Figures as of {time}, {date}"},
    "bulletin.scope": {"vi": "Các thôn đã chọn ({n}): {names}", "en": "Selected villages ({n}): {names}"},
    "bulletin.targets": {"vi": "Chỉ tiêu {phase} (hạn {deadline}):", "en": "Targets of {phase} (due {deadline}):"},
    "bulletin.target": {
        "vi": "- {group}: {rate} (chỉ tiêu {rule}) – {status}",
        "en": "- {group}: {rate} (target {rule}) – {status}",
    },
    "bulletin.whole_commune": {"vi": " (toàn xã)", "en": " (whole commune)"},
    "bulletin.gap": {"vi": ", thiếu {gap} người", "en": ", {gap} people short"},
    "bulletin.per_day": {"vi": ", cần {n} người/ngày", "en": ", {n} a day needed"},
    "bulletin.more_targets": {"vi": "- … và {n} chỉ tiêu khác", "en": "- … and {n} more targets"},
    "bulletin.behind": {"vi": "Thôn chậm – {group} ({n} thôn):", "en": "Villages behind – {group} ({n}):"},
    "bulletin.missed": {"vi": "Thôn không đạt – {group} ({n} thôn):", "en": "Villages that missed – {group} ({n}):"},
    "bulletin.village": {
        "vi": "{rank}. {village}: thiếu {gap}, cần {n}/ngày",
        "en": "{rank}. {village}: {gap} short, {n}/day needed",
    },
    "bulletin.village_missed": {
        "vi": "{rank}. {village}: thiếu {gap}, không đạt",
        "en": "{rank}. {village}: {gap} short, missed",
    },
    "bulletin.more": {"vi": "… và {n} thôn khác", "en": "… and {n} other villages"},
    "bulletin.none_behind": {"vi": "Không thôn nào chậm tiến độ.", "en": "No village is behind."},
    "bulletin.link": {"vi": "Xem chi tiết: {link}", "en": "Details: {link}"},
    "bulletin.png_title": {
        "vi": "Xã {commune} – {phase}: thôn nào còn thiếu",
        "en": "{commune} – {phase}: who is behind",
    },
    "bulletin.png_target": {"vi": "Chỉ tiêu {rule}, hạn {deadline}", "en": "Target {rule}, due {deadline}"},
    "bulletin.png_row": {"vi": "thiếu {gap} · cần {n}/ngày", "en": "{gap} short · {n}/day"},
    "bulletin.png_row_gap": {"vi": "thiếu {gap}", "en": "{gap} short"},
    "bulletin.png_none": {"vi": "Chưa có thôn nào có số liệu.", "en": "No village has figures yet."},
}
