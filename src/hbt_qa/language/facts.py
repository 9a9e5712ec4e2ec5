"""Facts of a known kind: which kind a question asks for, and the numbered session as a value.

"… nhằm mục đích gì?" is answered by a sentence saying "nhằm …"; "kỳ họp thứ mấy?" by one naming
"kỳ họp thứ 7", which an English answer states as "the 7th session of the 4th tenure".
"""

from __future__ import annotations

import re

from .text import fold, fold_words, nfc

Span = tuple[str, int, int]


# A "fact" question that asks for one kind of fact, and the words a sentence stating it holds:
# the purpose ("nhằm mục đích gì" → "nhằm …"), the session ("kỳ họp thứ mấy" → "kỳ họp thứ 7"),
# the theme ("trọng tâm là gì" → "trọng tâm là …").
FACT_CUES = (
    (
        re.compile(r"\b(muc dich|nham gi|de lam gi|purpose|aim|why)\b"),
        re.compile(r"\b(nham|muc dich|muc tieu|aim\w*|to ensure|in order to|so as to)\b"),
    ),
    (
        re.compile(r"\b((ky|phien) hop (lan )?(thu may|nao)|which session|what session)\b"),
        re.compile(
            r"\b((ky|phien) hop (lan )?thu \w+|\d+(st|nd|rd|th) (\w+ )?session|"
            r"(first|second|third|fourth|fifth|\w+th) (\w+ )?session)\b"
        ),
    ),
    (
        re.compile(r"\b(chu de|trong tam|theme|focus\w*|centred|centered)\b"),
        re.compile(r"\b(chu de|trong tam|tap trung|theme|focus\w*)\b"),
    ),
    (  # "ở đâu", "where": a sentence that names the venue
        re.compile(r"\b(o dau|tai dau|dia diem nao|where)\b"),
        re.compile(
            r"\b(tai|at|in) (the )?(tru so|hoi truong|phong hop|nha van hoa|trung tam|"
            r"headquarters|hall|meeting room|office)\b"
        ),
    ),
    (  # "là kỳ họp gì", "what kind of session": a sentence that names the kind
        re.compile(r"\b(ky hop gi|loai ky hop|what kind of session|what type of session)\b"),
        re.compile(
            r"\b(ky hop (chuyen de|thuong le|bat thuong|giua nam|cuoi nam)|"
            r"(thematic|extraordinary|regular|mid year|year end) session)\b"
        ),
    ),
    (  # "vào năm nào", "which year": a sentence that names a year
        re.compile(r"\b(nam nao|which year|what year)\b"),
        re.compile(r"\b(?:19|20)\d\d\b"),
    ),
)


def fact_cue(question: str) -> re.Pattern[str] | None:
    """The words that state the kind of fact a question asks for, when it asks for one."""
    q = fold_words(question)
    return next((say for ask, say in FACT_CUES if ask.search(q)), None)


_SESSION = re.compile(r"\b(?:ky|phien) hop (?:lan )?thu (\w+)\b")
_EN_SESSION = re.compile(r"\b(\d+)(?:st|nd|rd|th) (?:\w+ )?session\b")
_ORDINAL_WORDS = dict(
    zip(
        "nhat hai ba tu nam sau bay tam chin muoi".split()
        + "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split(),
        [*range(1, 11), *range(1, 16)],
        strict=True,
    )
)


# A meeting held to prepare a session ("Sáng 29/02, Thường trực HĐND tổ chức phiên họp …, thống
# nhất nội dung chương trình kỳ họp thứ 11"): its day is the meeting's, not the session's.
_PREPARES = re.compile(
    r"\b(?:phien hop|hoi nghi|cuoc hop|hop|meeting|conference|met)\b[^.;]*?"
    r"\b(?:chuan bi|chuong trinh|noi dung|phuc vu|prepar\w*|agenda|programme|program)\b"
    r"[^.;]*?\b(?:ky hop|session)\b"
)
_SESSION_FIRST = re.compile(r"^[^.;]*?\b(?:ky hop|session)\b")


def prepares_session(sentence: str) -> bool:
    """True when a sentence tells of a meeting that prepares a session, the session named only
    as what it prepares (the day it gives is then no day of the session)."""
    words = fold_words(sentence)
    m = _PREPARES.search(words)
    if m is None:
        return False
    first = _SESSION_FIRST.search(words)
    return first is not None and first.end() >= m.end()


_MEETING = re.compile(
    r"\b(?:phien hop|hoi nghi|cuoc hop|chuan bi|meet|met|meeting|conference|prepar\w*)\b"
)


