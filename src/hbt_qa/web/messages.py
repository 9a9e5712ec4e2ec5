"""The interface strings of the web app in Vietnamese and English, read through ``render.tr``.

``TEXT`` holds every tab's words; ``FIGURES_TEXT`` (the figures tab, "Số liệu") is merged into it.
"""

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Hỏi đáp biên bản họp UBND, HĐND quận Hai Bà Trưng",
        "intro": (
            "Hỏi bằng tiếng Việt (có dấu hoặc không dấu) hay tiếng Anh; mỗi câu trả lời dẫn "
            "nguyên văn câu trích từ biên bản và đường dẫn đến bài gốc."
        ),
        "tab_chat": "Hỏi đáp",
        "tab_search": "Tra cứu",
        "tab_article": "Bài viết",
        "tab_data": "Dữ liệu",
        "question": "Câu hỏi",
        "question_ph": "Ví dụ: Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?",
        "ask": "Hỏi",
        "clear": "Cuộc hỏi đáp mới",
        "examples": "Câu hỏi mẫu",
        "chat_hint": "Góp ý bằng nút Thích / Không thích dưới mỗi câu trả lời.",
        "sources": "Nguồn",
        "sources_of_last": "Nguồn của câu trả lời mới nhất",
        "open_article": "Xem trong bài viết",
        "original": "Bài gốc",
        "chars": "ký tự",
        "no_date": "không rõ ngày",
        "query": "Từ khóa",
        "query_ph": "Ví dụ: phòng cháy chữa cháy",
        "date_from": "Từ ngày (YYYY-MM-DD)",
        "date_to": "Đến ngày (YYYY-MM-DD)",
        "sort": "Sắp xếp",
        "sort_relevance": "Liên quan nhất",
        "sort_date": "Mới nhất",
        "search": "Tìm",
        "prev": "◀ Trang trước",
        "next": "Trang sau ▶",
        "timeline": "Số đoạn khớp theo tháng",
        "month": "Tháng",
        "passages": "Số đoạn",
        "export_csv": "Tải CSV",
        "export_md": "Tải Markdown",
        "results": "{n} đoạn khớp · trang {page}/{pages}",
        "results_range": " · từ {a} đến {b}",
        "no_results": "Không có đoạn nào khớp với «{q}» trong khoảng thời gian đã chọn.",
        "nearest": (
            "Không có đoạn nào chứa đủ các từ của «{q}» · {n} đoạn gần nghĩa nhất · "
            "trang {page}/{pages}"
        ),
        "search_first": "Nhập từ khóa rồi bấm Tìm.",
        "article_empty": (
            "Chưa mở bài viết nào. Bấm «Xem trong bài viết» ở một nguồn trích dẫn hoặc kết quả "
            "tra cứu."
        ),
        "article_missing": "Không tìm thấy bài viết này (có thể đã bị xóa).",
        "permalink": "Liên kết cố định",
        "published": "Ngày đăng",
        "meeting": "Ngày họp",
        "chair": "Chủ trì",
        "also_at": "Cùng bài đăng tại",
        "copies_n": "+{n} nguồn khác",
        "copy_exact": "bản trùng",
        "copy_near": "bản gần trùng, giống {pct}%",
        "organ_any": "Mọi cơ quan",
        "organ": "Cơ quan",
        "cited_passage": "Đoạn được trích dẫn được tô vàng.",
        "admin_disabled": (
            "Chức năng quản trị đang tắt. Để bật, đặt biến môi trường HBT_QA_ADMIN_USER và "
            "HBT_QA_ADMIN_PASSWORD rồi khởi động lại ứng dụng."
        ),
        "login_title": "Đăng nhập quản trị để xem và cập nhật kho biên bản.",
        "user": "Tên đăng nhập",
        "password": "Mật khẩu",
        "login": "Đăng nhập",
        "logout": "Đăng xuất",
        "login_failed": "Sai tên đăng nhập hoặc mật khẩu.",
        "logged_in": "Đã đăng nhập quản trị.",
        "need_login": "Cần đăng nhập quản trị.",
        "upload": "Tải lên biên bản mới ({kinds}, tối đa {mb} MB mỗi tệp)",
        "delete_pick": "Chọn bài viết để xóa",
        "delete": "Xóa bài viết",
        "deleted": "Đã xóa {name} khỏi chỉ mục.",
        "trashed": "Tệp được chuyển vào {trash}.",
        "reindex": "Lập chỉ mục lại thư mục corpus",
        "reindexed": "Lập chỉ mục xong: {summary}",
        "articles": "{n} bài viết, {p} đoạn",
        "col_title": "Tiêu đề",
        "col_date": "Ngày",
        "col_passages": "Số đoạn",
        "col_file": "Tệp",
        "col_result": "Kết quả",
        "added": "đã thêm",
        "updated": "đã cập nhật",
        "unchanged": "không thay đổi",
        "duplicate": "trùng bài đã có",
        "failed": "lỗi",
        "passages_n": "{n} đoạn",
        "feedback_saved": "Đã ghi nhận góp ý, cảm ơn bạn.",
        "feedback_too_often": "Phiên này đã gửi nhiều góp ý; xin thử lại sau.",
        "login_locked": "Đăng nhập sai quá nhiều lần. Thử lại sau {minutes} phút.",
        "question_too_long": "Câu hỏi dài {n} ký tự, tối đa {max} ký tự: hãy rút gọn.",
        "query_too_long": "Từ khóa dài {n} ký tự, tối đa {max} ký tự: hãy rút gọn.",
        "unreadable": "Tệp không đọc được ({n}), các tệp khác vẫn được lập chỉ mục:",
        "audit_title": "Nhật ký đăng nhập và quản trị (mới nhất trước)",
        "col_time": "Thời điểm",
        "col_address": "Địa chỉ",
        "col_user": "Người dùng",
        "col_action": "Hành động",
        "col_target": "Đối tượng",
        "language": "Ngôn ngữ",
        "error": "Lỗi",
        "delete_none": "Chưa chọn bài viết nào: hãy chọn bài viết cần xóa trong danh sách.",
        "delete_ask": (
            "Xóa bài viết «{title}» ({source})? Tệp của bài được chuyển vào thư mục deleted/ "
            "và bài không còn được trích dẫn."
        ),
        "delete_yes": "Xác nhận xóa",
        "cancel": "Hủy",
        "deleted_since": "đã xóa sau đó",
    },
    "en": {
        "title": "Q&A over the Hai Bà Trưng district People's Committee and Council records",
        "intro": (
            "Ask in Vietnamese (with or without diacritics) or English; every answer quotes "
            "the record sentence it comes from and links to the original article."
        ),
        "tab_chat": "Ask",
        "tab_search": "Search",
        "tab_article": "Article",
        "tab_data": "Records",
        "question": "Question",
        "question_ph": "e.g. How much had been disbursed by May 2024?",
        "ask": "Ask",
        "clear": "New conversation",
        "examples": "Example questions",
        "chat_hint": "Use Like / Dislike under an answer to tell us whether it helped.",
        "sources": "Sources",
        "sources_of_last": "Sources of the latest answer",
        "open_article": "Open in article",
        "original": "Original",
        "chars": "chars",
        "no_date": "undated",
        "query": "Search words",
        "query_ph": "e.g. phòng cháy chữa cháy (fire prevention)",
        "date_from": "From (YYYY-MM-DD)",
        "date_to": "To (YYYY-MM-DD)",
        "sort": "Sort by",
        "sort_relevance": "Relevance",
        "sort_date": "Newest first",
        "search": "Search",
        "prev": "◀ Previous",
        "next": "Next ▶",
        "timeline": "Matching passages per month",
        "month": "Month",
        "passages": "Passages",
        "export_csv": "Download CSV",
        "export_md": "Download Markdown",
        "results": "{n} matching passages · page {page}/{pages}",
        "results_range": " · from {a} to {b}",
        "no_results": "No passage matches «{q}» in the chosen dates.",
        "nearest": (
            "No passage holds enough of the words of «{q}» · {n} nearest passages · "
            "page {page}/{pages}"
        ),
        "search_first": "Type search words and press Search.",
        "article_empty": "No article open yet. Use «Open in article» on a source or a result.",
        "article_missing": "This article is not in the records (it may have been deleted).",
        "permalink": "Permalink",
        "published": "Published",
        "meeting": "Meeting",
        "chair": "Chaired by",
        "also_at": "Also published at",
        "copies_n": "+{n} other sources",
        "copy_exact": "identical copy",
        "copy_near": "near copy, {pct}% alike",
        "organ_any": "Any organ",
        "organ": "Organ",
        "cited_passage": "The cited passage is highlighted in yellow.",
        "admin_disabled": (
            "Administration is disabled. Set HBT_QA_ADMIN_USER and HBT_QA_ADMIN_PASSWORD in the "
            "environment and restart the app to enable it."
        ),
        "login_title": "Sign in as administrator to see and update the records.",
        "user": "User name",
        "password": "Password",
        "login": "Sign in",
        "logout": "Sign out",
        "login_failed": "Wrong user name or password.",
        "logged_in": "Signed in as administrator.",
        "need_login": "Administrator sign-in needed.",
        "upload": "Upload new records ({kinds}, at most {mb} MB each)",
        "delete_pick": "Article to delete",
        "delete": "Delete article",
        "deleted": "Deleted {name} from the index.",
        "trashed": "Its file was moved to {trash}.",
        "reindex": "Re-index the corpus folder",
        "reindexed": "Re-indexed: {summary}",
        "articles": "{n} articles, {p} passages",
        "col_title": "Title",
        "col_date": "Date",
        "col_passages": "Passages",
        "col_file": "File",
        "col_result": "Result",
        "added": "added",
        "updated": "updated",
        "unchanged": "unchanged",
        "duplicate": "duplicate of a stored article",
        "failed": "failed",
        "passages_n": "{n} passages",
        "feedback_saved": "Feedback saved, thank you.",
        "feedback_too_often": "This session has sent a lot of feedback; please try again later.",
        "login_locked": "Too many failed sign-ins. Try again in {minutes} min.",
        "question_too_long": "The question has {n} characters, at most {max}: please shorten it.",
        "query_too_long": "The search has {n} characters, at most {max}: please shorten it.",
        "unreadable": "Files that could not be read ({n}); the others are indexed:",
        "audit_title": "Sign-ins and administration log (newest first)",
        "col_time": "Time",
        "col_address": "Address",
        "col_user": "User",
        "col_action": "Action",
        "col_target": "Target",
        "language": "Language",
        "error": "Error",
        # English singulars (``tr`` takes "<key>_one" when n is 1)
        "results_one": "1 matching passage · page {page}/{pages}",
        "nearest_one": (
            "No passage holds enough of the words of «{q}» · 1 nearest passage · "
            "page {page}/{pages}"
        ),
        "copies_n_one": "+1 other source",
        "articles_one": "1 article, {p} passages",
        "passages_n_one": "1 passage",
        "delete_none": "No article selected: pick the article to delete from the list.",
        "delete_ask": (
            "Delete the article «{title}» ({source})? Its file moves to the deleted/ folder "
            "and it is no longer cited."
        ),
        "delete_yes": "Yes, delete",
        "cancel": "Cancel",
        "deleted_since": "deleted since",
    },
}


