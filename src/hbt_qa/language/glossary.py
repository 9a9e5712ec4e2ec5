"""Domain vocabulary: English→Vietnamese terms of meeting records, and query stop words."""

from __future__ import annotations

import re
from functools import cache

from .text import fold

# English phrase (lower case, longest first when matching) → Vietnamese terms of the records.
EN_VI: dict[str, tuple[str, ...]] = {
    "disbursed": ("giải ngân",),
    "disburse": ("giải ngân",),
    "disbursement": ("giải ngân",),
    "public investment": ("đầu tư công", "vốn đầu tư công"),
    "development investment": ("vốn đầu tư phát triển",),
    "investment capital": ("vốn đầu tư",),
    "investment": ("vốn đầu tư", "đầu tư"),
    "capital": ("vốn",),
    "budget revenue": ("thu ngân sách",),
    "state budget revenue": ("tổng thu ngân sách", "thu ngân sách"),
    "total budget revenue": ("tổng số thu ngân sách", "tổng thu ngân sách"),
    "revenue": ("thu ngân sách", "thu"),
    "collected": ("thu",),
    "budget": ("ngân sách",),
    "after regulation": ("sau điều tiết",),
    "after sharing": ("sau điều tiết",),
    "district budget": ("ngân sách quận", "thu ngân sách quận"),
    "estimate": ("dự toán", "ước thực hiện"),
    "estimated": ("ước thực hiện", "ước"),
    "plan": ("kế hoạch", "dự toán"),
    "same period": ("cùng kỳ",),
    "last year": ("cùng kỳ năm",),
    "chaired": ("chủ trì",),
    "chair": ("chủ trì", "chủ tịch"),
    "chairman": ("chủ tịch",),
    "chairwoman": ("chủ tịch",),
    "presided": ("chủ trì",),
    "vice chairman": ("phó chủ tịch",),
    "people's committee": ("ủy ban nhân dân", "ubnd"),
    "people's council": ("hội đồng nhân dân", "hđnd"),
    "committee": ("ủy ban", "ubnd"),
    "council": ("hđnd", "hội đồng nhân dân"),
    "meeting": ("phiên họp", "họp"),
    "session": ("kỳ họp", "phiên họp"),
    "district": ("quận",),
    "ward": ("phường",),
    "wards": ("phường",),
    "fire prevention": ("phòng cháy chữa cháy",),
    "fire": ("cháy", "phòng cháy chữa cháy"),
    "firefighting": ("phòng cháy chữa cháy",),
    "website": ("website", "trang thông tin"),
    "relics": ("di tích",),
    "relic": ("di tích",),
    "heritage": ("di tích",),
    "historical": ("lịch sử",),
    "culture": ("văn hóa",),
    "cultural": ("văn hóa",),
    "launched": ("ra mắt",),
    "launch": ("ra mắt",),
    "tasks": ("nhiệm vụ",),
    "task": ("nhiệm vụ",),
    "duties": ("nhiệm vụ",),
    "solutions": ("giải pháp",),
    "first five months": ("5 tháng đầu năm",),
    "first 5 months": ("5 tháng đầu năm",),
    "first six months": ("6 tháng đầu năm",),
    "first half": ("6 tháng đầu năm",),
    "last six months": ("6 tháng cuối năm",),
    "second half": ("6 tháng cuối năm",),
    "nine months": ("9 tháng",),
    "target": ("chỉ tiêu",),
    "targets": ("chỉ tiêu",),
    "discipline": ("kỷ luật", "kỷ cương"),
    "administrative": ("hành chính",),
    "exams": ("kỳ thi",),
    "exam": ("kỳ thi",),
    "enrolment": ("tuyển sinh",),
    "enrollment": ("tuyển sinh",),
    "admissions": ("tuyển sinh",),
    "sports": ("thể dục thể thao",),
    "liberation": ("giải phóng",),
    "capital liberation": ("giải phóng thủ đô",),
    "site clearance": ("giải phóng mặt bằng",),
    "construction": ("xây dựng",),
    "digital transformation": ("chuyển đổi số",),
    "food safety": ("an toàn thực phẩm",),
    "urban order": ("trật tự đô thị",),
    "administrative reform": ("cải cách hành chính",),
    "attended": ("dự",),
    "attendees": ("dự phiên họp",),
    "report": ("báo cáo",),
    "reports": ("báo cáo",),
    "draft": ("dự thảo",),
    "drafts": ("dự thảo",),
    "submission": ("tờ trình",),
    "economic": ("kinh tế",),
    "security": ("an ninh",),
    "defense": ("quốc phòng",),
    "defence": ("quốc phòng",),
    "reward": ("khen thưởng",),
    "rewards": ("khen thưởng",),
    "meetings": ("hội họp",),
    "term": ("nhiệm kỳ",),
    "mid-year": ("giữa năm",),
    "midyear": ("giữa năm",),
    "tourism": ("du lịch",),
    "education": ("giáo dục",),
    "health": ("y tế",),
    "environment": ("môi trường",),
    "traffic": ("giao thông",),
    "tax": ("thuế",),
    "land": ("đất đai",),
    "percent": ("%",),
    "households": ("hộ", "hộ dân"),
    "household": ("hộ", "hộ dân"),
    "relocate": ("di dời",),
    "relocated": ("di dời",),
    "compensation": ("bồi thường",),
    "resolutions": ("nghị quyết",),
    "resolution": ("nghị quyết",),
    "elected": ("bầu",),
    "election": ("bầu",),
    "member": ("ủy viên", "thành viên"),
    "members": ("ủy viên", "thành viên"),
    "school year": ("năm học",),
    "grade": ("lớp",),
    "students": ("học sinh",),
    "pupils": ("học sinh",),
    "admit": ("tuyển sinh",),
    "enrol": ("tuyển sinh",),
    "enroll": ("tuyển sinh",),
    "children": ("trẻ",),
    "inspect": ("kiểm tra",),
    "inspected": ("kiểm tra",),
    "inspection": ("kiểm tra",),
    "inspections": ("kiểm tra",),
    "premises": ("cơ sở",),
    "establishments": ("cơ sở",),
    "suspend": ("đình chỉ",),
    "suspended": ("đình chỉ",),
    "violations": ("vi phạm",),
    "violation": ("vi phạm",),
    "sidewalk": ("vỉa hè",),
    "sidewalks": ("vỉa hè",),
    "pavement": ("vỉa hè",),
    "encroachment": ("lấn chiếm",),
    "streets": ("tuyến phố", "phố"),
    "street": ("phố",),
    "fallen trees": ("cây đổ", "cây gãy đổ"),
    "trees": ("cây",),
    "typhoon": ("bão",),
    "storm": ("bão",),
    "on time": ("đúng hạn",),
    "on-time": ("đúng hạn",),
    "procedure": ("thủ tục",),
    "procedures": ("thủ tục",),
    "administrative procedures": ("thủ tục hành chính",),
    "files": ("hồ sơ",),
    "rank": ("xếp hạng", "xếp thứ"),
    "ranked": ("xếp hạng", "xếp thứ"),
    "index": ("chỉ số",),
    "reform": ("cải cách",),
    "share": ("tỷ lệ",),
    "percentage": ("tỷ lệ",),
    "previous year": ("cùng kỳ",),
    "after-allocation": ("sau điều tiết",),
    "after allocation": ("sau điều tiết",),
    "on-territory": ("trên địa bàn",),
    "attendance": ("hội họp",),
    "demand": ("yêu cầu",),
    "demanded": ("yêu cầu",),
    "required": ("yêu cầu",),
    "asked": ("yêu cầu", "đề nghị"),
    "fire safety": ("phòng cháy chữa cháy",),
    "fire-safety": ("phòng cháy chữa cháy",),
    "red river": ("sông Hồng",),
    "middle-bank": ("bãi giữa",),
    "ring road": ("vành đai",),
    "project": ("dự án",),
    "projects": ("dự án",),
    "key tasks": ("nhiệm vụ trọng tâm",),
    "festival": ("lễ hội",),
    "tourists": ("khách du lịch", "lượt khách"),
    "visitors": ("lượt khách", "khách du lịch"),
    "international": ("quốc tế",),
    "satisfaction": ("hài lòng",),
    "residents": ("người dân",),
    "questioning": ("chất vấn",),
    "questioned": ("chất vấn",),
    "answered": ("trả lời",),
    "delegates": ("đại biểu",),
    "opened": ("khai mạc",),
    "opening": ("khai mạc",),
    "closed": ("bế mạc",),
    "closing": ("bế mạc",),
    "passed": ("thông qua",),
    "approved": ("thông qua", "phê duyệt"),
    "voters": ("cử tri",),
    "petitions": ("kiến nghị",),
    "school": ("trường",),
    "kindergarten": ("mầm non",),
    "primary school": ("tiểu học",),
    "secondary school": ("trung học cơ sở",),
    "fined": ("xử phạt",),
    "fines": ("xử phạt", "phạt"),
    "penalties": ("xử phạt",),
    "flooding": ("ngập úng",),
    "waste": ("rác thải",),
    "crime": ("tội phạm",),
    "poor households": ("hộ nghèo",),
    "online": ("trực tuyến",),
    "public services": ("dịch vụ công",),
    "renovation": ("cải tạo",),
    "renovate": ("cải tạo",),
    "lake": ("hồ",),
    "alleys": ("ngõ",),
    "alley": ("ngõ",),
    "apartment": ("chung cư",),
    "residential groups": ("tổ dân phố",),
    "security teams": ("tổ liên gia",),
}

