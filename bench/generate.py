"""Seeded generator of synthetic Vietnamese meeting articles for the benchmark (issue 6).

Every article is marked ``source: synthetic`` / ``synthetic: true`` in its front matter. Article
``i`` depends only on ``(seed, i)``, so a 1k corpus is a prefix of the 10k corpus, which is a
prefix of the 100k one, and the benchmark queries (drawn from the first articles) fit every size.
Each body line is one paragraph kept well under the 380-token passage limit, so one paragraph is
one passage and the passage count is known while generating.

    python bench/generate.py bench/out/corpus-10k --size 10k --seed 1
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# -- vocabulary --------------------------------------------------------------------------------
# (name, English name) of districts; the list order is also the Zipf rank, so Hai Bà Trưng is
# the most frequent, as in the real archive.
DISTRICTS = (
    ("Hai Bà Trưng", "Hai Ba Trung"),
    ("Đống Đa", "Dong Da"),
    ("Cầu Giấy", "Cau Giay"),
    ("Ba Đình", "Ba Dinh"),
    ("Hoàn Kiếm", "Hoan Kiem"),
    ("Hoàng Mai", "Hoang Mai"),
    ("Thanh Xuân", "Thanh Xuan"),
    ("Tây Hồ", "Tay Ho"),
    ("Long Biên", "Long Bien"),
    ("Nam Từ Liêm", "Nam Tu Liem"),
    ("Bắc Từ Liêm", "Bac Tu Liem"),
    ("Hà Đông", "Ha Dong"),
    ("Bình Thạnh", "Binh Thanh"),
    ("Gò Vấp", "Go Vap"),
    ("Phú Nhuận", "Phu Nhuan"),
    ("Tân Bình", "Tan Binh"),
    ("Hải Châu", "Hai Chau"),
    ("Thanh Khê", "Thanh Khe"),
    ("Sơn Trà", "Son Tra"),
    ("Lê Chân", "Le Chan"),
    ("Ngô Quyền", "Ngo Quyen"),
    ("Hồng Bàng", "Hong Bang"),
    ("Ninh Kiều", "Ninh Kieu"),
    ("Thủ Đức", "Thu Duc"),
)
WARDS = tuple(
    w.strip()
    for w in (
        "Bách Khoa, Bạch Đằng, Bạch Mai, Cầu Dền, Đống Mác, Đồng Nhân, Đồng Tâm, Lê Đại Hành, "
        "Minh Khai, Nguyễn Du, Phạm Đình Hổ, Phố Huế, Quỳnh Mai, Thanh Lương, Thanh Nhàn, "
        "Trương Định, Vĩnh Tuy, Bùi Thị Xuân, Dịch Vọng, Dịch Vọng Hậu, Mai Dịch, Nghĩa Đô, "
        "Nghĩa Tân, Quan Hoa, Trung Hòa, Yên Hòa, Láng Thượng, Láng Hạ, Kim Liên, Khâm Thiên, "
        "Ô Chợ Dừa, Phương Liên, Quang Trung, Thịnh Quang, Trung Tự, Văn Chương, Văn Miếu, "
        "Hàng Bạc, Hàng Bồ, Hàng Buồm, Hàng Đào, Hàng Gai, Hàng Trống, Lý Thái Tổ, Tràng Tiền, "
        "Cửa Nam, Điện Biên, Đội Cấn, Kim Mã, Liễu Giai, Ngọc Hà, Phúc Xá, Quán Thánh, "
        "Thành Công, Trúc Bạch, Vĩnh Phúc, Giáp Bát, Hoàng Liệt, Lĩnh Nam, Mai Động, Tân Mai, "
        "Thịnh Liệt, Tương Mai, Yên Sở, Định Công, Đại Kim, Khương Trung, Khương Mai, "
        "Nhân Chính, Thượng Đình, Hạ Đình, Phương Liệt, Bồ Đề, Gia Thụy, Ngọc Lâm, Ngọc Thụy, "
        "Phúc Đồng, Thạch Bàn"
    ).split(",")
)
STREETS = (
    "Trần Khát Chân",
    "Minh Khai",
    "Bạch Mai",
    "Lò Đúc",
    "Đại Cồ Việt",
    "Giải Phóng",
    "Nguyễn Khoái",
    "Kim Ngưu",
    "Lạc Trung",
    "Tam Trinh",
    "Láng",
    "Kim Mã",
    "Xuân Thủy",
    "Trần Duy Hưng",
    "Nguyễn Trãi",
    "Lê Văn Lương",
    "Hoàng Quốc Việt",
    "Phạm Văn Đồng",
    "Trần Thái Tông",
    "Nguyễn Khánh Toàn",
    "Tôn Đức Thắng",
    "Xã Đàn",
    "Thái Hà",
    "Chùa Bộc",
    "Tây Sơn",
    "Lê Duẩn",
    "Hàng Bài",
    "Bà Triệu",
    "Phố Huế",
    "Lê Thanh Nghị",
    "Vọng",
    "Trường Chinh",
    "Nguyễn Chí Thanh",
    "Đội Cấn",
    "Liễu Giai",
    "Hoàng Hoa Thám",
    "Thụy Khuê",
    "Lạc Long Quân",
    "Âu Cơ",
    "Nghi Tàm",
    "Ngọc Lâm",
    "Nguyễn Văn Cừ",
    "Giáp Bát",
    "Lĩnh Nam",
    "Kim Giang",
    "Khuất Duy Tiến",
    "Hồ Tùng Mậu",
    "Quang Trung",
    "Điện Biên Phủ",
    "Nguyễn Văn Linh",
)
SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Vũ Phan Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trịnh Mai Tạ "
    "Lương Cao Chu Kiều Hà Tô Lại Khổng Quách Thái Văn Triệu Nghiêm Âu Doãn"
).split()
MIDDLES = "Văn Thị Quang Minh Đức Thanh Thu Hồng Ngọc Anh Hữu Xuân Việt Kim Thế Mạnh Bảo".split()
GIVEN = (
    "Trung Hùng Hoa Lan Nhung Tuấn Dũng Hải Hà Hương Long Nam Phương Sơn Thắng Thảo Trang Vân "
    "Yến Bình Cường Đạt Giang Hạnh Khánh Linh Mai Minh Ngọc Oanh Quân Tâm Thủy Toàn Vinh Hiếu "
    "Hưng Kiên Lâm Lợi Nga Phong Quyết Thành Tú Chiến Diệp Duy Huy Khoa Luân Nghĩa Phúc Sang"
).split()
ROLES_DEPT = (
    "Trưởng phòng Tài chính Kế hoạch",
    "Chánh Văn phòng HĐND&UBND quận",
    "Trưởng phòng Quản lý đô thị",
    "Trưởng phòng Giáo dục và Đào tạo",
    "Trưởng phòng Văn hóa và Thông tin",
    "Trưởng phòng Lao động Thương binh và Xã hội",
    "Trưởng phòng Tài nguyên và Môi trường",
    "Trưởng phòng Y tế",
    "Chi cục trưởng Chi cục Thuế",
    "Trưởng Công an quận",
    "Giám đốc Ban Quản lý dự án đầu tư xây dựng",
    "Trưởng phòng Nội vụ",
    "Chánh Thanh tra quận",
)
SCHOOLS = (
    "THCS",
    "Tiểu học",
    "Mầm non",
)
ROMAN_Q = ("I", "II", "III", "IV")

DateT = tuple[int, int, int]  # day, month, year


def zipf_weights(n: int, s: float = 1.05) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n (frequent head, long tail)."""
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


