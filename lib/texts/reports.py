"""Phase reports (Word, Excel, PDF), table downloads and the change flags they share with the CLI."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    "export.csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "export.xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "export.col_series": {"vi": "Phạm vi", "en": "Scope"},
    "export.col_day": {"vi": "Ngày", "en": "Day"},
    "export.col_new": {"vi": "Cài mới trong ngày", "en": "New that day"},
    "export.col_cumulative": {"vi": "Cộng dồn", "en": "Running total"},
}
