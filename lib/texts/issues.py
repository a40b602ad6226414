"""Data-quality messages: each names the tab, row, column and value, and says what to fix."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "issue.missing_tab": {
        "vi": "Không tìm thấy trang '{tab}'. Các trang đang có: {found}. Hãy thêm trang '{tab}' "
        "(hoặc đổi tên trang cho đúng) theo mẫu nhập liệu.",
        "en": "Tab '{tab}' not found. Tabs present: {found}. Add a tab named '{tab}' "
        "(or rename one) as in the template.",
    },
    "quality.shrunk": {
        "vi": "Trang {tab}: {accepted} dòng hợp lệ, lần đọc trước {before}. Kiểm tra xem có ai vừa xóa "
        "hoặc dán đè số liệu không; số liệu dưới đây theo lần đọc mới.",
        "en": "Tab {tab}: {accepted} valid rows, {before} in the previous read. Check whether rows were just "
        "deleted or pasted over; the figures below are the new read's.",
    },
    "shape.failed": {
        "vi": "Bảng tính đã đổi cấu trúc nên lần đọc này không được dùng. {problems}",
        "en": "The workbook has changed shape, so this read is not used. {problems}",
    },
    "shape.missing_tab": {
        "vi": "Không tìm thấy trang '{tab}' (các trang đang có: {found}); có thể trang đã bị đổi tên "
        "hoặc xóa. Đặt lại tên trang là '{tab}' như mẫu nhập liệu rồi đọc lại số liệu (nút Làm mới).",
        "en": "Tab '{tab}' not found (tabs present: {found}); it may have been renamed or deleted. "
        "Name the tab '{tab}' again as in the template, then read the data again (Refresh).",
    },
    "shape.missing_column": {
        "vi": "Trang '{tab}', dòng tiêu đề {row}: thiếu cột '{column}' (các cột đang có: {found}); có thể "
        "tiêu đề đã bị sửa hoặc cột bị xóa. Ghi lại tiêu đề '{column}' như mẫu nhập liệu rồi đọc lại số liệu (nút Làm mới).",
        "en": "Tab '{tab}', header row {row}: column '{column}' is missing (columns present: {found}); "
        "the header may have been edited or the column deleted. Write the header '{column}' again as in "
        "the template, then read the data again (Refresh).",
    },
    "shape.two_tabs": {
        "vi": "Các trang {titles} cùng là trang '{tab}'. Xóa hoặc đổi tên để chỉ còn một trang '{tab}'.",
        "en": "Tabs {titles} are all tab '{tab}'. Delete or rename them so that one tab '{tab}' remains.",
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
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is negative. A head count cannot be negative.",
    },
    "issue.bad_date": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': không đọc được ngày '{value}'. Ghi ngày dạng 13/05/2026.",
        "en": "Tab '{tab}', row {row}, column '{column}': cannot read the date '{value}'. Write dates as 13/05/2026.",
    },
    "issue.future_date": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': ngày {value} sau ngày hôm nay ({today}). "
        "Kiểm tra lại ngày (có thể nhầm ngày và tháng).",
        "en": "Tab '{tab}', row {row}, column '{column}': the date {value} is after today "
        "({today}). Check it (day and month may be swapped).",
    },
    "issue.bad_yes_no": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không rõ là có hay không. "
        "Ghi 'Có' (hoặc x) nếu có; 'Không' hoặc để trống nếu không.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is neither yes nor no. "
        "Write 'Có' (or x) for yes; 'Không' (no) or leave it empty for no.",
    },
    "issue.too_large": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' quá lớn để là số người (tối đa 10.000.000). Có thể đã ghi nhầm số điện thoại hoặc thừa chữ số.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is too large for a head count (at most 10,000,000). Perhaps a phone number or extra digits.",
    },
    "issue.above_header": {
        "vi": "Trang '{tab}', dòng {row}: dòng này nằm trên dòng tiêu đề (dòng {header}) nên không được tính. Chuyển số liệu xuống dưới dòng tiêu đề, hoặc xóa nếu thừa.",
        "en": "Tab '{tab}', row {row}: this row is above the header row ({header}), so it is not counted. Move it below the header, or delete it.",
    },
    "issue.missing_base": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': thôn '{value}' chưa có số người. Tỷ lệ của thôn hiện '—' và thôn không được tính vào tỷ lệ chung của xã cho nhóm này. Điền số người.",
        "en": "Tab '{tab}', row {row}, column '{column}': village '{value}' has no base. Its rate shows '—' and it is left out of the commune's rate for this group. Fill in the base.",
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
        "en": "Tab '{tab}', row {row}, column '{column}': unit '{value}' is already on row {first}. One row per unit.",
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
        "en": "Tab '{tab}', row {row}: a date and village but no install counts. Fill in the counts (0 if none).",
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
        "vi": "Trang '{tab}', dòng {row}: '{value}' ở thôn này đã có ở dòng {first}. Có thể nhập trùng; vẫn được tính.",
        "en": "Tab '{tab}', row {row}: '{value}' of this village is already on row {first}. "
        "Possibly entered twice; still counted.",
    },
    "issue.bad_year": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không phải năm sinh. Ghi năm có 4 chữ số (ví dụ 1985) hoặc ngày sinh (15/03/1985).",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' is not a year of birth. Write a 4-digit year (like 1985) or the date of birth (15/03/1985).",
    },
    "issue.duplicate_family_group": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': tổ liên gia '{value}' của thôn này đã có ở dòng {first}. Mỗi tổ chỉ ghi một dòng.",
        "en": "Tab '{tab}', row {row}, column '{column}': inter-family group '{value}' of this village is already on row {first}. One row per group.",
    },
    "issue.bad_phone": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không giống số điện thoại (10 chữ số, bắt đầu bằng 0). Vẫn được tính; kiểm tra lại.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' does not look like a phone number (10 digits starting with 0). Still counted; check it.",
    },
    "issue.bad_id_number": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': '{value}' không giống số CCCD (12 chữ số). Vẫn được tính; kiểm tra lại.",
        "en": "Tab '{tab}', row {row}, column '{column}': '{value}' does not look like a citizen ID (12 digits). Still counted; check it.",
    },
    "issue.repeat_person": {
        "vi": "Trang '{tab}', dòng {row}: cùng một người với dòng {first} (trùng số CCCD, số điện thoại, hoặc họ tên, năm sinh và thôn). Chỉ tính một lần; xóa dòng trùng nếu đúng.",
        "en": "Tab '{tab}', row {row}: the same person as row {first} (same ID number, phone, or name, birth year and village). Counted once; delete the repeat if so.",
    },
    "issue.minor": {
        "vi": "Trang '{tab}', dòng {row}, cột '{column}': sinh năm {value}, chưa đủ {age} tuổi vào năm cài. Có trong danh sách nhưng không tính vào số người từ {age} tuổi.",
        "en": "Tab '{tab}', row {row}, column '{column}': born {value}, under {age} in the year of install. Listed, but not counted among people aged {age}+.",
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
    "quality.header": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "quality.balance": {
        "vi": "Đã đọc {read} dòng = {accepted} dòng dùng được + {rejected} dòng bị loại.",
        "en": "Read {read} rows = {accepted} used + {rejected} rejected.",
    },
    "quality.rejected": {"vi": "Dòng bị loại ({n})", "en": "Rejected rows ({n})"},
    "quality.lost": {
        "vi": "Các dòng cài đặt bị loại lẽ ra cộng thêm {n} người đã cài. Sửa trong bảng tính rồi làm mới.",
        "en": "The rejected tally rows would have added {n} installs. Fix them in the sheet and refresh.",
    },
    "quality.warnings": {"vi": "Cảnh báo ({n}) – vẫn được tính", "en": "Warnings ({n}) – still counted"},
    "quality.none": {"vi": "Không có.", "en": "None."},
    "quality.first_rows": {
        "vi": "Đang hiện {shown} dòng đầu trong {n} dòng. Tải CSV hoặc Excel bên dưới để xem đủ.",
        "en": "Showing the first {shown} of {n} rows. Download the CSV or Excel file below for all of them.",
    },
    "what.date": {"vi": "ngày (dạng 13/05/2026)", "en": "a date (like 13/05/2026)"},
    "what.village": {"vi": "tên thôn", "en": "the village name"},
    "what.name": {"vi": "họ và tên", "en": "the full name"},
    "what.family_group": {"vi": "tên tổ liên gia", "en": "the inter-family group"},
    "what.birth_year": {"vi": "năm sinh (ví dụ 1985)", "en": "the year of birth (like 1985)"},
    "what.unit": {"vi": "tên đơn vị", "en": "the unit's name"},
    "what.count": {"vi": "số người", "en": "a head count"},
}
