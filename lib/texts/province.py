"""The province roll-up (lib/province.py): errors in province.toml, each naming the entry and the
key, a commune that could not be computed, and the command line's table (python -m lib province)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ---- province.toml (lib.province.ProvinceError) ----
    "province.unreadable": {
        "vi": "Không đọc được tệp cấu hình tỉnh {path}: {detail}",
        "en": "Cannot read the province file {path}: {detail}",
    },
    "province.no_communes": {
        "vi": "{path}: cần ít nhất một xã, mỗi xã một mục [[commune]].",
        "en": "{path}: at least one commune is needed, one [[commune]] entry each.",
    },
    "province.not_table": {
        "vi": "{path}: '{key}' phải là danh sách các mục [[{key}]].",
        "en": "{path}: '{key}' must be a list of [[{key}]] entries.",
    },
    "province.unknown_top": {
        "vi": "{path}: khóa '{key}' không dùng ở đây; các khóa được dùng: {allowed}.",
        "en": "{path}: the key '{key}' is not used here; keys in use: {allowed}.",
    },
    "province.missing_key": {
        "vi": "{path}: mục [[commune]] thứ {entry} thiếu khóa '{key}'.",
        "en": "{path}: [[commune]] entry {entry} lacks the key '{key}'.",
    },
    "province.not_text": {
        "vi": "{path}: mục [[commune]] thứ {entry}: '{key}' phải là một chuỗi không rỗng, không phải {value}.",
        "en": "{path}: [[commune]] entry {entry}: '{key}' must be a non-empty string, not {value}.",
    },
    "province.unknown_key": {
        "vi": "{path}: mục [[commune]] thứ {entry} ({name}): khóa '{key}' không dùng ở đây; các khóa: {allowed}.",
        "en": "{path}: [[commune]] entry {entry} ({name}): the key '{key}' is not used here; keys: {allowed}.",
    },
    "province.no_source": {
        "vi": "{path}: mục [[commune]] thứ {entry} ({name}) cần đúng một trong 'source' (tệp .xlsx hoặc thư mục "
        ".csv), 'secrets' (tệp secrets.toml của Google Sheet) và 'sheet' (địa chỉ Google Sheet, đọc bằng tài khoản "
        "của tỉnh).",
        "en": "{path}: [[commune]] entry {entry} ({name}) needs exactly one of 'source' (an .xlsx file or a folder "
        "of .csv files), 'secrets' (the secrets.toml of a Google Sheet) and 'sheet' (a Google Sheet's address, "
        "read with the province's account).",
    },
    "province.no_slug": {
        "vi": "{path}: mục [[commune]] thứ {entry}: tên xã '{name}' cần có ít nhất một chữ cái hoặc chữ số.",
        "en": "{path}: [[commune]] entry {entry}: the commune name '{name}' needs at least one letter or digit.",
    },
    "province.bad_number": {
        "vi": "{path}: '{key}' phải là một số lớn hơn 0 và không quá {most}, không phải {value}.",
        "en": "{path}: '{key}' must be a number above 0 and at most {most}, not {value}.",
    },
    "province.duplicate": {
        "vi": "{path}: tên xã '{name}' (viết không dấu) có ở cả mục [[commune]] thứ {first} và thứ {entry}.",
        "en": "{path}: the commune name '{name}' (without diacritics) is in both [[commune]] entry {first} and "
        "entry {entry}.",
    },
    # ---- one commune that could not be computed (the others are) ----
    "province.commune_campaign": {
        "vi": "Tệp chiến dịch của xã lỗi: {detail}",
        "en": "The commune's campaign file is wrong: {detail}",
    },
    "province.commune_pending": {
        "vi": "Đang đọc số liệu của xã lần đầu.",
        "en": "Reading the commune's figures for the first time.",
    },
    "province.commune_unexpected": {
        "vi": "Không tính được số liệu của xã ({detail}).",
        "en": "The commune's figures could not be computed ({detail}).",
    },
    # ---- python -m lib province (text output) ----
    "province.title": {
        "vi": "Toàn tỉnh {province}: {counted}/{communes} xã có số liệu",
        "en": "Province {province}: {counted}/{communes} communes with figures",
    },
    "province.total_row": {
        "vi": "- {label}: {installed}/{base} = {coverage}, còn thiếu {missing} người",
        "en": "- {label}: {installed}/{base} = {coverage}, {missing} people missing",
    },
    "province.reached_late": {"vi": "đủ chỉ tiêu sau hạn", "en": "reached after the deadline"},
    "province.commune_row": {
        "vi": "    {rank}. {commune}: còn thiếu {missing} người ({coverage}, {status}; số liệu đến {as_of})",
        "en": "    {rank}. {commune}: {missing} people missing ({coverage}, {status}; figures as of {as_of})",
    },
    "province.failed_row": {
        "vi": "! {commune}: {problem}",
        "en": "! {commune}: {problem}",
    },
    # ---- the province page (pages/toan-tinh.py) and province mode in the app ----
    "page.province": {"vi": "Toàn tỉnh", "en": "Province"},
    "provincepage.title": {"vi": "Toàn tỉnh {province}", "en": "{province} province"},
    "provincepage.commune": {"vi": "Xã", "en": "Commune"},
    "provincepage.sidebar": {
        "vi": "Mỗi xã được tính theo chỉ tiêu của chính xã đó; số toàn tỉnh là tổng số người. Bấm tên xã để "
        "xem số liệu của xã.",
        "en": "Each commune is judged against its own targets; province figures are sums of people. Click a "
        "commune's name to see its own figures.",
    },
    "provincepage.off_header": {"vi": "Toàn tỉnh", "en": "Province"},
    "provincepage.off": {
        "vi": "Chế độ toàn tỉnh chưa bật. Thêm vào `.streamlit/secrets.toml` mục `[province]` với `config = "
        '"province.toml"` (danh sách các xã, xem docs/province.md) rồi chạy lại ứng dụng.',
        "en": 'Province mode is off. Add a `[province]` section with `config = "province.toml"` (the list of '
        "communes, see docs/province.md) to `.streamlit/secrets.toml` and restart the app.",
    },
    "provincepage.header": {
        "vi": "{phase}: các xã còn cách chỉ tiêu bao xa",
        "en": "{phase}: how far each commune is from its targets",
    },
    "provincepage.phase": {"vi": "Đợt {n}", "en": "Phase {n}"},
    "provincepage.phase_pick": {"vi": "Đợt", "en": "Phase"},
    "provincepage.target_pick": {"vi": "Xếp hạng theo chỉ tiêu", "en": "Rank by target"},
    "provincepage.ranking": {
        "vi": "Các xã xếp theo số người còn thiếu: {target}",
        "en": "Communes by people missing: {target}",
    },
    "provincepage.how": {
        "vi": "Mỗi xã so với chỉ tiêu của chính xã đó (cột Tỷ lệ / chỉ tiêu). Bấm tên xã để xem Tổng quan của "
        "xã, 'thôn' để xem từng thôn (mở trong thẻ mới).",
        "en": "Each commune against its own target (column Coverage / target). Click a commune's name for its "
        "overview, 'villages' for each of its villages (opens in a new tab).",
    },
    "provincepage.villages_link": {"vi": "thôn", "en": "villages"},
    "provincepage.card_counts": {"vi": "{installed}/{base} người", "en": "{installed}/{base} people"},
    "provincepage.card_gap": {"vi": "còn thiếu {gap}", "en": "{gap} missing"},
    "provincepage.status_count": {"vi": "{n} xã {status}", "en": "{n} {status}"},
    "provincepage.counted": {
        "vi": "{counted}/{communes} xã có số liệu",
        "en": "{counted}/{communes} communes with figures",
    },
    "provincepage.troubled": {"vi": "{n} xã có sự cố (xem bảng)", "en": "{n} with a problem (see the table)"},
    "provincepage.pending": {"vi": "{n} xã đang đọc lần đầu", "en": "{n} being read for the first time"},
    "provincepage.as_of": {"vi": "số liệu đến hết {date}", "en": "figures up to {date}"},
    "provincepage.oldest": {"vi": "số liệu cũ nhất đọc {age}", "en": "oldest figures read {age}"},
    "provincepage.none": {
        "vi": "Chưa xã nào có số liệu. Trang tự cập nhật khi đọc xong.",
        "en": "No commune has figures yet. The page updates itself as they are read.",
    },
    "provincepage.no_target": {
        "vi": "Không xã nào có chỉ tiêu trong đợt này.",
        "en": "No commune has a target in this phase.",
    },
    "provincepage.reading": {"vi": "Đang đọc", "en": "Reading"},
    "provincepage.failed": {"vi": "Lỗi", "en": "Failed"},
    "provincepage.col.commune": {"vi": "Xã", "en": "Commune"},
    "provincepage.col.gap": {"vi": "Còn thiếu", "en": "Missing"},
    "provincepage.col.coverage": {"vi": "Tỷ lệ / chỉ tiêu", "en": "Coverage / target"},
    "provincepage.col.status": {"vi": "Tình trạng", "en": "Status"},
    "provincepage.col.data": {"vi": "Số liệu đọc lúc", "en": "Figures read at"},
    "source.kind.commune_file": {"vi": "Tệp của xã (chế độ toàn tỉnh)", "en": "The commune's file (province mode)"},
    "source.line_commune_file": {
        "vi": "Nguồn: tệp {title} · đọc lúc {time}",
        "en": "Source: file {title} · read at {time}",
    },
    "source.no_data_commune_file": {
        "vi": "**Chưa đọc được số liệu của xã.** {message}",
        "en": "**No figures could be read for the commune yet.** {message}",
    },
}
