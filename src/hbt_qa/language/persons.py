"""People in a sentence: a name after an office, a title of address or a rank, or before its
office; and the people a sentence says presided together."""

from __future__ import annotations

import re

from .text import fold, nfc

Span = tuple[str, int, int]  # as written, start, end (offsets in the sentence)

# Common family names as written; folded too, for text typed without marks.
SURNAMES = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh
    Vương Cao Tô Đào Lương Mai Trương Hà Tạ Lưu Đoàn Thái Chu Quách Lâm Kiều Khúc Triệu Văn Tăng
    Nghiêm Phùng Kim Lại Mạc Đàm Hứa Giang Thân Tống Doãn Khổng Âu Ông La Lã Từ Mã Ninh Giáp
    Nông Lục Bế Cù Chử Diệp Hàn Hầu Kha Khương Khuất Lạc Mẫn Nhữ Phí Sầm
    Thiều Tiêu Tôn Trình Cấn Đậu Tào Tiết Đới Lăng Ngụy Nguỵ Chúc Lều Mầu Đinh""".split()
)
_SURNAMES = frozenset(fold(s) for s in SURNAMES)
# "ông Đặng Hữu Phúc", "Bà Nguyễn Thị Lan", "đồng chí …", "Mr. Tran Van An": a person named
# without a role before.
# A rank stands where a title of address would ("Đại tá Nguyễn Văn Hùng, Trưởng Công an huyện").
_RANKS = (
    "Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|"
    "Đại [uú]y|Đại uý|Thượng [uú]y|Thượng uý|Trung [uú]y|Trung uý|Thiếu [uú]y|Thiếu uý|"
    "Colonel|Lieutenant Colonel|Major General|Lieutenant General"
)
_HONORIFIC = re.compile(rf"\b((?i:ông|bà|đồng chí)|Mr\.?|Mrs\.?|Ms\.?|{_RANKS})\s+(?=[A-ZĐ])")
_ROLES_VI = (
    "Chủ tịch|Bí thư|Trưởng phòng|Chánh Văn phòng|Giám đốc|Trưởng [Bb]an|Ủy viên|Uỷ viên|"
    "Đại biểu|Trưởng Công an|Chỉ huy trưởng|Chánh án|Viện trưởng|Chủ nhiệm|Thư ký|Trưởng đoàn"
)
_ROLES_EN = (
    "(?:Vice[- ]|Deputy |Standing |Permanent )*"
    "(?:Chairman|Chairwoman|Chairperson|Chair|Secretary|Director|President|Head)"
)
_ROLE = re.compile(rf"((?:Phó )?(?:{_ROLES_VI})|{_ROLES_EN})")
# A name, then its office after a comma, a dash or a bracket: "Nguyễn Văn An, Chủ tịch UBND huyện".
_THEN_ROLE = re.compile(rf"\s*[,–(-]\s*(?:(?:Phó )?(?:{_ROLES_VI})|{_ROLES_EN})\b")
_NAME_BEFORE = re.compile(r"(?<!\w)((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s){1,3}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)$")
# Between a role and a name, words that hand over to another person: "Chủ tịch HĐND phường
# và ông B" is A's role, then B.
# ("Phòng Giáo dục và Đào tạo" is no hand-over: only a title of address or a comma is).
_HANDOVER = re.compile(r"\b(ông|bà|đồng chí|Mr|Mrs|Ms)\b|[,;]", re.IGNORECASE)
_CAP_WORD = re.compile(r"(?<!\w)[A-ZĐÂĂÊÔƠƯÀ-ỸÁÉÍÓÚÝ][\wÀ-ỹ]*")


def persons(sentence: str) -> list[Span]:
    """Role + name mentions ('Chủ tịch UBND quận Nguyễn Quang Trung'); the span covers both.

    A name after "ông"/"bà"/"đồng chí" counts too ("bầu bổ sung ông Đặng Hữu Phúc").
    """
    out: list[Span] = []
    for m in _ROLE.finditer(sentence):
        end = _name_end(sentence, m.end(), 80)
        if end is not None and not _HANDOVER.search(_between(sentence, m.end(), end)):
            out.append((sentence[m.start() : end], m.start(), end))
    for m in _HONORIFIC.finditer(sentence):
        end = _name_end(sentence, m.end(), 0)
        if end is not None and not any(a <= m.start() < b for _, a, b in out):
            out.append((sentence[m.end() : end], m.end(), end))
    for m in _THEN_ROLE.finditer(sentence):
        name = _NAME_BEFORE.search(sentence, 0, m.start())
        if name is None:
            continue
        a, b = name.span(1)
        # The class of capitals spans small marked letters too: "ông Âu Quốc Việt" starts at
        # its name, and "Tôn Nữ hồng Châu" gives no name at all (never "ồng Châu").
        words = re.finditer(r"\S+", sentence[a:b])
        first = next((w for w in words if w.group(0)[0].isupper()), None)
        a = a + first.start() if first else b
        words_left = sentence[a:b].split()
        if len(words_left) < 2 or fold(words_left[0]) not in _SURNAMES:
            continue
        if not all(w[0].isupper() for w in words_left):
            continue
        if not any(x <= a < y or x < b <= y for _, x, y in out):
            out.append((sentence[a:b], a, b))
    return sorted(out, key=lambda s: s[1])


# Presiding together: "A và B đồng chủ tọa kỳ họp", "co-chaired by A and B".
_JOINT = re.compile(r"\b(?:dong chu toa|dong chu tri|co.chair\w*|jointly (?:chair|presid)\w*)\b")


def joint_chairs(sentence: str) -> list[Span]:
    """The names of the people a sentence says presided together, when it names two or more.

    "Bà A, Bí thư Đảng ủy, Chủ tịch HĐND phường và ông B, Phó Chủ tịch HĐND phường đồng chủ
    tọa kỳ họp" → [A, B]; "… was co-chaired by A and B" → [A, B]. Each span is the name alone.
    """
    folded = fold(nfc(sentence))
    m = _JOINT.search(folded) if len(folded) == len(sentence) else None
    if m is None:
        return []
    named = persons(sentence)
    before = [p for p in named if p[2] <= m.start()]
    after = [p for p in named if p[1] >= m.end()]
    people = before if len(before) >= 2 else after
    names = [_name_only(sentence, p) for p in people]
    return names if len(names) >= 2 else []


def _name_only(sentence: str, span: Span) -> Span:
    """The name at the end of a role + name mention (the mention itself when it is a name)."""
    _, a, b = span
    words = [w for w in _CAP_WORD.finditer(sentence, a, b) if fold(w.group(0)) in _SURNAMES]
    at = words[-1].start() if words else a
    for w in reversed(words):  # the surname that starts the last run of capitalised words
        if re.fullmatch(r"(?:\s+[A-ZĐÂĂÊÔƠƯÀ-ỸÁÉÍÓÚÝ][\wÀ-ỹ]*)*", sentence[w.end() : b]):
            at = w.start()
    return sentence[at:b], at, b


def _between(sentence: str, at: int, end: int) -> str:
    """The words between a role and the start of the name that ends at ``end``."""
    words = [w for w in _CAP_WORD.finditer(sentence, at, end) if w.group(0)[0].isupper()]
    start = next((w.start() for w in words if fold(w.group(0)) in _SURNAMES), end)
    return sentence[at:start]


def name_run(sentence: str, words: list[re.Match[str]], i: int) -> list[re.Match[str]]:
    """The capitalised words from ``words[i]`` on that one space joins into a name (at most 4)."""
    run = [words[i]]
    for nxt in words[i + 1 : i + 4]:
        if sentence[run[-1].end() : nxt.start()] != " ":
            break
        run.append(nxt)
    return run


def _name_end(sentence: str, at: int, reach: int) -> int | None:
    """End of a name (a known surname and 1–3 more capitalised words) within ``reach`` of ``at``."""
    found = _CAP_WORD.finditer(sentence, at, min(len(sentence), at + max(reach, 40)))
    words = [w for w in found if w.group(0)[0].isupper()]  # the class spans "ủ" too
    for i, w in enumerate(words):
        if w.start() > at + reach:
            return None
        if fold(w.group(0)) not in _SURNAMES:
            continue
        run = name_run(sentence, words, i)
        if re.search(r"[,;:.()]", sentence[at : w.start()]):
            return None  # past the end of the mention
        if len(run) >= 2:
            return run[-1].end()
    return None
