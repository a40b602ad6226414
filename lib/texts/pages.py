"""The pages' own texts: overview, villages, progress, helpers, people."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
    "overview.phase_header": {
        "vi": "{phase} · {scope} · số liệu đến hết {date} · {when}",
        "en": "{phase} · {scope} · figures up to {date} · {when}",
    },
    "overview.days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
    "overview.phase_ends": {"vi": "kết thúc {date}", "en": "ends {date}"},
    "overview.card_rule": {"vi": "chỉ tiêu {rule}", "en": "target {rule}"},
    "overview.card_counts": {"vi": "{installed}/{base} người", "en": "{installed}/{base} people"},
    "overview.card_gap": {"vi": "còn thiếu {gap} người", "en": "{gap} more needed"},
    "overview.card_late": {"vi": "đủ chỉ tiêu sau hạn {deadline}", "en": "reached after the {deadline} deadline"},
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
    "overview.chart_note": {
        "vi": "Số cài từng ngày của mỗi nhóm, có số liệu khi rê chuột: trang Tiến độ.",
        "en": "Each group's installs day by day, with figures on hover: the Progress page.",
    },
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
}