FIGURES_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "tab_figures": "Số liệu",
        "fig_indicator": "Chỉ tiêu hoặc cụm từ",
        "fig_indicator_ph": "Ví dụ: giải ngân, thu ngân sách, budget revenue",
        "fig_pick": "Hoặc chọn chỉ tiêu",
        "fig_district": "Quận (tùy chọn)",
        "fig_ward": "Phường (tùy chọn)",
        "fig_since": "Kỳ kết thúc từ ngày (YYYY-MM-DD)",
        "fig_until": "Kỳ kết thúc đến ngày (YYYY-MM-DD)",
        "fig_go": "Xem số liệu",
        "fig_first": "Nhập hoặc chọn một chỉ tiêu rồi bấm «Xem số liệu».",
        "fig_none": "Không tìm thấy số liệu nào của «{q}» với các điều kiện đã chọn.",
        "fig_summary": "{label}: {n} giá trị từ {s} nguồn trích dẫn",
        "fig_free": "cụm từ tự do",
        "fig_related": "Chỉ tiêu liên quan: {names} (chọn ở «Hoặc chọn chỉ tiêu»)",
        "fig_no": "#",
        "fig_period": "Kỳ",
        "fig_place": "Địa bàn",
        "fig_value": "Giá trị",
        "fig_basis": "Loại",
        "fig_ratios": "Tỷ lệ",
        "fig_sources": "Nguồn và câu gốc",
        "fig_actual": "thực hiện",
        "fig_estimate": "ước thực hiện",
        "fig_conflict": "⚠ các nguồn khác số liệu",
        "fig_note": (
            "Số liệu được ghi đúng như các bài viết đã nêu: không nội suy, không cộng dồn. Số "
            "lũy kế («5 tháng đầu năm», «đến ngày 30/6») và số của một kỳ riêng («quý III», "
            "«tháng 5») là những đại lượng khác nhau, không so sánh trực tiếp được. Số ước thực "
            "hiện được tách riêng khỏi số thực hiện; «⚠» đánh dấu các nguồn nêu giá trị khác nhau "
            "cho cùng một kỳ. Bấm vào giá trị để xem câu gốc trong bài viết."
        ),
        "fig_chart": "Biểu đồ theo thời gian (theo ngày cuối kỳ)",
        "fig_chart_note": (
            "Đường chỉ nối các giá trị đã được báo cáo, không phải số liệu ở giữa; số lũy kế "
            "bắt đầu đường mới mỗi năm, số của kỳ riêng vẽ bằng nét chấm."
        ),
        "fig_chart_skipped": "{n} giá trị có đơn vị khác không được vẽ.",
        "fig_csv": "Tải CSV số liệu",
        "fig_cum": "lũy kế từ đầu năm",
        "fig_single": "kỳ riêng",
        "fig_tn": "tỷ đồng",
        "fig_mn": "triệu đồng",
        "fig_pct": "%",
    },
    "en": {
        "tab_figures": "Figures",
        "fig_indicator": "Indicator or phrase",
        "fig_indicator_ph": "e.g. disbursement, budget revenue, giải ngân",
        "fig_pick": "Or pick an indicator",
        "fig_district": "District (optional)",
        "fig_ward": "Ward (optional)",
        "fig_since": "Periods ending from (YYYY-MM-DD)",
        "fig_until": "Periods ending until (YYYY-MM-DD)",
        "fig_go": "Show figures",
        "fig_first": "Type or pick an indicator and press «Show figures».",
        "fig_none": "No figures found for «{q}» with the chosen filters.",
        "fig_summary": "{label}: {n} values from {s} cited sentences",
        "fig_free": "free phrase",
        "fig_related": "Related indicators: {names} (pick one under «Or pick an indicator»)",
        "fig_no": "#",
        "fig_period": "Period",
        "fig_place": "Place",
        "fig_value": "Value",
        "fig_basis": "Basis",
        "fig_ratios": "Ratios",
        "fig_sources": "Sources and sentences",
        "fig_actual": "actual",
        "fig_estimate": "estimate",
        "fig_conflict": "⚠ sources disagree",
        "fig_note": (
            "Values are shown as the articles report them: nothing is interpolated or summed. "
            "Cumulative periods («5 tháng đầu năm», Jan–May; «to 30 Jun») and single periods "
            "(«quý III», Q3; one month) are different quantities and cannot be compared "
            "directly. Estimates are kept apart from actuals; «⚠» marks sources that give "
            "different values for the same period. Click a value to read its sentence."
        ),
        "fig_chart": "Chart over time (by period end)",
        "fig_chart_note": (
            "Lines only join reported values; nothing between points is data. Year-to-date "
            "values start a new line each year; single periods are dotted."
        ),
        "fig_chart_skipped": "{n} values in another unit are not drawn.",
        "fig_csv": "Download figures CSV",
        "fig_cum": "year to date",
        "fig_single": "single period",
        "fig_tn": "billion VND",
        "fig_mn": "million VND",
        "fig_pct": "%",
    },
}
for _lang, _words in FIGURES_TEXT.items():
    TEXT[_lang].update(_words)