def asks_session_itself(question: str) -> bool:
    """True when a question is about a session, not about a meeting held for it."""
    words = fold_words(question)
    return bool(re.search(r"\b(?:ky hop|session)\b", words)) and not _MEETING.search(words)


def sessions(sentence: str) -> list[Span]:
    """Numbered sessions of a sentence ("kỳ họp thứ 7", "phiên họp lần thứ 27", "kỳ họp thứ Tư",
    an English page's "the 19th Session")."""
    folded = fold(nfc(sentence))
    if len(folded) != len(sentence):
        return []
    out: list[Span] = []
    for m in _SESSION.finditer(folded):
        if m.group(1).isdigit() or m.group(1) in _ORDINAL_WORDS:
            out.append((sentence[m.start() : m.end()], m.start(), m.end()))
    for m in _EN_SESSION.finditer(folded):
        out.append((sentence[m.start() : m.end()], m.start(), m.end()))
    return sorted(out, key=lambda span: span[1])


_TENURE = re.compile(r"^[^.;]{0,40}?\bkhoa ([ivxl]+|\d+)\b")


def session_in_english(value: str, after: str = "") -> str | None:
    """ "kỳ họp thứ 7" → "the 7th session", and "… of the 4th tenure" when the words ``after``
    it name the council's term ("khóa IV"); None when the value names no numbered session."""
    m = _SESSION.search(fold(value))
    n = roman_or_number(m.group(1)) if m else None
    if n is None:
        return None
    tenure = _TENURE.search(fold(after))
    term = roman_or_number(tenure.group(1)) if tenure else None
    return f"the {_ordinal(n)} session" + (f" of the {_ordinal(term)} tenure" if term else "")


_EN_TENURE = re.compile(r"^[^.;]{0,60}?\bof the (\d+)(?:st|nd|rd|th)\b")


def session_in_vietnamese(value: str, after: str = "") -> str | None:
    """ "kỳ họp thứ 7" (or an English page's "7th session") → "kỳ họp thứ 7, khóa IV" when the
    words ``after`` it name the council's term ("HĐND khóa IV", "of the 4th … Council");
    None when the value names no numbered session."""
    folded = fold(value)
    m, en = _SESSION.search(folded), _EN_SESSION.search(folded)
    if m is not None:
        lead = nfc(value)[m.start() : m.end()]
    elif en is not None:
        lead = f"kỳ họp thứ {en.group(1)}"
    else:
        return None
    tenure = _TENURE.search(fold(after)) or _EN_TENURE.search(fold(after))
    term = roman_or_number(tenure.group(1)) if tenure else None
    return f"{lead}, khóa {_roman(term)}" if term else lead


def _roman(n: int) -> str:
    """IV from 4 (the council terms are numbered in Roman figures)."""
    out = ""
    for v, r in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


_EN_ORDINALS = dict(
    zip(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
        " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
        " twentieth".split(),
        range(1, 21),
        strict=True,
    )
)
_VI_UNITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "lam": 5, "nam": 5, "sau": 6,
             "bay": 7, "tam": 8, "chin": 9}  # fmt: skip
# A session's number written in words (folded): "thứ nhất", "thứ mười hai", "the first".
VI_ORDINAL = (  # not the tens of a compound ("hai mươi mốt"), nor "năm 2024" (the year)
    r"(?:muoi(?: (?:mot|hai|ba|bon|tu|lam|nam|sau|bay|tam|chin))?"
    r"|nhat|hai|ba|tu|nam|sau|bay|tam|chin)(?! muoi\b)(?! \d{4}\b)"
)
EN_ORDINAL = "(?<!twenty )(?<!thirty )(?:" + "|".join(_EN_ORDINALS) + ")"


def ordinal_number(words: str) -> int | None:
    """12 from "12", "muoi hai", "twelfth" or "xii" (folded)."""
    if words in _EN_ORDINALS:
        return _EN_ORDINALS[words]
    parts = words.split()
    if len(parts) == 2 and parts[0] == "muoi" and parts[1] in _VI_UNITS:
        return 10 + _VI_UNITS[parts[1]]
    return roman_or_number(words) if len(parts) == 1 else None


def roman_or_number(word: str) -> int | None:
    """7 from "7", "bay" or "vii" (folded)."""
    if word.isdigit():
        return int(word)
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    roman = {"i": 1, "v": 5, "x": 10, "l": 50}
    if not word or any(c not in roman for c in word):
        return None
    vals = [roman[c] for c in word]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