@cache
def _cum(n: int) -> list[float]:
    """Cached cumulative Zipf weights."""
    return zipf_weights(n)


def pick(rng: random.Random, items: Sequence[str]) -> str:
    """One item, Zipf-distributed over the list order."""
    return rng.choices(items, cum_weights=_cum(len(items)))[0]


@cache
def long_tail_words() -> tuple[str, ...]:
    """Two-syllable Vietnamese words from underthesea's dictionary, in a fixed shuffled order."""
    try:
        from importlib.resources import files

        raw = files("underthesea").joinpath("corpus/data/Viet22K.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        raw = "hạ tầng\nvỉa hè\nthoát nước\nchiếu sáng\ncây xanh\nbãi xe\nngõ hẻm\nmái che"
    words = sorted(
        {
            unicodedata.normalize("NFC", w.strip())
            for w in raw.splitlines()
            if re.fullmatch(r"[a-zà-ỹđ]+ [a-zà-ỹđ]+", w.strip())
        }
    )
    random.Random(20240528).shuffle(words)
    return tuple(words)


# -- Vietnamese formatting ---------------------------------------------------------------------
def vn_int(n: int) -> str:
    """4206 → '4.206'."""
    return f"{n:,}".replace(",", ".")


def vn_dec(x: float, digits: int = 1) -> str:
    """12.5 → '12,5'; whole numbers lose the decimals."""
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def vn_amount(million: int) -> str:
    """An amount in millions of đồng in the records' style: '4.206 tỷ 168 triệu đồng'."""
    ty, trieu = divmod(million, 1000)
    if ty and trieu:
        return f"{vn_int(ty)} tỷ {trieu:03d} triệu đồng"
    if ty:
        return f"{vn_int(ty)} tỷ đồng"
    return f"{trieu} triệu đồng"


def pct(rng: random.Random, lo: float, hi: float) -> str:
    """A percentage such as '51%' or '12,3%'."""
    x = rng.uniform(lo, hi)
    return f"{vn_dec(x) if rng.random() < 0.4 else round(x)}%"


def fold(text: str) -> str:
    """Diacritics off, đ→d, lower case: how staff type without marks."""
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if unicodedata.category(c) != "Mn").lower()


