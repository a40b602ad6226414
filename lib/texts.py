"""Every word the user reads, in Vietnamese and English, in one place.

Code uses English keys; `t(key, lang, **values)` fills the template. A test checks that every
key has both languages and the same placeholders in each.
"""

from __future__ import annotations

LANGS = ("vi", "en")

TEXTS: dict[str, dict[str, str]] = {
    # ---- data-quality messages: each names tab, row, column, value and what to fix ----
    "issue.missing_tab": {
        "vi": "Không tìm thấy trang '{tab}'. Các trang đang có: {found}. Hãy thêm trang '{tab}' "
        "(hoặc đổi tên trang cho đúng) theo mẫu nhập liệu.",
        "en": "Tab '{tab}' not found. Tabs present: {found}. Add a tab named '{tab}' "
        "(or rename one) as in the template.",
    },
    "issue.missing_column": {
        "vi": "Trang '{tab}', dòng tiêu đề {row}: thiếu cột '{column}'. Các cột đang có: {found}. "
        "Thêm cột '{column}' hoặc sửa tên cột cho đúng mẫu; chưa sửa thì không dùng được dòng nào "
        "của trang này.",
        "en": "Tab '{tab}', header row {row}: column '{column}' is missing. Columns present: "
        "{found}. Add or rename the column as in the template; until then no row of this tab "
        "can be used.",
    },
    "issue.duplicate_column": {
        "vi": "Trang '{tab}', cột {letter} ('{value}'): tên cột bị lặp lại; chỉ dùng cột đầu tiên, "
        "cột này bị bỏ qua. Xóa hoặc đổi tên cột thừa.",
        "en": "Tab '{tab}', column {letter} ('{value}'): repeated header; only the first such "
        "column is used and this one is ignored. Delete or rename it.",
    },
    "issue.empty": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': ô trống. Hãy điền {what}.",
        "en": "Tab '{tab}', row {row}, column '{column}': empty cell. Fill in {what}.",
    },
    "issue.not_a_number": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không phải là số. "
        "Ghi số người, ví dụ 1.234 hoặc 25.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is not a number. "
        "Write a head count such as 1.234 or 25.",
    },
    "issue.not_integer": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không phải số nguyên. "
        "Số người phải là số nguyên (dấu chấm chỉ dùng để tách hàng nghìn: 1.234).",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is not a whole number. "
        "A head count must be whole (dots only group thousands: 1.234).",
    },
    "issue.negative": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' là số âm. Số người không thể âm.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is negative. A head count "
        "cannot be negative.",
    },
    "issue.bad_date": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': không đọc được ngày '{value}'. "
        "Ghi ngày dạng 13/05/2026.",
        "en": "Tab '{tab}', row {row}, column '{column}': cannot read the date '{value}'. "
        "Write dates as 13/05/2026.",
    },
    "issue.future_date": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': ngày {value} sau ngày hôm nay ({today}). "
        "Kiểm tra lại ngày (có thể nhầm ngày và tháng).",
        "en": "Tab '{tab}', row {row}, column '{column}': the date {value} is after today "
        "({today}). Check it (day and month may be swapped).",
    },
    "issue.bad_yes_no": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không rõ là có hay không. "
        "Ghi 'Có' hoặc 'Không'.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is neither yes nor no. "
        "Write 'Có' (yes) or 'Không' (no).",
    },
    "issue.unknown_village": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': thôn '{value}' không có trong trang "
        "'Thon'. Sửa tên thôn cho khớp danh sách (ghi đủ dấu) hoặc thêm thôn vào trang 'Thon'.",
        "en": "Tab '{tab}', row {row}, column '{column}': village '{value}' is not in tab "
        "'Thon'. Fix the name to match the list (with diacritics) or add the village to 'Thon'.",
    },
    "issue.loose_village": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' được hiểu là thôn '{match}' "
        "(ghi thiếu dấu). Nên sửa lại cho đủ dấu.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' was read as village "
        "'{match}' (typed without diacritics). Please correct it.",
    },
    "issue.duplicate_village": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': thôn '{value}' đã có ở dòng {first}. "
        "Mỗi thôn chỉ ghi một dòng; xóa hoặc gộp dòng trùng.",
        "en": "Tab '{tab}', row {row}, column '{column}': village '{value}' is already on row "
        "{first}. One row per village; delete or merge the repeat.",
    },
    "issue.duplicate_unit": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': đơn vị '{value}' đã có ở dòng {first}. "
        "Mỗi đơn vị chỉ ghi một dòng.",
        "en": "Tab '{tab}', row {row}, column '{column}': unit '{value}' is already on row "
        "{first}. One row per unit.",
    },
    "issue.part_exceeds_total": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': {value} lớn hơn tổng số ở cột "
        "'{total_column}' ({total}). Số 'trong đó' là một phần của tổng, hãy kiểm tra lại.",
        "en": "Tab '{tab}', row {row}, column '{column}': {value} is more than the total in "
        "column '{total_column}' ({total}). An 'of which' count is part of the total.",
    },
    "issue.no_counts": {
        "vi": "Trang '{tab}', dòng {row}: có ngày và thôn nhưng không có số liệu cài đặt nào. "
        "Điền số người đã cài (ghi 0 nếu không có).",
        "en": "Tab '{tab}', row {row}: a date and village but no install counts. Fill in the "
        "counts (0 if none).",
    },
    "issue.bad_base": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không đọc được; tỷ lệ của thôn "
        "này cho nhóm đó sẽ hiện '—' cho tới khi sửa. Ghi số người, ví dụ 1.234.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' cannot be read; this "
        "village's rate for that group shows '—' until fixed. Write a head count like 1.234.",
    },
    "issue.outside_campaign": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': ngày {value} nằm ngoài thời gian chiến "
        "dịch ({start} – {end}). Vẫn được tính; kiểm tra lại nếu nhầm.",
        "en": "Tab '{tab}', row {row}, column '{column}': {value} is outside the campaign "
        "({start} – {end}). Still counted; check it.",
    },
    "issue.double_entry": {
        "vi": "Trang '{tab}', dòng {row}: giống hệt dòng {first} (cùng ngày, thôn, tổ và số liệu). "
        "Có thể nhập trùng; vẫn được tính, xóa một dòng nếu đúng là trùng.",
        "en": "Tab '{tab}', row {row}: identical to row {first} (same date, village, group and "
        "counts). Possibly entered twice; still counted, delete one if so.",
    },
    "issue.duplicate_person": {
        "vi": "Trang '{tab}', dòng {row}: '{value}' ở thôn này đã có ở dòng {first}. Có thể nhập "
        "trùng; vẫn được tính.",
        "en": "Tab '{tab}', row {row}: '{value}' of this village is already on row {first}. "
        "Possibly entered twice; still counted.",
    },
    "issue.over_base": {
        "vi": "Thôn '{village}', nhóm {group}: đã cài {installed} người, nhiều hơn số người trong "
        "trang 'Thon' ({base}). Kiểm tra số liệu cài đặt hoặc cập nhật số người ở trang 'Thon'.",
        "en": "Village '{village}', {group}: {installed} installed, more than the base in tab "
        "'Thon' ({base}). Check the tallies or update the base.",
    },
    "issue.unit_over_base": {
        "vi": "Trang '{tab}', dòng {row}: đơn vị '{value}' ghi đã cài {installed}, nhiều hơn tổng "
        "số {base}. Kiểm tra lại.",
        "en": "Tab '{tab}', row {row}: unit '{value}' reports {installed} installed, more than "
        "its total of {base}. Check it.",
    },
    "what.date": {"vi": "ngày (dạng 13/05/2026)", "en": "a date (like 13/05/2026)"},
    "what.village": {"vi": "tên thôn", "en": "the village name"},
    "what.name": {"vi": "họ và tên", "en": "the full name"},
    "what.unit": {"vi": "tên đơn vị", "en": "the unit's name"},
    "what.count": {"vi": "số người", "en": "a head count"},
}


def t(key: str, lang: str = "vi", /, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in; Vietnamese if `lang` is unknown."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["vi"]
    return template.format(**values) if values else template
