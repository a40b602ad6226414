"""The app's frame: title, navigation, filters and access."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "page.source": {"vi": "Nguồn dữ liệu", "en": "Data source"},
    "app.title": {"vi": "Chiến dịch i-HaTinh – xã {commune}", "en": "i-HaTinh campaign – {commune} commune"},
    "app.sample_banner": {
        "vi": "**DỮ LIỆU MẪU**, không phải số liệu thật của xã",
        "en": "**SAMPLE DATA**, not the commune's real figures",
    },
    "app.no_villages": {
        "vi": "Trang 'Thon' chưa có thôn nào dùng được. Xem trang Chất lượng dữ liệu để biết cần sửa gì.",
        "en": "Tab 'Thon' has no usable village. See the Data quality page for what to fix.",
    },
    "filters.meeting": {"vi": "Chế độ họp", "en": "Meeting mode"},
    # Streamlit's table and chart toolbar (lib/theme.toolbar_tooltips), by its English labels
    "toolbar.Search": {"vi": "Tìm trong bảng", "en": "Search"},
    "toolbar.Show/hide columns": {"vi": "Ẩn hoặc hiện cột", "en": "Show/hide columns"},
    "toolbar.Fullscreen": {"vi": "Phóng to toàn màn hình", "en": "Fullscreen"},
    "toolbar.Close fullscreen": {"vi": "Thu nhỏ lại", "en": "Close fullscreen"},
    "toolbar.Download as CSV": {"vi": "Tải về tệp CSV", "en": "Download as CSV"},
    "filters.meeting_help": {
        "vi": "Chữ số lớn, tự cập nhật số liệu mỗi phút (dùng chung bộ đệm, không tốn thêm lượt đọc).",
        "en": "Large figures, refreshed every minute (from the shared cache: no extra reads).",
    },
    "filters.header": {"vi": "Bộ lọc", "en": "Filters"},
    "filters.villages": {"vi": "Thôn (để trống = cả xã)", "en": "Villages (empty = whole commune)"},
    "filters.villages_in_page": {
        "vi": "Chọn thôn để xem riêng – đang xem toàn xã ({n} thôn)",
        "en": "Pick villages to see them alone – showing the whole commune ({n} villages)",
    },
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
    "page.overview": {"vi": "Tổng quan", "en": "Overview"},
    "page.villages": {"vi": "Theo thôn", "en": "By village"},
    "page.progress": {"vi": "Tiến độ", "en": "Progress"},
    "page.helpers": {"vi": "Lực lượng hỗ trợ", "en": "Helpers"},
    "page.people": {"vi": "Tổ liên gia & danh sách", "en": "Groups & lists"},
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
    "page.reports": {"vi": "Báo cáo", "en": "Reports"},
    "page.changes": {"vi": "Thay đổi", "en": "Changes"},
}