_EN_KEYS = sorted(EN_VI, key=len, reverse=True)
_EN_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k) for k in _EN_KEYS) + r")\b", re.I)


def english_terms(question: str) -> list[str]:
    """Vietnamese record terms for the English phrases of a question."""
    out: list[str] = []
    for m in _EN_PATTERN.finditer(question.replace("’", "'")):
        for term in EN_VI[m.group(1).lower()]:
            if term not in out:
                out.append(term)
    return out


@cache
def _vi_en() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Folded Vietnamese record terms → the English phrases that translate to them."""
    out: dict[str, list[str]] = {}
    for en, vis in EN_VI.items():
        for vi in vis:
            key = " ".join(re.findall(r"\w+", fold(vi).lower()))
            # One folded syllable is ambiguous ("thu" is thu and thứ); "hđnd" is not.
            if (" " in key or len(key) >= 4) and en not in out.setdefault(key, []):
                out[key].append(en)
    return tuple(sorted(((k, tuple(v)) for k, v in out.items()), key=lambda kv: -len(kv[0])))


def vietnamese_terms_in_english(question: str) -> list[str]:
    """English phrases for the record terms a Vietnamese question uses ("nghị quyết" →
    "resolution", "resolutions"): what an English page writes for them."""
    words = " " + " ".join(re.findall(r"\w+", fold(question).lower())) + " "
    out: list[str] = []
    for vi, ens in _vi_en():
        if f" {vi} " in words:
            out += [e for e in ens if e not in out]
    return out


# Function words and question words that only add noise to a BM25 query (normalised forms).
_STOP_VI = """
là của và các những được đã đang sẽ có không thì mà này đó kia với cho trong trên tại từ về
bao nhiêu bao_nhiêu gì nào ai khi_nào khi ngày_nào sao thế_nào như_thế_nào ra_sao hả nhỉ vậy
tính đến hết tới bởi do theo một hai ba ông bà anh chị thế nào còn thế gồm bị lúc nay hay hoặc
nêu cho_biết biết hỏi xin vui_lòng hãy
""".split()
STOP_VI = frozenset(_STOP_VI) | frozenset(w.replace("_", " ") for w in _STOP_VI)
STOP_FOLDED = frozenset(fold(w) for w in STOP_VI) - {"tren"}
STOP_EN = frozenset(
    """a an the of to in on at by for from with and or is are was were be been has have had do does
    did what which who whom whose when where why how much many as per into about this that these
    those it its their there than then up down did so if any all tell me please give list
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec q1 q2 q3 q4 quarter year month""".split()
)
