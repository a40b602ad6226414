"""The command line (python -m lib …, lib/store/cli.py, the bulletin command). Its output is for
the commune's clerks and is written in Vietnamese; the English is kept so every key has both."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ---- reading the source and the campaign file ----
    "cli.no_phase": {
        "vi": "Không có đợt {phase} trong {path}; các đợt đang có: {known}.",
        "en": "No phase {phase} in {path}; phases present: {known}.",
    },
    "cli.file_unreadable": {
        "vi": "Không đọc được tệp {path}: {detail}.",
        "en": "Cannot read the file {path}: {detail}.",
    },
    "cli.secrets_no_sheet": {
        "vi": "Tệp {path} không có mục [connections.gsheets] với khóa 'spreadsheet'.",
        "en": "File {path} has no [connections.gsheets] section with the key 'spreadsheet'.",
    },
    "cli.sheet_failed": {"vi": "{problem}", "en": "{problem}"},  # the sheet's problem, already in words
    # ---- writing a file ----
    "cli.write_failed": {"vi": "Không ghi được tệp {path}: {reason}.", "en": "Cannot write the file {path}: {reason}."},
    "cli.write_no_folder": {"vi": "thư mục chứa tệp không tồn tại", "en": "the folder for the file does not exist"},
    "cli.write_denied": {"vi": "không có quyền ghi vào đó", "en": "no permission to write there"},
    "cli.write_is_folder": {
        "vi": "đó là một thư mục, cần một tên tệp",
        "en": "that is a folder; a file name is needed",
    },
    # ---- python -m lib summary ----
    "cli.summary_title": {
        "vi": "Xã {commune} — số liệu đến ngày {date}",
        "en": "{commune} commune — figures as of {date}",
    },
    "cli.summary_met": {"vi": "đạt", "en": "met"},
    "cli.summary_gap": {"vi": "còn thiếu {gap}", "en": "{gap} short"},
    "cli.summary_target": {
        "vi": "chỉ tiêu {rule}, hạn {deadline}: {status}",
        "en": "target {rule}, due {deadline}: {status}",
    },
    "cli.summary_rejected": {
        "vi": "Dòng bị loại: {rejected}; cảnh báo: {warnings}",
        "en": "Rejected rows: {rejected}; warnings: {warnings}",
    },
    # ---- the snapshot store: snapshot, changes, history, report --snapshot ----
    "cli.bad_moment": {
        "vi": "không hiểu thời điểm '{text}' (ví dụ: '2026-05-24 17:00')",
        "en": "cannot read the time '{text}' (for example: '2026-05-24 17:00')",
    },
    "cli.snapshot_new": {"vi": "bản ghi mới", "en": "new snapshot"},
    "cli.snapshot_same": {"vi": "không đổi so với lần đọc trước", "en": "unchanged since the previous read"},
    "cli.snapshot_done": {
        "vi": "Bản ghi #{id} ({state}), đọc lúc {read_at}, nguồn {label}.",
        "en": "Snapshot #{id} ({state}), read at {read_at}, source {label}.",
    },
    "cli.need_from": {
        "vi": "Cần --from cùng với --to (số bản ghi, xem python -m lib history).",
        "en": "--to needs --from as well (snapshot numbers: see python -m lib history).",
    },
    "cli.store_empty": {
        "vi": "Kho số liệu chưa có bản ghi nào (chạy python -m lib snapshot).",
        "en": "The snapshot store holds no snapshot yet (run python -m lib snapshot).",
    },
    "cli.changes_title": {
        "vi": "Thay đổi từ bản ghi #{old} (đọc lúc {old_at}) đến bản ghi #{new} (đọc lúc {new_at}):",
        "en": "Changes from snapshot #{old} (read at {old_at}) to snapshot #{new} (read at {new_at}):",
    },
    "cli.changes_counts": {
        "vi": "thêm {added} dòng, sửa {edited}, xóa {deleted}",
        "en": "{added} rows added, {edited} edited, {deleted} deleted",
    },
    "cli.changes_same_installs": {"vi": "số đã cài không đổi", "en": "installs unchanged"},
    "cli.changes_moved": {"vi": "(trước là dòng {row})", "en": "(row {row} before)"},
    "cli.changes_edited": {
        "vi": "sửa dòng {row}{moved}{flag}: {before} → {after}",
        "en": "row {row} edited{moved}{flag}: {before} → {after}",
    },
    "cli.changes_deleted": {
        "vi": "xóa dòng {row} của lần đọc trước{flag}: {values}",
        "en": "row {row} of the previous read deleted{flag}: {values}",
    },
    "cli.changes_added": {"vi": "thêm dòng {row}{flag}: {values}", "en": "row {row} added{flag}: {values}"},
    "cli.changes_rejected_new": {"vi": "- dòng mới bị loại: {reason}", "en": "- newly rejected row: {reason}"},
    "cli.row_values": {"vi": "ngày {day}, {family_group}: {counts}", "en": "day {day}, {family_group}: {counts}"},
    "cli.history_point": {"vi": "đọc lúc {read_at}: {installed}", "en": "read at {read_at}: {installed}"},
    "cli.history_snapshot": {
        "vi": "#{id} đọc lúc {read_at} (kiểm tra lần cuối {checked}): {installed}",
        "en": "#{id} read at {read_at} (last checked {checked}): {installed}",
    },
    "cli.no_village_in_snapshot": {
        "vi": "Không có thôn '{village}' trong bản ghi mới nhất #{id}.",
        "en": "No village '{village}' in the latest snapshot #{id}.",
    },
    "cli.no_phase_in_snapshot": {
        "vi": "Không có đợt {phase} trong tệp cấu hình của bản ghi #{id}; các đợt: {known}.",
        "en": "No phase {phase} in the configuration of snapshot #{id}; phases: {known}.",
    },
    # ---- python -m lib bulletin ----
    "cli.bulletin_no_village": {
        "vi": "Không có thôn {names} trong trang Thon.",
        "en": "No village {names} in tab Thon.",
    },
    "cli.bulletin_png_out": {
        "vi": "Ảnh PNG cần tên tệp để ghi: thêm --out TỆP.png.",
        "en": "A PNG image needs a file to write: add --out FILE.png.",
    },
    "cli.bulletin_failed": {"vi": "Không lập được bản tin: {detail}.", "en": "Cannot make the bulletin: {detail}."},
}