# -- one article -------------------------------------------------------------------------------
@dataclass
class Ctx:
    """What one article is about, shared by its paragraphs."""

    rng: random.Random
    district: str
    district_en: str
    year: int
    month: int
    day: int
    chair: str
    ward: str
    kind: str  # ubnd | hdnd | uyvien | phuong
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def months_done(self) -> int:
        """How many months the report covers."""
        return self.month if self.month < 12 else 12

    @property
    def period(self) -> str:
        """'5 tháng đầu năm 2024' or 'năm 2024'."""
        if self.months_done == 12:
            return f"năm {self.year}"
        return f"{self.months_done} tháng đầu năm {self.year}"


def person(rng: random.Random) -> str:
    """A Vietnamese full name, common surnames first."""
    mid = pick(rng, MIDDLES)
    return f"{pick(rng, SURNAMES)} {mid} {pick(rng, GIVEN)}"


def chair_of(seed: int, district: str, year: int) -> str:
    """The chair of a district in a year: the same person across that year's articles."""
    return person(random.Random(f"{seed}:chair:{district}:{year // 2}"))


def p_budget(c: Ctx) -> str:
    """Budget revenue against the estimate."""
    r = c.rng
    total = r.randint(800_000, 9_500_000) // 1000 * c.months_done // 12 * 1000 + r.randint(1, 999)
    after = r.randint(150_000, 900_000) * c.months_done // 12
    c.facts["thu_ngan_sach"] = vn_amount(total)
    s = [
        f"{r.choice(['Tổng số thu', 'Tổng thu', 'Thu'])} ngân sách trên địa bàn {c.period} "
        f"là {vn_amount(total)}, đạt {pct(r, 30, 112)} so với dự toán "
        f"(bằng {pct(r, 85, 130)} so với thực hiện cùng kỳ năm {c.year - 1}).",
        f"Thu ngân sách quận sau điều tiết là {vn_amount(after)}, "
        f"đạt {pct(r, 25, 105)} so với dự toán.",
    ]
    if r.random() < 0.6:
        s.append(
            f"Ước thực hiện {min(c.months_done + 1, 12)} tháng là "
            f"{vn_amount(int(total * r.uniform(1.05, 1.3)))}, đạt {pct(r, 40, 115)} dự toán."
        )
    if r.random() < 0.5:
        s.append(
            f"Thu thuế ngoài quốc doanh đạt {vn_amount(r.randint(20_000, 900_000))}; thu tiền "
            f"sử dụng đất đạt {vn_amount(r.randint(1_000, 300_000))}, "
            f"{r.choice(['tăng', 'giảm'])} {pct(r, 1, 40)} so với cùng kỳ."
        )
    if r.random() < 0.4:
        s.append(
            f"Tổng nợ đọng thuế đến ngày {r.randint(1, 28)}/{c.month}/{c.year} là "
            f"{vn_amount(r.randint(5_000, 400_000))}, giảm {pct(r, 2, 30)} so với đầu năm."
        )
    r.shuffle(s)
    return " ".join(s)


