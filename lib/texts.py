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
    # ---- data source problems: what happened and what to do ----
    "problem.quota": {
        "vi": "Google báo đã dùng hết hạn mức đọc (quá nhiều lượt đọc trong một phút). Chờ khoảng một phút rồi bấm 'Làm mới'; nếu lặp lại, tăng thời gian lưu đệm (ttl) trong cấu hình.",
        "en": "Google's read quota is used up (too many reads in a minute). Wait a minute, then press 'Refresh'; if it keeps happening, raise the cache time (ttl).",
    },
    "problem.server": {
        "vi": "Máy chủ Google đang gặp lỗi tạm thời. Thường tự hết sau vài phút; bấm 'Làm mới' sau ít phút.",
        "en": "Google's servers have a temporary fault. It usually clears within minutes; press 'Refresh' later.",
    },
    "problem.timeout": {
        "vi": "Google không trả lời kịp (mạng chậm hoặc Google quá tải). Kiểm tra mạng rồi bấm 'Làm mới'.",
        "en": "Google did not answer in time (slow network or overloaded). Check the network, then press 'Refresh'.",
    },
    "problem.unreachable": {
        "vi": "Không kết nối được tới Google (mất mạng hoặc bị chặn). Kiểm tra kết nối Internet của máy chủ.",
        "en": "Cannot connect to Google (network down or blocked). Check the server's Internet connection.",
    },
    "problem.bad_response": {
        "vi": "Google trả về dữ liệu không đọc được. Bấm 'Làm mới'; nếu lặp lại, báo cho người quản trị.",
        "en": "Google's answer could not be read. Press 'Refresh'; if it repeats, tell the administrator.",
    },
    "problem.forbidden": {
        "vi": "Tài khoản dịch vụ chưa được xem bảng tính. Mở Google Sheet, bấm 'Chia sẻ' và thêm địa chỉ {email} với quyền 'Người xem'.",
        "en": "The service account may not view the spreadsheet. Open the Google Sheet, press 'Share' and add {email} as 'Viewer'.",
    },
    "problem.not_found": {
        "vi": "Không tìm thấy bảng tính. Kiểm tra địa chỉ hoặc mã bảng tính (spreadsheet) trong tệp secrets.toml.",
        "en": "Spreadsheet not found. Check the spreadsheet URL or ID in secrets.toml.",
    },
    "problem.auth": {
        "vi": "Google từ chối khóa của tài khoản dịch vụ (khóa sai, đã bị xóa hoặc hết hạn). Tạo khóa mới trong Google Cloud và dán vào secrets.toml.",
        "en": "Google refused the service-account key (wrong, deleted or expired). Create a new key in Google Cloud and paste it into secrets.toml.",
    },
    "problem.bad_range": {
        "vi": "Một trang của bảng tính vừa bị đổi tên hoặc xóa trong lúc đọc. Bấm 'Làm mới' để đọc lại danh sách trang.",
        "en": "A tab was renamed or deleted while reading. Press 'Refresh' to read the tab list again.",
    },
    "problem.not_public": {
        "vi": "Google không cho đọc bảng tính này qua đường liên kết (trả về trang đăng nhập). Nên dùng tài khoản dịch vụ và giữ bảng tính riêng tư (hướng dẫn ở trang Nguồn dữ liệu và README). Đừng mở công khai bảng tính có họ tên, số điện thoại, CCCD: ai có đường liên kết cũng tải được toàn bộ.",
        "en": "Google will not let this spreadsheet be read through its link (it answered with a sign-in page). Use a service account and keep the sheet private (see the Data source page and the README). Do not make a sheet with names, phones or ID numbers public: anyone with the link could download all of it.",
    },
    "problem.bad_key": {
        "vi": "Thông tin tài khoản dịch vụ trong secrets.toml không hợp lệ (thiếu trường hoặc khóa bị dán sai). Dán lại nguyên nội dung tệp khóa JSON.",
        "en": "The service-account settings in secrets.toml are invalid (a missing field or a mangled key). Paste the key file's content again.",
    },
    "problem.unexpected": {
        "vi": "Lỗi không lường trước khi đọc dữ liệu. Bấm 'Làm mới'; nếu lặp lại, báo cho người quản trị kèm chi tiết bên dưới.",
        "en": "Unexpected error while reading. Press 'Refresh'; if it repeats, tell the administrator with the detail below.",
    },
    "problem.bad_data": {
        "vi": "Bảng tính có ô dữ liệu mà ứng dụng chưa xử lý được, nên số liệu mới chưa dùng được. Xem chi tiết ở trang 'Nguồn dữ liệu' và báo cho người quản trị.",
        "en": "The workbook has a cell the app cannot process yet, so the new figures cannot be used. See the detail on the 'Data source' page and tell the administrator.",
    },
    "problem.not_configured": {
        "vi": "Chưa cấu hình Google Sheet: thêm mục [connections.gsheets] vào .streamlit/secrets.toml (xem README).",
        "en": "No Google Sheet configured: add [connections.gsheets] to .streamlit/secrets.toml (see README).",
    },
    "check.button": {"vi": "Kiểm tra kết nối", "en": "Test the connection"},
    "check.config": {"vi": "Bước 1 – Cấu hình trong secrets.toml", "en": "Step 1 – Settings in secrets.toml"},
    "check.key": {"vi": "Bước 2 – Khóa tài khoản dịch vụ", "en": "Step 2 – Service-account key"},
    "check.token": {"vi": "Bước 3 – Google cấp quyền truy cập (token)", "en": "Step 3 – Google grants an access token"},
    "check.metadata": {
        "vi": "Bước 4 – Mở bảng tính, đọc danh sách trang",
        "en": "Step 4 – Open the spreadsheet, list its tabs",
    },
    "check.values": {"vi": "Bước 5 – Đọc số liệu các trang", "en": "Step 5 – Read the tabs' values"},
    "check.shape": {
        "vi": "Bước 6 – Các trang và cột đúng mẫu nhập liệu",
        "en": "Step 6 – Tabs and columns as in the template",
    },
    "check.ok": {"vi": "{step}: {detail}", "en": "{step}: {detail}"},
    "check.failed": {"vi": "{step}: {message}", "en": "{step}: {message}"},
    "check.detail": {"vi": "Chi tiết kỹ thuật: {detail}", "en": "Technical detail: {detail}"},
    "page.source": {"vi": "Nguồn dữ liệu", "en": "Data source"},
    "sourcepage.header": {"vi": "Nguồn dữ liệu", "en": "Data source"},
    "sourcepage.kind": {"vi": "Nguồn đang dùng", "en": "Source in use"},
    "sourcepage.title": {"vi": "Tên bảng tính", "en": "Spreadsheet title"},
    "sourcepage.id": {"vi": "Mã bảng tính", "en": "Spreadsheet ID"},
    "sourcepage.email": {"vi": "Chia sẻ bảng tính (quyền Người xem) với", "en": "Share the sheet (as Viewer) with"},
    "sourcepage.tabs": {"vi": "Các trang đã nhận ra", "en": "Tabs recognised"},
    "sourcepage.read_at": {"vi": "Đọc lần cuối thành công", "en": "Last successful read"},
    "sourcepage.cache": {
        "vi": "Số liệu được dùng chung cho mọi người xem trong {ttl} giây; sau đó đọc lại một lần.",
        "en": "Figures are shared by every viewer for {ttl} seconds, then read once again.",
    },
    "sourcepage.requests": {
        "vi": "Lượt gọi Google Sheets API trong 1 giờ qua",
        "en": "Sheets API requests in the last hour",
    },
    "sourcepage.rows": {"vi": "Dòng đã đọc / bị loại", "en": "Rows read / rejected"},
    "sourcepage.last_error": {"vi": "Lỗi gần nhất", "en": "Latest error"},
    "sourcepage.no_error": {"vi": "Không có lỗi.", "en": "No error."},
    "sourcepage.upload": {
        "vi": "Tải lên tệp .xlsx hoặc .csv (khi không vào được Google Sheet, hoặc để xem tệp của một thôn)",
        "en": "Upload an .xlsx or .csv file (when the sheet is unreachable, or to view a team's file)",
    },
    "sourcepage.upload_active": {
        "vi": "Đang xem tệp tải lên '{name}' (chỉ trong phiên của bạn).",
        "en": "Viewing the uploaded file '{name}' (in your session only).",
    },
    "sourcepage.upload_clear": {
        "vi": "Bỏ tệp tải lên, quay về nguồn chính",
        "en": "Drop the upload, back to the main source",
    },
    # ---- uploads and files that will not be read (lib/sources/limits.py, lib.errors.FileError) ----
    "sourcepage.upload_help": {
        "vi": "Một tệp .xlsx theo mẫu nhập liệu, hoặc nhiều tệp .csv chọn cùng lúc: mỗi tệp .csv là một "
        "trang, tên tệp là tên trang ({files}). Một tệp .csv riêng lẻ không đủ: bảng tính cần ít nhất các "
        "trang {tabs}. Tối đa {mb} MB. Số liệu tải lên chỉ dùng trong phiên xem này và mất khi đóng trang.",
        "en": "One .xlsx file laid out as the template, or several .csv files chosen together: each .csv "
        "file is one tab, named after the file ({files}). One .csv file alone is not enough: the workbook "
        "needs at least the tabs {tabs}. At most {mb} MB. An upload is used in this session only and is "
        "gone when the page is closed.",
    },
    "sourcepage.upload_csv_hint": {
        "vi": "Với tệp .csv: mỗi tệp là một trang, tên tệp là tên trang; hãy chọn cùng lúc các tệp {files}.",
        "en": "With .csv files each file is one tab, named after the file: choose the files {files} together.",
    },
    "file.too_big": {
        "vi": "Tệp {name} nặng {size} MB, quá giới hạn {cap} MB cho một lần đọc. Xóa các trang, cột, dòng "
        "không dùng đến hoặc tách thành nhiều tệp.",
        "en": "File {name} is {size} MB, over the {cap} MB one read may take. Delete unused tabs, columns "
        "and rows, or split it into several files.",
    },
    "file.zip_parts": {
        "vi": "Tệp {name} chứa {parts} phần bên trong (tối đa {cap}), không giống một bảng tính Excel. Mở bằng "
        "Excel hoặc Google Sheets rồi lưu lại thành .xlsx.",
        "en": "File {name} holds {parts} parts (at most {cap}), unlike an Excel workbook. Open it in Excel or "
        "Google Sheets and save it again as .xlsx.",
    },
    "file.zip_ratio": {
        "vi": "Tệp {name} không giống một bảng tính bình thường: phần '{part}' khi giải nén lớn gấp {ratio} "
        "lần (tối đa {cap} lần). Mở bằng Excel, xóa các dòng, cột trống thừa rồi lưu lại.",
        "en": "File {name} is unlike an ordinary workbook: its part '{part}' unpacks to {ratio} times its "
        "size (at most {cap}). Open it in Excel, delete the surplus empty rows and columns and save it again.",
    },
    "file.unzipped": {
        "vi": "Tệp {name} khi giải nén lên tới {size} MB (tối đa {cap} MB). Xóa các trang, dòng không dùng "
        "đến hoặc tách bảng tính thành nhiều tệp.",
        "en": "File {name} unpacks to {size} MB (at most {cap} MB). Delete unused tabs and rows or split "
        "the workbook into several files.",
    },
    "file.part_size": {
        "vi": "Tệp {name}: phần '{part}' lớn bất thường ({size} MB, tối đa {cap} MB). Mở bằng Excel hoặc "
        "Google Sheets rồi lưu lại thành .xlsx.",
        "en": "File {name}: its part '{part}' is unusually large ({size} MB, at most {cap} MB). Open it in "
        "Excel or Google Sheets and save it again as .xlsx.",
    },
    "file.rows": {
        "vi": "Trang '{tab}' có hơn {cap} dòng (tối đa {cap}). Xóa các dòng thừa ở cuối trang hoặc tách bảng tính.",
        "en": "Tab '{tab}' has more than {cap} rows (at most {cap}). Delete the surplus rows at the end of "
        "the tab or split the workbook.",
    },
    "file.columns": {
        "vi": "Trang '{tab}' có ô ở cột {column}, quá giới hạn {cap} cột. Xóa các cột thừa bên phải (kể cả "
        "cột chỉ có định dạng) hoặc tách bảng tính.",
        "en": "Tab '{tab}' has a cell in column {column}, past the limit of {cap} columns. Delete the "
        "surplus columns on the right (formatting-only ones too) or split the workbook.",
    },
    "file.cells": {
        "vi": "Đến trang '{tab}', bảng tính đã vượt {cap} ô (mỗi trang tính bằng số dòng × số cột của dòng "
        "rộng nhất). Xóa các dòng, cột thừa hoặc tách bảng tính thành nhiều tệp.",
        "en": "By tab '{tab}' the workbook passes {cap} cells (each tab counts its rows × its widest row). "
        "Delete surplus rows and columns or split the workbook into several files.",
    },
    "file.shared_strings": {
        "vi": "Tệp {name} có hơn {cap} đoạn chữ khác nhau (tối đa {cap}). Tách bảng tính thành nhiều tệp.",
        "en": "File {name} holds more than {cap} distinct texts (at most {cap}). Split the workbook into "
        "several files.",
    },
    "file.seconds": {
        "vi": "Đọc tệp {name} mất hơn {cap} giây nên đã dừng. Tách bảng tính thành nhiều tệp nhỏ hơn.",
        "en": "Reading file {name} took over {cap} seconds, so it was stopped. Split the workbook into smaller files.",
    },
    "file.seconds_tab": {
        "vi": "Đọc tệp {name} mất hơn {cap} giây (đang ở trang '{tab}') nên đã dừng. Tách bảng tính thành "
        "nhiều tệp nhỏ hơn.",
        "en": "Reading file {name} took over {cap} seconds (at tab '{tab}'), so it was stopped. Split the "
        "workbook into smaller files.",
    },
    "file.row_bytes": {
        "vi": "Trang '{tab}', dòng {row}: dòng dài hơn {cap} MB, không phải một dòng bảng tính bình thường. "
        "Xóa dòng đó, hoặc mở tệp bằng Excel rồi lưu lại.",
        "en": "Tab '{tab}', row {row}: the row takes over {cap} MB, unlike any real row. Delete it, or "
        "open the file in Excel and save it again.",
    },
    "file.corrupt_sheet": {
        "vi": "Trang '{tab}' của tệp {name} bị hỏng ở khoảng dòng {row} ({detail}). Mở tệp bằng Excel hoặc "
        "Google Sheets rồi lưu lại thành .xlsx.",
        "en": "Tab '{tab}' of file {name} is damaged around row {row} ({detail}). Open the file in Excel or "
        "Google Sheets and save it again as .xlsx.",
    },
    "file.corrupt_strings": {
        "vi": "Bảng chữ dùng chung của tệp {name} bị hỏng ({detail}). Mở tệp bằng Excel hoặc Google Sheets "
        "rồi lưu lại thành .xlsx.",
        "en": "The shared texts of file {name} are damaged ({detail}). Open the file in Excel or Google "
        "Sheets and save it again as .xlsx.",
    },
    "file.not_xlsx": {
        "vi": "Tệp {name} không phải tệp Excel .xlsx đọc được ({detail}). Mở bằng Excel hoặc Google Sheets "
        "rồi lưu lại thành .xlsx (không phải .xls).",
        "en": "File {name} is not a readable Excel .xlsx file ({detail}). Open it in Excel or Google Sheets "
        "and save it as .xlsx (not .xls).",
    },
    "file.suffix": {
        "vi": "Tệp {name}: chỉ đọc được tệp .xlsx hoặc .csv.",
        "en": "File {name}: only .xlsx and .csv files can be read.",
    },
    "file.encoding": {
        "vi": "Tệp {name}: không đọc được bảng mã (không phải UTF-8, UTF-16 hay Windows-1258). Trong Excel "
        "chọn Lưu thành, kiểu 'CSV UTF-8 (Comma delimited)'.",
        "en": "File {name}: its encoding cannot be read (not UTF-8, UTF-16 or Windows-1258). In Excel use "
        "Save As, type 'CSV UTF-8 (Comma delimited)'.",
    },
    "file.csv_field": {
        "vi": "Tệp {name}, dòng {row}: có ô dài hơn {cap} ký tự, thường do thiếu một dấu ngoặc kép đóng. "
        "Sửa ô đó rồi lưu lại.",
        "en": "File {name}, row {row}: a cell is longer than {cap} characters, usually a missing closing "
        "quote. Mend that cell and save again.",
    },
    "file.csv_broken": {
        "vi": "Tệp {name}, dòng {row}: không đọc được dạng CSV ({detail}). Trong Excel chọn Lưu thành, kiểu "
        "'CSV UTF-8 (Comma delimited)'.",
        "en": "File {name}, row {row}: not readable as CSV ({detail}). In Excel use Save As, type "
        "'CSV UTF-8 (Comma delimited)'.",
    },
    "file.mixed": {
        "vi": "Chọn một tệp .xlsx, hoặc một hay nhiều tệp .csv (mỗi tệp là một trang, tên tệp là tên trang); "
        "không chọn tệp .xlsx cùng với tệp khác.",
        "en": "Choose one .xlsx file, or one or more .csv files (each file one tab, named after the file); "
        "not an .xlsx file together with others.",
    },
    "file.same_tab": {
        "vi": "Hai tệp .csv cùng thành trang '{tab}'. Đổi tên một tệp rồi tải lên lại.",
        "en": "Two .csv files would both be tab '{tab}'. Rename one and upload again.",
    },
    "file.not_found": {"vi": "Không tìm thấy tệp {path}.", "en": "File {path} not found."},
    "file.empty_folder": {"vi": "Thư mục {path} không có tệp .csv nào.", "en": "Folder {path} holds no .csv file."},
    "sourcepage.check_intro": {
        "vi": "Thử đọc bảng tính ngay, từng bước, và giải thích bước nào lỗi.",
        "en": "Try reading the sheet now, step by step, and explain any failing step.",
    },
    # ---- app frame and filters ----
    "app.title": {"vi": "Chiến dịch i-HaTinh – xã {commune}", "en": "i-HaTinh campaign – {commune} commune"},
    "app.sample_banner": {
        "vi": "**DỮ LIỆU MẪU**, không phải số liệu thật của xã",
        "en": "**SAMPLE DATA**, not the commune's real figures",
    },
    "app.no_villages": {
        "vi": "Trang 'Thon' chưa có thôn nào dùng được. Xem trang Chất lượng dữ liệu để biết cần sửa gì.",
        "en": "Tab 'Thon' has no usable village. See the Data quality page for what to fix.",
    },
    "source.refresh": {"vi": "Làm mới", "en": "Refresh"},
    "source.reading": {"vi": "Đang đọc Google Sheet…", "en": "Reading the Google Sheet…"},
    "source.throttled": {
        "vi": "Vừa làm mới xong; bấm lại sau {seconds} giây (để không vượt hạn mức đọc của Google).",
        "en": "Just refreshed; press again in {seconds} s (to stay within Google's read quota).",
    },
    "source.kind.sample": {"vi": "Dữ liệu mẫu đi kèm ứng dụng", "en": "Bundled sample workbook"},
    "source.kind.file": {"vi": "Tệp tải lên", "en": "Uploaded file"},
    "source.kind.gsheet": {"vi": "Google Sheet (tài khoản dịch vụ)", "en": "Google Sheet (service account)"},
    "source.kind.public": {"vi": "Google Sheet (liên kết công khai)", "en": "Google Sheet (public link)"},
    "source.line_sample": {"vi": "Nguồn: dữ liệu mẫu đi kèm ứng dụng", "en": "Source: the bundled sample"},
    "source.line_unread": {"vi": "Nguồn: {title} · chưa đọc được", "en": "Source: {title} · not read yet"},
    "source.line_file": {
        "vi": "Nguồn: tệp {title} tải lên lúc {time}",
        "en": "Source: file {title} uploaded at {time}",
    },
    "source.line_gsheet": {
        "vi": "Nguồn: Google Sheet {title} · đọc lúc {time}",
        "en": "Source: Google Sheet {title} · read at {time}",
    },
    "source.line_public": {
        "vi": "Nguồn: Google Sheet {title} · đọc lúc {time}",
        "en": "Source: Google Sheet {title} · read at {time}",
    },
    "meeting.updated": {"vi": "Màn hình cập nhật lúc {time}", "en": "Screen updated at {time}"},
    "source.stale": {
        "vi": "**Đang hiển thị số liệu đọc lúc {time} ({age}).** Lần đọc mới nhất không thành công: {message}",
        "en": "**Showing figures read at {time} ({age}).** The latest read failed: {message}",
    },
    "source.no_data": {
        "vi": "**Chưa đọc được số liệu từ Google Sheet.** {message} Xem trang 'Nguồn dữ liệu' để kiểm tra từng bước.",
        "en": "**No figures could be read from the Google Sheet yet.** {message} See the 'Data source' page to check step by step.",
    },
    "age.seconds": {"vi": "cách đây {n} giây", "en": "{n} seconds ago"},
    "age.minutes": {"vi": "cách đây {n} phút", "en": "{n} minutes ago"},
    "age.hours": {"vi": "cách đây {n} giờ", "en": "{n} hours ago"},
    "filters.meeting": {"vi": "Chế độ họp", "en": "Meeting mode"},
    "filters.meeting_help": {
        "vi": "Chữ số lớn, tự cập nhật số liệu mỗi phút (dùng chung bộ đệm, không tốn thêm lượt đọc).",
        "en": "Large figures, refreshed every minute (from the shared cache: no extra reads).",
    },
    "filters.header": {"vi": "Bộ lọc", "en": "Filters"},
    "filters.villages": {"vi": "Thôn (để trống = cả xã)", "en": "Villages (empty = whole commune)"},
    "filters.villages_help": {
        "vi": "Gõ tên thôn, có dấu hoặc không dấu.",
        "en": "Type a village name, with or without diacritics.",
    },
    "filters.group": {"vi": "Nhóm đối tượng", "en": "Group"},
    "filters.phase": {"vi": "Đợt", "en": "Phase"},
    "filters.all_phases": {"vi": "Cả chiến dịch", "en": "Whole campaign"},
    "filters.as_of": {"vi": "Số liệu đến ngày", "en": "Figures as of"},
    "filters.english": {"vi": "English", "en": "English"},
    "filters.template": {"vi": "Tải mẫu nhập liệu (.xlsx)", "en": "Download the workbook template (.xlsx)"},
    "filters.share": {
        "vi": "Địa chỉ trang đã chứa bộ lọc: sao chép để gửi đúng màn hình này.",
        "en": "The page address holds the filters: copy it to share this exact view.",
    },
    # ---- pages ----
    "page.overview": {"vi": "Tổng quan", "en": "Overview"},
    "page.villages": {"vi": "Theo thôn", "en": "By village"},
    "page.progress": {"vi": "Tiến độ", "en": "Progress"},
    "page.helpers": {"vi": "Lực lượng hỗ trợ", "en": "Helpers"},
    "page.people": {"vi": "Tổ liên gia & danh sách", "en": "Groups & lists"},
    "people.groups_header": {"vi": "Từng tổ liên gia – {group}", "en": "Each inter-family group – {group}"},
    "people.pick_village": {"vi": "Chọn thôn để xem từng tổ", "en": "Village to drill into"},
    "people.no_groups": {
        "vi": "Chưa có số liệu theo tổ liên gia (cột 'Tổ liên gia' ở trang CaiDat hoặc DanhSach, tổng số ở trang ToLienGia).",
        "en": "No figures per inter-family group yet (column 'Tổ liên gia' in tab CaiDat or DanhSach, bases in tab ToLienGia).",
    },
    "people.no_base": {
        "vi": "Tổ chưa có tổng số ở trang ToLienGia thì tỷ lệ hiện '—'.",
        "en": "A group with no base in tab ToLienGia shows '—' for its rate.",
    },
    "people.crosscheck_header": {"vi": "Đối chiếu danh sách với số tổng hợp", "en": "List against tallies"},
    "people.crosscheck_note": {
        "vi": "Thôn có cả danh sách (trang DanhSach) và số tổng hợp (trang CaiDat). Số được tính: **{source}** (theo thiết lập của chiến dịch). Danh sách chỉ tính mỗi người một lần và người đủ 18 tuổi.",
        "en": "Villages with both a list (tab DanhSach) and tallies (tab CaiDat). Counted from: **{source}** (as the campaign is set up). The list counts each person once, adults only.",
    },
    "people.unnamed_group": {"vi": "(không ghi tổ)", "en": "(no group given)"},
    "people.by_group": {"vi": "Theo từng tổ liên gia – {village}", "en": "Per inter-family group – {village}"},
    "people.no_crosscheck": {
        "vi": "Chưa có thôn nào có cả danh sách người đã cài lẫn số tổng hợp.",
        "en": "No village has both a person list and tallies yet.",
    },
    "people.source.tallies": {"vi": "số tổng hợp", "en": "tallies"},
    "people.source.list": {"vi": "danh sách", "en": "the list"},
    "people.list_header": {"vi": "Danh sách người đã cài", "en": "People who installed"},
    "people.list_village": {"vi": "Thôn", "en": "Village"},
    "people.no_list_chosen": {
        "vi": "Các thôn đang chọn chưa có danh sách người đã cài.",
        "en": "None of the chosen villages has a list of people.",
    },
    "people.summary_header": {"vi": "Danh sách theo thôn (chỉ số đếm)", "en": "Lists per village (counts only)"},
    "people.no_list": {"vi": "Bảng tính chưa có trang DanhSach.", "en": "The workbook has no DanhSach tab."},
    "people.note.repeat": {"vi": "Trùng dòng {row}", "en": "Repeats row {row}"},
    "people.note.minor": {"vi": "Dưới {age} tuổi", "en": "Under {age}"},
    "people.masked_note": {
        "vi": "Số điện thoại và số CCCD được che một phần, trên màn hình và khi tải về. Bật 'Hiện đầy đủ' chỉ khi thật cần.",
        "en": "Phone and ID numbers are partly masked, on screen and in downloads. Turn on 'Show in full' only when needed.",
    },
    "people.unmask": {"vi": "Hiện đầy đủ số điện thoại, CCCD", "en": "Show phone and ID numbers in full"},
    "access.locked": {
        "vi": "Danh sách họ tên, số điện thoại và CCCD là dữ liệu cá nhân: chỉ người được giao quyền mới xem được.",
        "en": "Names, phone and ID numbers are personal data: only authorised viewers may see them.",
    },
    "access.not_configured": {
        "vi": "Danh sách họ tên là dữ liệu cá nhân và đang ẩn. Người quản trị ứng dụng cấp quyền xem cho người cần.",
        "en": "Names are personal data and hidden. The app's administrator grants access to those who need it.",
    },
    "access.password": {"vi": "Mật khẩu xem danh sách", "en": "Password for the lists"},
    "access.unlock": {"vi": "Mở khóa", "en": "Unlock"},
    "access.wrong": {"vi": "Mật khẩu không đúng.", "en": "Wrong password."},
    "access.wait": {
        "vi": "Đã nhập sai nhiều lần. Hãy thử lại sau {seconds} giây.",
        "en": "Too many wrong passwords. Try again in {seconds} seconds.",
    },
    "access.login": {"vi": "Đăng nhập bằng tài khoản cơ quan", "en": "Sign in with your work account"},
    "access.login_note": {
        "vi": "Đăng nhập xong, ứng dụng mở trang Tổng quan: chọn lại trang này ở thanh bên.",
        "en": "After signing in the app opens the Overview: choose this page again in the sidebar.",
    },
    "access.not_allowed": {
        "vi": "Tài khoản `{email}` chưa được giao quyền xem danh sách. Đăng xuất rồi đăng nhập bằng tài khoản được giao, hoặc đề nghị quản trị thêm tài khoản này.",
        "en": "The account `{email}` may not see the lists. Sign out and sign in with an authorised account, or ask the administrator to add this one.",
    },
    "access.logout": {"vi": "Đăng xuất", "en": "Sign out"},
    "access.lock": {"vi": "Khóa lại", "en": "Lock"},
    "access.granted": {
        "vi": "Bạn đang xem dữ liệu cá nhân. Khóa lại khi xong.",
        "en": "You are viewing personal data. Lock when done.",
    },
    "page.quality": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "scope.commune": {"vi": "toàn xã ({n} thôn)", "en": "whole commune ({n} villages)"},
    "scope.chosen": {"vi": "{n} thôn đã chọn", "en": "{n} selected villages"},
    "overview.phase_header": {
        "vi": "{phase} · {scope} · số liệu đến hết {date} · {when}",
        "en": "{phase} · {scope} · figures up to {date} · {when}",
    },
    "overview.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
    "overview.phase_ends": {"vi": "kết thúc {date}", "en": "ends {date}"},
    "overview.card_rule": {"vi": "chỉ tiêu {rule}", "en": "target {rule}"},
    "overview.card_counts": {"vi": "{installed}/{base} người", "en": "{installed}/{base} people"},
    "overview.card_gap": {"vi": "còn thiếu {gap} người", "en": "{gap} more needed"},
    "overview.card_pace": {
        "vi": "cần {needed} người/ngày, 3 ngày qua {pace}/ngày",
        "en": "needs {needed} a day, last 3 days {pace} a day",
    },
    "overview.behind_header": {"vi": "Thôn chậm – {phase}", "en": "Villages behind – {phase}"},
    "overview.missed_header": {"vi": "Thôn không đạt – {phase}", "en": "Villages that missed – {phase}"},
    "overview.behind_none": {
        "vi": "Không có thôn nào chậm so với chỉ tiêu của đợt.",
        "en": "No village is behind this phase's targets.",
    },
    "overview.behind_more": {
        "vi": "Xếp theo số người còn thiếu; đang hiện những thôn đầu trong {n} thôn.",
        "en": "Ranked by people missing; showing the first of {n} villages.",
    },
    "overview.behind_link": {"vi": "Xem tất cả các thôn", "en": "See every village"},
    "overview.todo_header": {"vi": "Việc cần làm hôm nay", "en": "To do today"},
    "overview.todo_none": {
        "vi": "Thôn nào cũng đã tổ chức tuyên truyền, đủ người hỗ trợ; bảng tính không có dòng cần sửa.",
        "en": "Every village has held a session and has enough helpers; no row of the sheet needs fixing.",
    },
    "overview.todo_no_sessions": {
        "vi": "**{n} thôn** chưa tổ chức buổi tuyên truyền, hướng dẫn: {names}",
        "en": "**{n} villages** have held no propaganda or guidance session: {names}",
    },
    "overview.todo_short_helpers": {
        "vi": "**{n} thôn** chưa đủ {min} đoàn viên hỗ trợ biết CNTT: {names}",
        "en": "**{n} villages** have fewer than {min} IT-skilled helpers: {names}",
    },
    "overview.todo_rows_to_fix": {
        "vi": "**{n} dòng** số liệu bị loại, chưa được tính: cần sửa trong bảng tính",
        "en": "**{n} rows** of the sheet were rejected and are not counted: to fix",
    },
    "overview.todo_link_luc-luong": {"vi": "Xem lực lượng hỗ trợ", "en": "See the helpers"},
    "overview.todo_link_chat-luong": {"vi": "Xem dòng cần sửa", "en": "See the rows to fix"},
    "overview.and_more": {"vi": "và {n} thôn khác", "en": "and {n} more"},
    "overview.agencies_ignore_villages": {
        "vi": "Cơ quan, đơn vị (CBCCVC, NLĐ) là số của cả xã: không lọc theo thôn.",
        "en": "Agencies (civil servants and staff) are the whole commune's: not filtered by village.",
    },
    "overview.phase_table": {"vi": "Tình hình từng đợt", "en": "Phase status"},
    "overview.agencies_note": {
        "vi": "Cơ quan, đơn vị: số đã cài là tổng hiện tại do đơn vị báo, không theo ngày.",
        "en": "Agencies: installed is the current total each unit reports, not dated.",
    },
    "villages.header": {"vi": "Tỷ lệ cài đặt theo thôn – {group}", "en": "Coverage by village – {group}"},
    "villages.no_target": {
        "vi": "Nhóm này chưa có chỉ tiêu trong cấu hình.",
        "en": "This group has no target configured.",
    },
    "villages.count.met": {"vi": "{n} thôn đã đạt", "en": "{n} met"},
    "villages.count.on_track": {"vi": "{n} thôn đúng tiến độ", "en": "{n} on track"},
    "villages.count.behind": {"vi": "{n} thôn chậm", "en": "{n} behind"},
    "villages.count.open": {"vi": "{n} thôn chưa đạt", "en": "{n} not yet met"},
    "villages.count.missed": {"vi": "{n} thôn không đạt", "en": "{n} missed"},
    "villages.count.no_data": {"vi": "{n} thôn chưa có số dân để tính tỷ lệ", "en": "{n} without a base"},
    "villages.agencies_header": {"vi": "Tỷ lệ cài đặt theo cơ quan, đơn vị", "en": "Coverage by agency"},
    "progress.header": {"vi": "Tiến độ cài đặt theo ngày – {group}", "en": "Daily installs – {group}"},
    "progress.commune": {"vi": "Toàn xã", "en": "Whole commune"},
    "progress.agency_note": {
        "vi": "Số liệu cơ quan, đơn vị không theo ngày nên không có biểu đồ tiến độ. Chọn nhóm khác.",
        "en": "Agency figures are not dated, so there is no daily chart. Choose another group.",
    },
    "helpers.header": {"vi": "Lực lượng hỗ trợ và tuyên truyền", "en": "Helpers and propaganda sessions"},
    "helpers.short": {
        "vi": "Thôn chưa đủ {min} đoàn viên nòng cốt biết CNTT",
        "en": "Villages short of {min} IT-skilled helpers",
    },
    "helpers.all_ok": {"vi": "Mọi thôn đều đủ lực lượng nòng cốt.", "en": "Every village has enough core helpers."},
    "helpers.sessions": {
        "vi": "Buổi tuyên truyền, hướng dẫn theo thôn",
        "en": "Propaganda and guidance sessions by village",
    },
    "helpers.no_sessions": {"vi": "Thôn chưa tổ chức buổi nào: {names}", "en": "Villages with no session yet: {names}"},
    "helpers.all_sessions": {"vi": "Mọi thôn đã tổ chức tuyên truyền.", "en": "Every village has held a session."},
    "helpers.privacy": {
        "vi": "Danh sách cá nhân (họ tên, số điện thoại) không hiển thị ở đây để bảo vệ dữ liệu cá nhân.",
        "en": "Individual lists (names, phone numbers) are not shown here, to protect personal data.",
    },
    "quality.header": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "quality.balance": {
        "vi": "Đã đọc {read} dòng = {accepted} dòng dùng được + {rejected} dòng bị loại.",
        "en": "Read {read} rows = {accepted} used + {rejected} rejected.",
    },
    "quality.rejected": {"vi": "Dòng bị loại ({n})", "en": "Rejected rows ({n})"},
    "quality.lost": {
        "vi": "Các dòng cài đặt bị loại lẽ ra cộng thêm {n} người đã cài. Sửa trên Google Sheet rồi làm mới.",
        "en": "The rejected tally rows would have added {n} installs. Fix them in the sheet and refresh.",
    },
    "quality.warnings": {"vi": "Cảnh báo ({n}) – vẫn được tính", "en": "Warnings ({n}) – still counted"},
    "quality.none": {"vi": "Không có.", "en": "None."},
    # ---- table columns ----
    "col.village": {"vi": "Thôn", "en": "Village"},
    "col.unit": {"vi": "Đơn vị", "en": "Unit"},
    "col.installed": {"vi": "Đã cài", "en": "Installed"},
    "col.base": {"vi": "Tổng số", "en": "Base"},
    "col.coverage": {"vi": "Tỷ lệ", "en": "Coverage"},
    "col.gap": {"vi": "Còn thiếu", "en": "Gap"},
    "col.needed_per_day": {"vi": "Cần/ngày", "en": "Needed/day"},
    "col.pace": {"vi": "Bình quân/ngày (3 ngày qua)", "en": "Per day (last 3 days)"},
    "col.projected": {"vi": "Dự kiến đạt", "en": "Projected"},
    "col.status": {"vi": "Tình trạng", "en": "Status"},
    "col.group": {"vi": "Nhóm", "en": "Group"},
    "col.phase": {"vi": "Đợt", "en": "Phase"},
    "col.target": {"vi": "Chỉ tiêu", "en": "Target"},
    "col.deadline": {"vi": "Hạn", "en": "Deadline"},
    "col.at_deadline": {"vi": "Kết quả tại hạn", "en": "At deadline"},
    "col.helpers": {"vi": "Tổng số hỗ trợ", "en": "Helpers"},
    "col.helpers_it": {"vi": "Biết CNTT", "en": "IT-skilled"},
    "col.helpers_short": {"vi": "Còn thiếu", "en": "Short by"},
    "col.sessions": {"vi": "Số buổi", "en": "Sessions"},
    "col.attendees": {"vi": "Người tham dự", "en": "Attendees"},
    "col.tab": {"vi": "Trang", "en": "Tab"},
    "col.row": {"vi": "Dòng", "en": "Row"},
    "col.column": {"vi": "Cột", "en": "Column"},
    "col.value": {"vi": "Giá trị", "en": "Value"},
    "col.message": {"vi": "Cần sửa", "en": "What to fix"},
    "col.installs_lost": {"vi": "Số cài bị loại", "en": "Installs lost"},
    "col.read": {"vi": "Đã đọc", "en": "Read"},
    "col.accepted": {"vi": "Dùng được", "en": "Used"},
    "col.rejected": {"vi": "Bị loại", "en": "Rejected"},
    "col.family_group": {"vi": "Tổ liên gia", "en": "Inter-family group"},
    "col.tallies": {"vi": "Theo số tổng hợp", "en": "By tallies"},
    "col.list": {"vi": "Theo danh sách", "en": "By list"},
    "col.difference": {"vi": "Danh sách hơn tổng hợp", "en": "List above tallies"},
    "col.counted": {"vi": "Số được tính", "en": "Counted from"},
    "col.name": {"vi": "Họ và tên", "en": "Full name"},
    "col.birth_year": {"vi": "Năm sinh", "en": "Born"},
    "col.phone": {"vi": "Số điện thoại", "en": "Phone"},
    "col.id_number": {"vi": "Số CCCD", "en": "ID number"},
    "col.date": {"vi": "Ngày cài", "en": "Installed on"},
    "col.note": {"vi": "Ghi chú", "en": "Note"},
    "col.listed": {"vi": "Dòng trong danh sách", "en": "Rows listed"},
    "col.people_counted": {"vi": "Người được tính", "en": "People counted"},
    "col.repeats": {"vi": "Trùng", "en": "Repeats"},
    "col.minors": {"vi": "Dưới 18 tuổi", "en": "Under 18"},
    # ---- statuses, rules, charts ----
    "status.met": {"vi": "Đã đạt", "en": "Met"},
    "status.on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "status.behind": {"vi": "Chậm", "en": "Behind"},
    "status.open": {"vi": "Chưa đạt", "en": "Not yet met"},
    "status.missed": {"vi": "Không đạt", "en": "Missed"},
    "status.no_data": {"vi": "Chưa có số liệu", "en": "No data"},
    "result.met": {"vi": "Đạt", "en": "Met"},
    "result.missed": {"vi": "Không đạt", "en": "Missed"},
    "result.pending": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "rule.tren": {"vi": "trên {percent}", "en": "above {percent}"},
    "rule.dat": {"vi": "đạt {percent}", "en": "at least {percent}"},
    # ---- Zalo bulletin (lib/bulletin.py): plain text, no markdown ----
    "sourcepage.upload_button": {"vi": "Chọn tệp", "en": "Choose files"},
    "sourcepage.upload_limit": {
        "vi": "hoặc kéo thả vào đây · .xlsx hoặc .csv, tối đa {mb} MB mỗi tệp",
        "en": "or drop them here · .xlsx or .csv, up to {mb} MB each",
    },
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
    "chart.target": {"vi": "Chỉ tiêu", "en": "Target"},
    "chart.coverage": {"vi": "Tỷ lệ đã cài", "en": "Coverage"},
    "chart.progress_title": {"vi": "Tỷ lệ cài đặt cộng dồn theo ngày", "en": "Cumulative coverage by day"},
    "chart.phase_end": {"vi": "Hết {phase} ({date})", "en": "End of {phase} ({date})"},
    "chart.villages_title": {"vi": "Tỷ lệ đã cài theo thôn – {group}", "en": "Coverage by village – {group}"},
    "chart.agencies_title": {"vi": "Tỷ lệ đã cài theo cơ quan, đơn vị – {group}", "en": "Coverage by agency – {group}"},
    "chart.village_hover": {
        "vi": "<b>{village}</b><br>Đã cài: {installed}/{base} ({rate})<br>Còn thiếu: {gap}<br>Cần/ngày: {per_day}"
        "<br>{status}",
        "en": "<b>{village}</b><br>Installed: {installed}/{base} ({rate})<br>Gap: {gap}<br>Needed/day: {per_day}"
        "<br>{status}",
    },
    "chart.new": {"vi": "mới trong ngày", "en": "new that day"},
    "chart.cumulative": {"vi": "cộng dồn", "en": "running total"},
    "chart.new_axis": {"vi": "Số cài mới trong ngày", "en": "New installs per day"},
    "chart.cumulative_axis": {"vi": "Cộng dồn", "en": "Running total"},
    "chart.helpers_title": {"vi": "Đoàn viên nòng cốt biết CNTT theo thôn", "en": "IT-skilled core helpers by village"},
    "chart.helpers_axis": {"vi": "Số người biết CNTT", "en": "IT-skilled helpers"},
    "chart.helpers_hover": {
        "vi": "<b>{village}</b><br>Biết CNTT: {it}<br>Tổng số hỗ trợ: {all}",
        "en": "<b>{village}</b><br>IT-skilled: {it}<br>All helpers: {all}",
    },
    "chart.minimum": {"vi": "Tối thiểu {n}", "en": "Minimum {n}"},
    "what.date": {"vi": "ngày (dạng 13/05/2026)", "en": "a date (like 13/05/2026)"},
    "what.village": {"vi": "tên thôn", "en": "the village name"},
    "what.name": {"vi": "họ và tên", "en": "the full name"},
    "what.family_group": {"vi": "tên tổ liên gia", "en": "the inter-family group"},
    "what.birth_year": {"vi": "năm sinh (ví dụ 1985)", "en": "the year of birth (like 1985)"},
    "what.unit": {"vi": "tên đơn vị", "en": "the unit's name"},
    "what.count": {"vi": "số người", "en": "a head count"},
    # ---- phase reports (Word, Excel, PDF) and table downloads ----
    "page.reports": {"vi": "Báo cáo", "en": "Reports"},
    "reports.header": {"vi": "Báo cáo kết quả theo đợt", "en": "Phase report"},
    "reports.phase": {"vi": "Đợt báo cáo", "en": "Phase to report on"},
    "reports.scope": {
        "vi": "Báo cáo tính cho **toàn xã**. Mục IV (khó khăn, vướng mắc và đề xuất) để trống cho văn phòng viết trước khi trình ký. Số điện thoại, CCCD (nếu có) được che một phần.",
        "en": "The report covers the **whole commune**. Section IV (difficulties and proposals) is left empty for the office to write before signing. Phone and ID numbers, if any, are partly masked.",
    },
    "reports.docx": {"vi": "Tải báo cáo Word (.docx)", "en": "Download the Word report (.docx)"},
    "reports.xlsx": {"vi": "Tải bảng số liệu Excel (.xlsx)", "en": "Download the Excel tables (.xlsx)"},
    "reports.pdf": {"vi": "Tải báo cáo PDF", "en": "Download the PDF report"},
    "reports.no_targets": {
        "vi": "Đợt này chưa có chỉ tiêu nào: báo cáo chỉ có phần lực lượng hỗ trợ.",
        "en": "This phase has no target: the report only has the helpers section.",
    },
    "report.nation": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIETNAM"},
    "report.motto": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "report.number": {"vi": "Số: {number}", "en": "No.: {number}"},
    "report.date_line": {
        "vi": "{place}, ngày {day} tháng {month} năm {year}",
        "en": "{place}, {day}/{month}/{year}",
    },
    "report.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "report.subtitle": {
        "vi": "Kết quả {campaign} {phase} (từ ngày {start} đến ngày {end})",
        "en": "Results of the {campaign}, {phase} ({start} to {end})",
    },
    "report.intro": {
        "vi": "Kết quả thực hiện {phase} trên địa bàn xã {commune}, số liệu tổng hợp đến hết ngày {as_of}, như sau:",
        "en": "Results of {phase} in {commune} commune, with figures up to and including {as_of}:",
    },
    "report.sample": {
        "vi": "Báo cáo này lập trên DỮ LIỆU MẪU, không phải số liệu thật của xã.",
        "en": "This report is built from SAMPLE DATA, not the commune's real figures.",
    },
    "report.rejected": {
        "vi": "Có {n} dòng số liệu nhập sai bị loại, chưa được tính (xem trang Chất lượng dữ liệu).",
        "en": "{n} badly entered rows were rejected and are not counted (see the Data quality page).",
    },
    "report.section_results": {"vi": "I. Kết quả so với chỉ tiêu", "en": "I. Results against targets"},
    "report.result_line": {
        "vi": "{group}: đã cài {installed}/{base} người, đạt {rate}; chỉ tiêu {rule} (hạn {deadline}): {result}.",
        "en": "{group}: {installed}/{base} people installed, {rate}; target {rule} (due {deadline}): {result}.",
    },
    "report.result_no_base": {"vi": "chưa có số người để tính tỷ lệ", "en": "no base to compute a rate"},
    "report.no_targets": {
        "vi": "Đợt này không có chỉ tiêu nào trong cấu hình chiến dịch.",
        "en": "This phase has no target in the campaign configuration.",
    },
    "report.section_units": {"vi": "II. Kết quả theo thôn, cơ quan, đơn vị", "en": "II. Results by village and agency"},
    "report.group_heading": {"vi": "{n}. {group} (chỉ tiêu {rule})", "en": "{n}. {group} (target {rule})"},
    "report.family_heading": {"vi": "Theo tổ liên gia – {group}", "en": "By inter-family group – {group}"},
    "report.unmet_villages": {
        "vi": "Thôn chưa đạt chỉ tiêu ({n}): {names}.",
        "en": "Villages below the target ({n}): {names}.",
    },
    "report.unmet_units": {
        "vi": "Cơ quan, đơn vị chưa đạt chỉ tiêu ({n}): {names}.",
        "en": "Agencies below the target ({n}): {names}.",
    },
    "report.all_met_villages": {"vi": "Tất cả các thôn đã đạt chỉ tiêu.", "en": "Every village has met the target."},
    "report.all_met_units": {
        "vi": "Tất cả các cơ quan, đơn vị đã đạt chỉ tiêu.",
        "en": "Every agency has met the target.",
    },
    "report.no_base": {
        "vi": "Chưa có số người để tính tỷ lệ ({n}): {names}.",
        "en": "No base to compute a rate ({n}): {names}.",
    },
    "report.unmet_item": {"vi": "{name} (thiếu {gap})", "en": "{name} ({gap} short)"},
    "report.total_villages": {"vi": "Toàn xã", "en": "Whole commune"},
    "report.total_units": {"vi": "Tổng cộng", "en": "Total"},
    "report.section_support": {
        "vi": "III. Lực lượng hỗ trợ và công tác tuyên truyền",
        "en": "III. Helpers and propaganda sessions",
    },
    "report.short_helpers": {
        "vi": "Thôn chưa đủ {min} đoàn viên nòng cốt biết CNTT ({n}): {names}.",
        "en": "Villages with fewer than {min} IT-skilled core helpers ({n}): {names}.",
    },
    "report.no_sessions": {
        "vi": "Thôn chưa tổ chức buổi tuyên truyền, hướng dẫn nào ({n}): {names}.",
        "en": "Villages that have held no propaganda or guidance session ({n}): {names}.",
    },
    "report.charts": {"vi": "Biểu đồ tỷ lệ cài đặt theo thôn", "en": "Charts: coverage by village"},
    "report.section_issues": {
        "vi": "IV. Khó khăn, vướng mắc và đề xuất",
        "en": "IV. Difficulties, obstacles and proposals",
    },
    "report.recipients": {"vi": "Nơi nhận:", "en": "Recipients:"},
    "report.archive": {"vi": "Lưu: VT", "en": "Archive"},
    "report.summary_sheet": {"vi": "Tổng hợp", "en": "Summary"},
    "report.col_no": {"vi": "TT", "en": "No."},
    "report.col_family_group": {"vi": "Tổ liên gia", "en": "Inter-family group"},
    # The date a report's figures are as of (never after the phase's last day) and its statuses.
    "reports.as_of": {
        "vi": "Số liệu của báo cáo: **đến ngày {date}**, ngày cuối của {phase}{chosen}. Các dòng nhập sau nhưng ghi ngày trong đợt vẫn được tính.",
        "en": "The report's figures: **as of {date}**, the last day of {phase}{chosen}. Rows entered later but dated within the phase count.",
    },
    "reports.as_of_chosen": {
        "vi": " (ngày chọn ở thanh bên: {date})",
        "en": " (the sidebar's date: {date})",
    },
    "reports.provisional": {
        "vi": "Báo cáo **tạm tính**: {phase} chưa kết thúc (đến hết ngày {end}), số liệu **tạm tính đến ngày {date}** (đổi ngày ở thanh bên).",
        "en": "A **provisional** report: {phase} has not ended (it runs to {end}); figures **provisional, as of {date}** (change the date in the sidebar).",
    },
    "report.figures_as_of": {"vi": "Số liệu đến ngày {date}", "en": "Figures as of {date}"},
    "report.snapshot": {
        "vi": "Số liệu bản ghi #{n}, đọc lúc {time}",
        "en": "Figures of stored read #{n}, read at {time}",
    },
    "changes.old_data": {"vi": "sửa số liệu cũ", "en": "earlier figures edited"},
    "changes.late": {"vi": "nhập bổ sung cho ngày đã qua", "en": "entered late, for a past day"},
    "report.figures_provisional": {
        "vi": "Số liệu tạm tính đến ngày {date}",
        "en": "Figures provisional, as of {date}",
    },
    "report.provisional": {
        "vi": "{phase} chưa kết thúc (đến hết ngày {end}): số liệu trong báo cáo này là số tạm tính đến ngày {date}, chưa phải kết quả cuối cùng của đợt.",
        "en": "{phase} has not ended (it runs to {end}): the figures in this report are provisional, as of {date}, not the phase's final result.",
    },
    "report.result_short": {"vi": "{status}, còn thiếu {gap} người", "en": "{status}, {gap} people short"},
    "report.missed_villages": {
        "vi": "Thôn không đạt chỉ tiêu ({n}): {names}.",
        "en": "Villages that missed the target ({n}): {names}.",
    },
    "report.missed_units": {
        "vi": "Cơ quan, đơn vị không đạt chỉ tiêu ({n}): {names}.",
        "en": "Agencies that missed the target ({n}): {names}.",
    },
    # ---- "Thay đổi" page (issue #16): what changed between two stored reads ----
    "page.changes": {"vi": "Thay đổi", "en": "Changes"},
    "changespage.header": {"vi": "Số liệu thay đổi giữa hai lần đọc", "en": "What changed between two reads"},
    "changespage.store_down": {
        "vi": "Chưa mở được kho lưu các lần đọc, nên chưa xem được thay đổi. Các trang khác vẫn dùng bình thường; báo cho người quản trị kiểm tra mục [store].",
        "en": "The store of past reads cannot be opened, so changes cannot be shown. Other pages work as usual; ask the administrator to check [store].",
    },
    "changespage.none": {
        "vi": "Chưa có lần đọc nào được lưu, nên chưa có gì để so sánh. Mỗi lần đọc bảng tính có nội dung mới sẽ được lưu lại.",
        "en": "No read has been stored yet, so there is nothing to compare. Every read with new content is stored.",
    },
    "changespage.only_one": {
        "vi": "Mới có một lần đọc được lưu (bản ghi #{n}, đọc lúc {time}), nên chưa có gì để so sánh. Khi bảng tính có thay đổi, lần đọc sau sẽ được lưu và so sánh ở đây.",
        "en": "Only one read is stored so far (record #{n}, read at {time}), so there is nothing to compare yet. When the sheet changes, the next read is stored and compared here.",
    },
    "changespage.mode": {"vi": "So sánh", "en": "Compare"},
    "changespage.mode_reads": {"vi": "Chọn hai lần đọc", "en": "Two reads"},
    "changespage.mode_meeting": {"vi": "Từ cuộc họp lúc …", "en": "Since the meeting at …"},
    "changespage.meeting_day": {"vi": "Ngày họp", "en": "Meeting day"},
    "changespage.meeting_time": {"vi": "Giờ họp", "en": "Meeting time"},
    "changespage.from": {"vi": "Từ lần đọc", "en": "From the read"},
    "changespage.to": {"vi": "Đến lần đọc", "en": "To the read"},
    "changespage.between": {
        "vi": "Từ bản ghi #{a} (đọc lúc {a_time}) đến bản ghi #{b} (đọc lúc {b_time}).",
        "en": "From record #{a} (read at {a_time}) to record #{b} (read at {b_time}).",
    },
    "changespage.reversed": {
        "vi": "Lần đọc 'từ' phải trước lần đọc 'đến': hãy chọn lại.",
        "en": "The 'from' read must come before the 'to' read: choose again.",
    },
    "changespage.no_changes": {
        "vi": "Không có thay đổi nào giữa hai lần đọc này.",
        "en": "Nothing changed between these two reads.",
    },
    "changespage.totals": {
        "vi": "**{villages}** thôn có thay đổi · thêm **{added}** dòng, sửa **{edited}**, xóa **{deleted}** · **{old}** dòng sửa số liệu cũ · **{rejected}** dòng mới bị loại, **{fixed}** dòng bị loại nay đã sửa.",
        "en": "**{villages}** villages changed · **{added}** rows added, **{edited}** edited, **{deleted}** deleted · **{old}** rows changed earlier figures · **{rejected}** rows newly rejected, **{fixed}** rejected rows fixed.",
    },
    "changespage.by_village": {"vi": "Theo thôn", "en": "By village"},
    "changespage.col_village": {"vi": "Thôn", "en": "Village"},
    "changespage.col_added_group": {"vi": "{group}: cài thêm", "en": "{group}: installs added"},
    "changespage.col_rows_added": {"vi": "Dòng thêm", "en": "Rows added"},
    "changespage.col_rows_edited": {"vi": "Dòng sửa", "en": "Rows edited"},
    "changespage.col_rows_deleted": {"vi": "Dòng xóa", "en": "Rows deleted"},
    "changespage.col_old_data": {"vi": "Sửa số liệu cũ", "en": "Earlier figures edited"},
    "changespage.col_change": {"vi": "Thay đổi", "en": "Change"},
    "changespage.col_row": {"vi": "Dòng (nay)", "en": "Row (now)"},
    "changespage.col_row_before": {"vi": "Dòng (trước)", "en": "Row (before)"},
    "changespage.col_before": {"vi": "Trước", "en": "Before"},
    "changespage.col_after": {"vi": "Sau", "en": "After"},
    "changespage.col_flag": {"vi": "Ghi chú", "en": "Note"},
    "changespage.col_tab": {"vi": "Trang", "en": "Tab"},
    "changespage.col_column": {"vi": "Cột", "en": "Column"},
    "changespage.col_value": {"vi": "Giá trị", "en": "Value"},
    "changespage.col_reason": {"vi": "Lý do", "en": "Reason"},
    "changespage.edited": {"vi": "sửa", "en": "edited"},
    "changespage.deleted": {"vi": "xóa", "en": "deleted"},
    "changespage.added": {"vi": "thêm", "en": "added"},
    "changespage.whole_village": {"vi": "cả thôn", "en": "whole village"},
    "changespage.old_data_header": {
        "vi": "Sửa số liệu cũ: dòng của những ngày đã báo cáo bị sửa hoặc xóa",
        "en": "Earlier figures edited: rows of days already reported, edited or deleted",
    },
    "changespage.old_data_note": {
        "vi": "Ngày của dòng (trước hoặc sau khi sửa) trước ngày của lần đọc 'từ': con số cuộc họp đã thấy nay đã khác.",
        "en": "The row's date (before or after the edit) is before the day of the 'from' read: figures the meeting saw have changed.",
    },
    "changespage.rows_header": {"vi": "Các dòng CaiDat đã thêm, sửa, xóa", "en": "CaiDat rows added, edited, deleted"},
    "changespage.rejected_header": {"vi": "Dòng mới bị loại", "en": "Rows newly rejected"},
    "changespage.rejected_fixed": {"vi": "Dòng bị loại nay đã sửa: {n}.", "en": "Rejected rows now fixed: {n}."},
    "changespage.history_header": {"vi": "Lịch sử một thôn", "en": "One village's history"},
    "changespage.village": {"vi": "Thôn", "en": "Village"},
    "changespage.history_note": {
        "vi": "Đường theo ngày báo cáo cao hơn điểm theo giờ đọc của cùng ngày nghĩa là có dòng nhập muộn cho ngày đó.",
        "en": "Where the line by report date stands above the point by read time for the same day, rows for that day were entered late.",
    },
    "changespage.chart_title": {"vi": "{village}: tỷ lệ cài đặt, {group}", "en": "{village}: coverage, {group}"},
    "changespage.chart_by_read_time": {"vi": "Theo giờ đọc", "en": "By read time"},
    "changespage.chart_by_report_date": {
        "vi": "Theo ngày báo cáo (lần đọc mới nhất)",
        "en": "By report date (latest read)",
    },
    "changespage.chart_read_at": {"vi": "Đọc lúc", "en": "Read at"},
    "changespage.chart_report_day": {"vi": "Ngày báo cáo", "en": "Report day"},
    "changespage.chart_axis": {"vi": "Tỷ lệ đã cài", "en": "Coverage"},
    "export.csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "export.xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "export.col_series": {"vi": "Phạm vi", "en": "Scope"},
    "export.col_day": {"vi": "Ngày", "en": "Day"},
    "export.col_new": {"vi": "Cài mới trong ngày", "en": "New that day"},
    "export.col_cumulative": {"vi": "Cộng dồn", "en": "Running total"},
}


def t(key: str, lang: str = "vi", /, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in; Vietnamese if `lang` is unknown."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["vi"]
    return template.format(**values) if values else template
