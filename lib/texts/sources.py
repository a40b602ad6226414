"""The data source: connection problems, the source page and its checks, how old a read is, uploads
and files that will not be read (lib.sources.limits, lib.errors.FileError)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    "problem.store_down": {
        "vi": "Máy chủ chưa lấy được số liệu mới từ kho dùng chung, nên đang hiện số liệu của lần đọc trước. Báo cho người quản trị.",
        "en": "The server could not get the new figures from the shared store, so it shows those of the previous read. Tell the administrator.",
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
    # Of the source listed above: a refused upload is said at the top of the page, and the
    # source it would have replaced had no error ("Lỗi gần nhất: Không có lỗi" read as a contradiction).
    "sourcepage.last_error": {"vi": "Lỗi gần nhất khi đọc nguồn này", "en": "Latest error reading this source"},
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
    "sourcepage.upload_help": {
        "vi": "Một tệp .xlsx theo mẫu nhập liệu, hoặc nhiều tệp .csv chọn cùng lúc: mỗi tệp .csv là một "
        "trang, tên tệp là tên trang ({files}). Một tệp .csv riêng lẻ không đủ: bảng tính cần ít nhất các "
        "trang {tabs}. Tối đa {mb} MB. Số liệu tải lên chỉ dùng trong phiên xem này và mất khi đóng trang.",
        "en": "One .xlsx file laid out as the template, or several .csv files chosen together: each .csv "
        "file is one tab, named after the file ({files}). One .csv file alone is not enough: the workbook "
        "needs at least the tabs {tabs}. At most {mb} MB. An upload is used in this session only and is "
        "gone when the page is closed.",
    },
    "sourcepage.upload_csv_missing": {
        "vi": "Mỗi tệp .csv chỉ là một trang của bảng tính (tên tệp là tên trang): hãy chọn cùng lúc "
        "các tệp {files}; còn thiếu {missing}.",
        "en": "Each .csv file is only one tab of the workbook (named after the file): choose the files "
        "{files} together; {missing} missing.",
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
    "sourcepage.upload_dropped": {
        "vi": "Tệp bạn tải lên đã được bỏ khỏi bộ nhớ máy chủ (nhiều người cùng tải tệp lớn); số liệu dưới đây là của nguồn chính. Tải lại tệp nếu cần.",
        "en": "Your uploaded file was let go from the server's memory (many large uploads at once); the figures below are the main source's. Upload it again if needed.",
    },
    "sourcepage.upload_button": {"vi": "Chọn tệp", "en": "Choose files"},
    "sourcepage.upload_too_big": {
        "vi": "Tệp lớn hơn {mb} MB nên không tải lên được: bỏ bớt các trang không cần, hoặc lưu từng trang thành tệp .csv.",
        "en": "The file is over {mb} MB, so it cannot be uploaded: remove the tabs you do not need, or save each tab as a .csv file.",
    },
    "sourcepage.upload_limit": {
        "vi": "hoặc kéo thả vào đây · .xlsx hoặc .csv, tối đa {mb} MB mỗi tệp",
        "en": "or drop them here · .xlsx or .csv, up to {mb} MB each",
    },
}