def p_invest(c: Ctx) -> str:
    """Public investment and disbursement."""
    r = c.rng
    plan = r.randint(150_000, 1_800_000)
    done = int(plan * r.uniform(0.15, 0.95))
    c.facts["giai_ngan"] = vn_amount(done // 1000 * 1000 if r.random() < 0.5 else done)
    school = f"trường {r.choice(SCHOOLS)} {pick(r, WARDS)}"
    s = [
        f"Công tác giải ngân vốn đầu tư công được quận quan tâm chỉ đạo quyết liệt; tính đến "
        f"ngày {r.randint(1, 28)}/{c.month}/{c.year} đã giải ngân {c.facts['giai_ngan']}, "
        f"đạt {pct(r, 15, 95)} kế hoạch vốn năm {c.year}.",
        f"Kế hoạch vốn đầu tư công năm {c.year} của quận là {vn_amount(plan)} "
        f"cho {r.randint(12, 140)} dự án.",
        f"Dự án cải tạo, nâng cấp {school} đã hoàn thành {pct(r, 30, 100)} khối lượng.",
    ]
    if r.random() < 0.6:
        s.append(
            f"Công tác giải phóng mặt bằng dự án mở rộng tuyến đường {pick(r, STREETS)} đã thu "
            f"hồi {vn_int(r.randint(300, 25_000))} m2 đất của {r.randint(5, 400)} hộ dân."
        )
    r.shuffle(s)
    return " ".join(s)


def p_fire(c: Ctx) -> str:
    """Fire prevention inspections."""
    r = c.rng
    n = r.randint(80, 2500)
    s = [
        f"Về công tác phòng cháy chữa cháy, quận đã thành lập {r.randint(2, 12)} đoàn kiểm tra, "
        f"kiểm tra {vn_int(n)} cơ sở karaoke, quán bar, nhà ở kết hợp kinh doanh.",
        f"Đã xử phạt {r.randint(5, 300)} trường hợp vi phạm với số tiền "
        f"{vn_amount(r.randint(50, 4000))}; tạm đình chỉ hoạt động {r.randint(1, 120)} cơ sở "
        "không bảo đảm điều kiện an toàn phòng cháy chữa cháy.",
    ]
    if r.random() < 0.5:
        s.append(
            f"Trên địa bàn xảy ra {r.randint(0, 14)} vụ cháy, không có thiệt hại về người; "
            f"phường {pick(r, WARDS)} đã ra mắt {r.randint(1, 9)} mô hình "
            "điểm chữa cháy công cộng."
        )
    return " ".join(s)


def p_education(c: Ctx) -> str:
    """Schools, enrolment and exams."""
    r = c.rng
    s = [
        f"Năm học {c.year}-{c.year + 1}, toàn quận có {r.randint(1, 6)} trường học mới được đưa "
        f"vào sử dụng, góp phần giảm sĩ số học sinh/lớp.",
        f"Công tác tuyển sinh vào lớp 1 và lớp 6 bảo đảm đúng kế hoạch với "
        f"{vn_int(r.randint(1500, 9000))} học sinh; tỷ lệ học sinh tốt nghiệp THPT đạt "
        f"{pct(r, 97, 99.9)}.",
    ]
    if r.random() < 0.5:
        s.append(
            f"Quận có {r.randint(10, 160)} học sinh đạt giải trong kỳ thi học sinh giỏi thành "
            f"phố; trường {r.choice(SCHOOLS)} {pick(r, WARDS)} được công nhận đạt "
            f"chuẩn quốc gia mức độ {r.randint(1, 2)}."
        )
    return " ".join(s)


def p_health(c: Ctx) -> str:
    """Health, vaccination and insurance."""
    r = c.rng
    s = [
        f"Trung tâm Y tế quận ghi nhận {r.randint(3, 900)} ca mắc sốt xuất huyết, "
        f"{r.choice(['tăng', 'giảm'])} {pct(r, 2, 60)} so với cùng kỳ; đã xử lý "
        f"{r.randint(2, 80)} ổ dịch.",
        f"Tỷ lệ bao phủ bảo hiểm y tế đạt {pct(r, 88, 97)}; tiêm chủng mở rộng cho "
        f"{vn_int(r.randint(800, 12000))} trẻ em dưới 1 tuổi.",
    ]
    if r.random() < 0.5:
        s.append(
            "Đoàn kiểm tra liên ngành về an toàn thực phẩm đã kiểm tra "
            f"{r.randint(40, 900)} cơ sở, xử phạt {r.randint(2, 90)} cơ sở với số tiền "
            f"{vn_amount(r.randint(20, 900))}."
        )
    return " ".join(s)


def p_social(c: Ctx) -> str:
    """Social security, poor households, jobs."""
    r = c.rng
    s = [
        f"Quận đã tặng {vn_int(r.randint(2000, 30000))} suất quà cho người có công, hộ nghèo, "
        f"hộ cận nghèo với tổng kinh phí {vn_amount(r.randint(1000, 25000))}.",
        f"Giải quyết việc làm mới cho {vn_int(r.randint(800, 6000))} lao động, đạt "
        f"{pct(r, 40, 120)} kế hoạch năm; toàn quận còn {r.randint(0, 60)} hộ nghèo và "
        f"{r.randint(10, 300)} hộ cận nghèo.",
    ]
    return " ".join(s)


def p_urban(c: Ctx) -> str:
    """Urban order and construction violations."""
    r = c.rng
    st1, st2 = pick(r, STREETS), pick(r, STREETS)
    s = [
        f"Công tác quản lý trật tự đô thị được tăng cường; đã kiểm tra "
        f"{r.randint(20, 700)} công trình xây dựng, phát hiện {r.randint(0, 40)} công trình "
        f"vi phạm trật tự xây dựng.",
        f"Ra quân xử lý lấn chiếm vỉa hè, lòng đường trên tuyến phố {st1} và {st2}; lập biên "
        f"bản {r.randint(30, 1200)} trường hợp, xử phạt {vn_amount(r.randint(30, 3000))}.",
    ]
    if r.random() < 0.5:
        s.append(
            f"Khối lượng rác thải sinh hoạt thu gom bình quân {r.randint(120, 480)} tấn/ngày; "
            f"trồng mới {r.randint(20, 900)} cây xanh trên các tuyến phố."
        )
    return " ".join(s)


def p_admin(c: Ctx) -> str:
    """Administrative reform and digital transformation."""
    r = c.rng
    s = [
        f"Bộ phận một cửa của quận và các phường đã tiếp nhận {vn_int(r.randint(2000, 90000))} "
        f"hồ sơ thủ tục hành chính, giải quyết đúng hạn đạt {pct(r, 95, 99.9)}.",
        f"Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình đạt {pct(r, 30, 90)}; triển khai Đề án "
        f"06 về chuyển đổi số, thu nhận {vn_int(r.randint(1000, 60000))} hồ sơ căn cước.",
    ]
    if r.random() < 0.4:
        s.append(
            f"Chỉ số cải cách hành chính năm {c.year - 1} của quận xếp thứ {r.randint(1, 30)}/30 "
            "quận, huyện, thị xã."
        )
    return " ".join(s)


def p_culture(c: Ctx) -> str:
    """Culture, relics, festivals."""
    r = c.rng
    s = [
        f"Về công tác văn hóa, quận đã tu bổ {r.randint(1, 8)} di tích lịch sử - văn hóa; "
        f"tỷ lệ gia đình văn hóa đạt {pct(r, 85, 96)}, tổ dân phố văn hóa đạt {pct(r, 80, 95)}.",
        f"Tổ chức các hoạt động kỷ niệm {r.randint(50, 80)} năm Ngày Giải phóng Thủ đô và lễ hội "
        f"truyền thống tại đình, chùa trên địa bàn phường {pick(r, WARDS)}.",
    ]
    return " ".join(s)


def p_security(c: Ctx) -> str:
    """Public security and traffic."""
    r = c.rng
    s = [
        f"Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững; phạm pháp hình sự "
        f"giảm {pct(r, 2, 35)}, tỷ lệ điều tra khám phá án đạt {pct(r, 70, 95)}.",
        f"Công an quận phát hiện, bắt giữ {r.randint(3, 120)} vụ, {r.randint(5, 200)} đối tượng "
        f"phạm tội về ma túy; tai nạn giao thông giảm {r.randint(1, 12)} vụ.",
    ]
    return " ".join(s)


def p_petition(c: Ctx) -> str:
    """Voters' petitions: the long tail of the vocabulary."""
    r = c.rng
    words = long_tail_words()
    picks = [pick(r, words) for _ in range(r.randint(3, 6))]
    return (
        f"Cử tri phường {pick(r, WARDS)} kiến nghị về {', '.join(picks[:-1])} và "
        f"{picks[-1]} tại ngõ {r.randint(1, 300)} phố {pick(r, STREETS)}. "
        f"{pick(r, ROLES_DEPT)} {person(r)} đã trả lời, tiếp thu và giao các phòng chuyên môn "
        f"phối hợp UBND phường giải quyết trước ngày {r.randint(1, 28)}/{r.randint(1, 12)}/"
        f"{c.year}."
    )


TOPICS: tuple[Callable[[Ctx], str], ...] = (
    p_invest,
    p_fire,
    p_urban,
    p_admin,
    p_education,
    p_health,
    p_social,
    p_culture,
    p_security,
    p_petition,
)

TASKS = (
    "phấn đấu hoàn thành vượt dự toán thu ngân sách năm {y}",
    "đẩy nhanh tiến độ giải ngân vốn đầu tư công",
    "tiếp tục tổng kiểm tra, xử lý nghiêm các cơ sở vi phạm về phòng cháy chữa cháy",
    "xử lý vi phạm trật tự đô thị trên tuyến phố {st}",
    "chuẩn bị tốt nội dung Kỳ họp HĐND quận cuối năm {y}",
    "đẩy mạnh cải cách hành chính, chuyển đổi số",
    "bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
    "tăng cường kỷ luật, kỷ cương hành chính",
    "hoàn thành công tác giải phóng mặt bằng dự án trường {sch} {w}",
    "chăm lo đời sống người có công và hộ nghèo",
    "phòng chống dịch sốt xuất huyết",
    "làm tốt công tác tuyển sinh năm học mới",
)


def p_opening(c: Ctx) -> str:
    """Who chaired which meeting, and why."""
    what = {
        "ubnd": f"phiên họp UBND quận thường kỳ tháng {c.month} năm {c.year}",
        "uyvien": f"phiên họp Ủy viên ủy ban tháng {c.month} năm {c.year}",
        "hdnd": f"Kỳ họp thứ {c.rng.randint(5, 22)} HĐND quận khóa {c.rng.choice(['XX', 'XXI'])}",
        "phuong": f"hội nghị sơ kết công tác {c.period} của phường {c.ward}",
    }[c.kind]
    role = "Chủ tịch HĐND quận" if c.kind == "hdnd" else "Chủ tịch UBND quận"
    if c.kind == "phuong":
        role = f"Chủ tịch UBND phường {c.ward}"
    c.facts["chair"] = c.chair
    goal = c.rng.choice(
        [
            f"nhằm đánh giá kết quả thực hiện nhiệm vụ {c.period} và triển khai nhiệm vụ "
            f"quý {ROMAN_Q[min(3, c.month // 3)]}/{c.year}",
            "nhằm lấy ý kiến đóng góp vào các dự thảo Báo cáo, Kế hoạch, Tờ trình trình HĐND quận",
            f"nhằm kiểm điểm kết quả phát triển kinh tế - xã hội {c.period}",
        ]
    )
    return f"Ngày {c.day}/{c.month}/{c.year}, {role} {c.district} {c.chair} chủ trì {what} {goal}."


def p_attend(c: Ctx) -> str:
    """Who attended."""
    return (
        "Dự phiên họp có: Đại diện Thường trực HĐND quận, các Phó Chủ tịch UBND quận, ủy viên "
        f"UBND quận nhiệm kỳ 2021-2026, lãnh đạo các phòng, ban chuyên môn và Chủ tịch UBND "
        f"{c.rng.randint(8, 22)} phường."
    )


def p_conclusion(c: Ctx) -> str:
    """The chair's conclusion with a list of tasks."""
    r = c.rng
    tasks = r.sample(TASKS, r.randint(3, 5))
    fill = {
        "y": c.year,
        "st": pick(r, STREETS),
        "sch": r.choice(SCHOOLS),
        "w": pick(r, WARDS),
    }
    body = "; ".join(t.format(**fill) for t in tasks)
    c.facts["tasks"] = tasks[0].format(**fill)
    return (
        f"Kết luận phiên họp, Chủ tịch UBND quận {c.chair} yêu cầu các đơn vị tập trung thực "
        f"hiện một số nhiệm vụ trọng tâm: {body}."
    )


CAPTIONS = (
    "Các đại biểu dự phiên họp",
    "Quang cảnh phiên họp",
    "{chair} phát biểu kết luận",
    "{role} trình bày dự thảo báo cáo",
)


@dataclass
class SynthArticle:
    """One generated article: its file name, text, paragraph count and a few facts for queries."""

    filename: str
    text: str
    paragraphs: int
    ctx: Ctx


def make_article(seed: int, i: int) -> SynthArticle:
    """Article ``i`` of corpus ``seed``; depends on nothing else."""
    r = random.Random(f"{seed}:{i}")
    district, district_en = r.choices(DISTRICTS, cum_weights=_cum(len(DISTRICTS)))[0]
    year = r.randint(2016, 2025)
    month = r.randint(1, 12)
    day = r.randint(1, 28)
    kind = r.choices(["ubnd", "uyvien", "hdnd", "phuong"], weights=[5, 3, 2, 2])[0]
    ctx = Ctx(r, district, district_en, year, month, day, chair_of(seed, district, year), "", kind)
    ctx.ward = pick(r, WARDS)
    paras = [p_opening(ctx)]
    if r.random() < 0.5:
        paras.append(p_attend(ctx))
    if r.random() < 0.5:
        cap = r.choice(CAPTIONS).format(chair=f"Chủ tịch {ctx.chair}", role=pick(r, ROLES_DEPT))
        paras.append(cap)
    paras.append(p_budget(ctx))
    n_topics = r.randint(1, 5)
    topics = r.sample(TOPICS, n_topics)
    paras.extend(t(ctx) for t in topics)
    paras.append(p_conclusion(ctx))
    title = _title(ctx)
    pub_day = min(day + r.randint(0, 3), 28)
    published = f"{year}-{month:02d}-{pub_day:02d}"
    head = (
        f"---\ntitle: {title}\npublished: {published}\nsource: synthetic\nsynthetic: true\n"
        f"generator: bench/generate.py seed={seed} article={i}\n---\n{title}\n"
        f"Ngày đăng {pub_day:02d}/{month:02d}/{year} | {r.randint(7, 17)}:{r.choice(['00', '30'])}"
        f"  | Lượt xem: {r.randint(20, 2000)}\n\n"
    )
    text = head + "\n\n".join(paras) + "\n"
    slug = re.sub(r"[^a-z0-9]+", "-", fold(district)).strip("-")
    name = f"synth-{seed}-{i:06d}-{slug}-{year}-{month:02d}-{kind}.txt"
    return SynthArticle(name, text, len(paras), ctx)


def _title(c: Ctx) -> str:
    """The headline of an article."""
    return {
        "ubnd": f"UBND quận {c.district} họp phiên thường kỳ tháng {c.month} năm {c.year}",
        "uyvien": f"Ủy ban nhân dân quận {c.district} tổ chức phiên họp Ủy viên ủy ban tháng "
        f"{c.month} năm {c.year}",
        "hdnd": f"Kỳ họp HĐND quận {c.district} đánh giá kết quả {c.period}",
        "phuong": f"Phường {c.ward} (quận {c.district}) sơ kết công tác {c.period}",
    }[c.kind]


def articles(seed: int, passages: int) -> Iterator[SynthArticle]:
    """Articles in order until their paragraphs (≈ passages) reach ``passages``."""
    total = 0
    for i in itertools.count():
        if total >= passages:
            return
        a = make_article(seed, i)
        total += a.paragraphs
        yield a


# -- queries -----------------------------------------------------------------------------------
def make_queries(seed: int, n: int = 50) -> list[dict[str, str]]:
    """About ``n`` realistic queries (vi, vi-nodiac, en) about the first articles of the seed."""
    out: list[dict[str, str]] = []
    fixed_vi = [
        "phòng cháy chữa cháy",
        "giải ngân vốn đầu tư công",
        "thu ngân sách quận sau điều tiết",
        "nhiệm vụ trọng tâm quý IV",
        "vi phạm trật tự xây dựng",
        "dịch vụ công trực tuyến toàn trình",
        "sốt xuất huyết",
        "cử tri kiến nghị",
    ]
    fixed_en = [
        "fire prevention inspections",
        "public investment disbursement",
        "digital transformation",
        "urban order violations",
    ]
    out += [{"q": q, "lang": "vi"} for q in fixed_vi]
    out += [{"q": fold(q), "lang": "vi-nodiac"} for q in fixed_vi[:4]]
    out += [{"q": q, "lang": "en"} for q in fixed_en]
    i = 0
    r = random.Random(f"{seed}:queries")
    while len(out) < n:
        c = make_article(seed, i).ctx
        i += 1
        vi, en = _question(r, c)
        form = r.choices(["vi", "vi-nodiac", "en"], weights=[4, 3, 3])[0]
        if form == "vi":
            out.append({"q": vi, "lang": "vi"})
        elif form == "vi-nodiac":
            out.append({"q": fold(vi).rstrip("?"), "lang": "vi-nodiac"})
        else:
            out.append({"q": en, "lang": "en"})
    return out[:n]


def _question(r: random.Random, c: Ctx) -> tuple[str, str]:
    """A Vietnamese question and its English counterpart about one article."""
    months = c.months_done
    en_period = f"the first {months} months of {c.year}" if months < 12 else str(c.year)
    options = [
        (
            f"Tổng thu ngân sách trên địa bàn quận {c.district} {c.period} là bao nhiêu?",
            f"How much budget revenue did {c.district_en} district collect in {en_period}?",
        ),
        (
            f"Ai chủ trì phiên họp của quận {c.district} tháng {c.month} năm {c.year}?",
            f"Who chaired the {c.district_en} district meeting in {c.month}/{c.year}?",
        ),
        (
            f"Kết luận phiên họp tháng {c.month}/{c.year}, quận {c.district} yêu cầu những "
            "nhiệm vụ gì?",
            f"What tasks did {c.district_en} district set in {c.month}/{c.year}?",
        ),
    ]
    if "giai_ngan" in c.facts:
        options.append(
            (
                f"Quận {c.district} đã giải ngân được bao nhiêu vốn đầu tư công năm {c.year}?",
                f"How much public investment had {c.district_en} disbursed in {c.year}?",
            )
        )
    return r.choice(options)


# -- writing -----------------------------------------------------------------------------------
def parse_size(text: str) -> int:
    """'10k' → 10000, '1.5k' → 1500, '2000' → 2000."""
    t = text.strip().lower()
    mult = 1000 if t.endswith("k") else 1_000_000 if t.endswith("m") else 1
    return int(float(t.rstrip("km")) * mult)


def write_corpus(folder: Path, seed: int, passages: int) -> dict[str, object]:
    """Write the articles and queries.jsonl; returns the manifest (also written)."""
    arts = folder / "articles"
    arts.mkdir(parents=True, exist_ok=True)
    n_articles = n_paragraphs = 0
    names = set()
    for a in articles(seed, passages):
        path = arts / a.filename
        if not path.exists() or path.read_text("utf-8") != a.text:
            path.write_text(a.text, encoding="utf-8")
        names.add(a.filename)
        n_articles += 1
        n_paragraphs += a.paragraphs
    for stale in arts.iterdir():
        if stale.name not in names:
            stale.unlink()
    queries = make_queries(seed)
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    manifest: dict[str, object] = {
        "generator": "bench/generate.py",
        "synthetic": True,
        "seed": seed,
        "target_passages": passages,
        "articles": n_articles,
        "paragraphs": n_paragraphs,
        "queries": len(queries),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: write one corpus."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path, help="output folder (articles/, queries.jsonl)")
    ap.add_argument("--size", default="1k", help="passages: 1k, 10k, 100k or a number")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    manifest = write_corpus(args.folder, args.seed, parse_size(args.size))
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