# Places, organs and dates of an archive of many places (issue 21): new keys only.
PLACES_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "place": "Địa bàn",
        "place_any": "Mọi địa bàn",
        "place_ph": "Tỉnh, huyện, xã… (có dấu hoặc không, tên cũ hoặc mới)",
        "inferred": "suy ra",
        "year_only": "Năm",
        "undated_n": "{n} kết quả không rõ ngày",
        "undated_left_out": "{n} kết quả không rõ ngày không được tính theo khoảng ngày",
        "include_undated": "Gồm cả bài không rõ ngày",
        "undated_in_chart": "{n} đoạn không rõ ngày không có trên biểu đồ",
        "no_results_filters": "Không có đoạn nào khớp với «{q}» với cơ quan, địa bàn đã chọn.",
    },
    "en": {
        "place": "Place",
        "place_any": "Any place",
        "place_ph": "Province, district, ward… (with or without diacritics, old or new name)",
        "inferred": "inferred",
        "year_only": "Year",
        "undated_n": "{n} matches have no date",
        "undated_left_out": "{n} matches with no date are left out by the date range",
        "include_undated": "Include undated records",
        "undated_in_chart": "{n} undated passages are not in the chart",
        "no_results_filters": "No passage matches «{q}» with the chosen organ and place.",
    },
}
for _lang, _words in PLACES_TEXT.items():
    TEXT[_lang].update(_words)
