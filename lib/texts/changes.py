"""The "Thay đổi" page: what changed between two stored reads."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
}
