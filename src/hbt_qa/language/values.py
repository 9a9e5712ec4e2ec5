"""What a question asks for and where that value sits in a sentence. Pure functions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from .glossary import EN_VI, english_terms, vietnamese_terms_in_english
from .persons import persons
from .text import fold, nfc

QType = Literal["number", "date", "person", "list", "fact"]
Span = tuple[str, int, int]  # value as written, start, end (offsets in the sentence)

_NUM_Q = re.compile(
    r"\b(bao nhieu|how much|how many|tong (so )?thu|muc(?! dich| tieu)|ty le|phan tram|percent|"
    r"percentage|amount|so lieu|what share|what percentage|what proportion|how fast|how quickly)\b"
)
# "when" asks for a date only at the start ("When did …"), not in "… focus on when handling …".
_DATE_Q = re.compile(r"\b(khi nao|ngay nao|bao gio|thoi gian nao|what date|which date)\b|^when\b")
# "What was X's total budget revenue for 2023?", "what did X estimate its revenue would be":
# an English "what" asking for an amount; not "what was decided about the budget".
_WHAT_AMOUNT = re.compile(
    r"\bwhat (is|was|were|are|will|would|did)\b.*\b(revenue|budget|capital|disburse\w*|spending|"
    r"investment|estimate|rate|total|amount|income|growth|grdp|gdp|output|per capita)\b"
    # or "what GRDP growth did …", the amount named right after "what"
    r"|\bwhat ((?:\w+ ){0,2})(revenue|rate|amount|income|growth|output)\b(?! (?:\w+ )?(?:issue|"
    r"problem|matter|task|item|project|question)s?\b)"
)
# A terse question that starts with an indicator asks its figure ("tang truong grdp ha noi 2022").
_INDICATOR_FIRST = re.compile(
    r"^(?:tang truong|grdp|tong thu|thu ngan sach|chi ngan sach|tong chi|giai ngan|"
    r"thu nhap binh quan|gia tri san xuat|ty le)\b"
)
_WHAT_ELSE = re.compile(r"\b(decid\w*|discuss\w*|approv\w*|agree\w*|propos\w*|said|say|ask\w*)\b")
_PERSON_Q = re.compile(r"(\bai\b|\bwho\b|\bwhom\b|nguoi nao|\bwhich official\b)")
_LIST_Q = re.compile(
    r"(nhung nhiem vu|nhiem vu (gi|nao|trong tam)\b|nhung (viec|giai phap|noi dung|yeu cau)|"
    r"what tasks|which tasks|what are the tasks|what were the tasks|\blist\b|yeu cau gi\b|"
    r"giai phap gi\b|gom nhung gi\b|nhung gi\b|what (did|does|were) .* (ask|require|direct|demand)|"
    r"what measures|which measures|priorities)"
)
_COUNT_NOUN = re.compile(r"\b(?:bao nhieu|how many)\s+(\w+(?:\s\w+)?)")
_MAY_NOUN = re.compile(r"\bmay\s+(\w+(?:\s\w+)?)")
_EN_COUNT_NOUN = re.compile(r"\bhow many((?:\s\w+){1,4})")
# Where the counted noun group ends: a verb, a preposition, another noun group after "and".
_EN_GROUP_END = frozenset(
    "did do does were was are is have has had will would could on of for in at about to from "
    "with by and or the a an its their these this that".split()
)
_EN_COUNT = {
    "resolutions": "nghi quyet",
    "fires": "vu chay",
    "establishments": "co so",
    "facilities": "co so",
    "businesses": "co so",
    "children": "tre",
    "visitors": "luot khach",
    "tourists": "luot khach",
    "cases": "truong hop",
    "trees": "cay",
    "teams": "to",
    "wards": "phuong",
    "schools": "truong",
    "households": "ho",
    "violations": "vi pham",
    "departments": "phong",
    "people": "nguoi",
    "delegates": "dai bieu",
    "records": "ho so",
    "dossiers": "ho so",
    "projects": "du an",
    "students": "hoc sinh",
    "pupils": "hoc sinh",
    "premises": "co so",
    "alleys": "ngo",
    "grade": "hoc sinh",
}
# The English words (plural and singular) that count each Vietnamese noun, for English pages.
_EN_WORDS = {
    vi: frozenset(w for en, v in _EN_COUNT.items() if v == vi for w in (en, en.removesuffix("s")))
    for vi in set(_EN_COUNT.values())
}
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_INT = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w/]|[.,]\d)")


def question_type(question: str) -> QType:
    """What kind of value a question asks for."""
    q = " ".join(re.findall(r"\w+", fold(question)))
    if _LIST_Q.search(q):
        return "list"
    if _PERSON_Q.search(q):
        return "person"
    if _DATE_Q.search(q):
        return "date"
    if _NUM_Q.search(q) or _asks_amount(q) or _asks_count(question, q):
        return "number"
    if _INDICATOR_FIRST.match(q) and not re.search(r"\b(gi|nao|nhu the nao|sao)\b", q):
        return "number"
    from .roles import names_an_office

    return "person" if names_an_office(q) else "fact"


# "mấy nghị quyết", "trong mấy ngày": how many; not "thứ mấy" (which one), "số mấy", "khóa mấy"
# (a number as a name), "ngày/tháng mấy" (a date) or "mấy giờ" (what time). Read with its marks:
# folded, "mấy" is "máy" ("nhà máy") and "may" ("dệt may") too.
_NOT_COUNTING = ("thứ", "số", "khóa", "khoá", "ngày", "tháng", "năm", "quý", "lần")
_HOW_MANY = re.compile(
    "".join(rf"(?<!\b{w} )" for w in _NOT_COUNTING) + r"\bmấy\b(?! giờ\b)(?=\s+\w)"
)
_HOW_MANY_FOLDED = re.compile(
    "".join(rf"(?<!\b{fold(w)} )" for w in _NOT_COUNTING[:3] + _NOT_COUNTING[4:]) + r"\bmay (\w+)"
)
# Typed without marks, "may" asks how many only before a noun that is counted.
_MAY_COUNTS = frozenset("nhom ngay to bao ky tuyen dot buoi phien".split())


def _asks_count(question: str, q: str) -> bool:
    """A Vietnamese "mấy …" asks how many (an English "may" is a verb)."""
    from .text import detect_lang, has_diacritics

    if detect_lang(question) == "en":
        return False
    if has_diacritics(question):
        return bool(_HOW_MANY.search(nfc(question).lower()))
    m = _HOW_MANY_FOLDED.search(q)
    return m is not None and (m.group(1) in _COUNT_HEADS or m.group(1) in _MAY_COUNTS)


def _asks_amount(q: str) -> bool:
    """An English "what was … revenue" asks for an amount, unless a verb of deciding or saying
    comes first ("what was decided about the budget"; "the revenue in the settlement approved
    in December" still asks for the revenue)."""
    amount = _WHAT_AMOUNT.search(q)
    if amount is None:
        return False
    other = _WHAT_ELSE.search(q)
    word = amount.start(2) if amount.group(2) else amount.start(4)
    return other is None or other.start() > word


def count_noun(question: str) -> str | None:
    """The folded noun counted by 'bao nhiêu X' / 'how many X', if any."""
    q = " ".join(re.findall(r"\w+", fold(question)))
    en = _EN_COUNT_NOUN.search(q)
    if en:
        return _english_count_noun(en.group(1).split())
    m = _COUNT_NOUN.search(q) or (_MAY_NOUN.search(q) if _asks_count(question, q) else None)
    if not m:
        return None
    noun = m.group(1)
    first = noun.split()[0]
    if first in _EN_COUNT:
        return _EN_COUNT[first]
    return noun


def _english_count_noun(words: list[str]) -> str | None:
    """The record term for the noun group after "how many": "fallen trees", "sidewalk
    encroachment violations" by a known noun; else by the glossary, from its head (the last
    plural word) back ("public investment submissions" → "tờ trình", "revenue sources" →
    "nguồn thu"); "how many of …" and an unknown noun constrain nothing."""
    end = next((i for i, w in enumerate(words) if w in _EN_GROUP_END), len(words))
    words = words[:end]  # the group ends at a verb, a preposition or "and"
    known = [_EN_COUNT[w] for w in words if w in _EN_COUNT]
    if known:
        return known[0]
    for i in reversed(range(len(words))):
        if words[i].endswith("s"):  # a counted noun is plural ("voters attended": not the verb)
            pair = EN_VI.get(" ".join(words[i - 1 : i + 1]), ()) if i else ()  # "revenue sources"
            terms = [fold(t) for t in (*pair, *english_terms(words[i])) if " " in t]
            if terms:
                return terms[0]
    return None


@lru_cache(maxsize=256)
def _english_words(noun: str) -> frozenset[str]:
    """The last English words the glossary writes for a record term ("kiến nghị" →
    "petitions", "recommendations"): what an English page counts it with."""
    return frozenset(e.split()[-1] for e in vietnamese_terms_in_english(noun))


def amounts(sentence: str) -> list:
    """Money amounts and percentages of a sentence."""
    from .numbers import find_amounts

    return [a for a in find_amounts(sentence) if a.unit in ("dong", "percent")]


_SCALES = ("nghin", "ngan", "trieu", "ty", "ti")
_DAY_WORD = re.compile(r"\b(ngay|sang|chieu|toi|trua|hom)\s+$")
_FRACTION = re.compile(r"(?<![\w.,/])\d{1,4}(?:/| of )\d{1,4}(?![\w/]|[.,]\d)")  # "12 of 17"


_NAMING = re.compile(
    r"\b(?:khoa|thu|dieu|khoan|phuong|quan|(?:nghi quyet|quyet dinh|ke hoach|to trinh) so)\s*$"
)


# An English page writes small counts in words: "five groups of tasks", "The rest five fail".
EN_NUMBER_WORDS = {
    w: i + 1
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_EN_NUMBER = re.compile(
    r"\b(?:" + "|".join(EN_NUMBER_WORDS) + r")\b(?! of (?:the|them|which|these)\b)", re.IGNORECASE
)


def counts(sentence: str, noun: str | None) -> list[Span]:
    """Numbers that count something ('27 cơ sở', '780 nghìn lượt'), not years, dates or money."""
    from .numbers import find_amounts

    found = find_amounts(sentence)
    taken = [(a.start, a.end) for a in found if a.unit != "count"]
    taken += [(m.start(), m.end()) for m in _DATE.finditer(sentence)]
    spans: list[Span] = [(a.text, a.start, a.end) for a in found if a.unit == "count"]
    for m in _INT.finditer(sentence):
        a, b = m.span(1)
        raw = m.group(1)
        if any(x <= a < y for x, y in taken + [(s[1], s[2]) for s in spans]):
            continue
        if len(raw) == 4 and raw[:2] in ("19", "20"):
            continue  # a year
        if _NAMING.search(fold(sentence[max(0, a - 20) : a])):
            continue  # "khóa 2", "kỳ họp thứ 16", "Nghị quyết số 15": a name, not a count
        spans.append((raw, a, b))
    spans += [(m.group(0), m.start(), m.end()) for m in _EN_NUMBER.finditer(sentence)]
    if not noun:
        return sorted(spans, key=lambda s: s[1])
    folded = fold(nfc(sentence)) if len(nfc(sentence)) == len(sentence) else None
    if folded is None:
        return []
    head = noun.split()[0]
    # An English page counts in English words: "approved 41 resolutions" for "nghị quyết".
    english = _EN_WORDS.get(noun) or _english_words(noun)
    followed, preceded = [], []
    for span in spans:
        after = [w for w in re.findall(r"\w+", folded[span[2] : span[2] + 40]) if w not in _SCALES]
        before = folded[max(0, span[1] - 40) : span[1]]
        if head in after[:3] or english & set(after[:3]):
            followed.append(span)
        elif noun in before or any(re.search(rf"\b{w}\b", before) for w in english):
            preceded.append(span)
    # "28/30 đại biểu có mặt": a part of a whole, when the counted noun follows it.
    for m in _FRACTION.finditer(sentence):
        word = re.match(r"\s+(\w+)", folded[m.end() : m.end() + 40])
        if _DAY_WORD.search(folded[max(0, m.start() - 8) : m.start()]):
            continue  # "ngày 28/5 đại biểu …": a day
        words = re.findall(r"\w+", folded[m.end() : m.end() + 40])[:2]
        if word is not None and (word.group(1) == head or english & set(words)):
            spans_in = [s for s in followed if m.start() <= s[1] < m.end()]
            followed = [s for s in followed if s not in spans_in] + [(m.group(), *m.span())]
    # "6 nghị quyết" names what it counts; "nghị quyết về danh mục 9 dự án" only mentions it.
    return sorted(followed or preceded, key=lambda s: s[1])


# A bare day before or after a written one ("25 - 26.12.2019"), not a year's tail or a full date.
_DAY_RANGE_START = re.compile(r"(?<![\d/.])(\d{1,2})\s*(?:[-–—]|và|va|đến|den|to|and)\s*$", re.I)
_DAY_RANGE_END = re.compile(
    r"^\s*(?:[-–—]|và|va|đến|den|to|and)\s*(\d{1,2})\b(?![/.]\d)(?:,\s*\d{4})?", re.I
)


def dates(sentence: str) -> list[Span]:
    """Days written in a sentence, with or without their year (``periods.find_days``).

    A range of days counts as one value: "25 - 26.12.2019", "29 và 30/6/2021", "from July 10
    to 11, 2025".
    """
    from .periods import find_days

    out: list[Span] = []
    for a, b in find_days(sentence):
        before = _DAY_RANGE_START.search(sentence[max(0, a - 12) : a])
        if before is not None:
            a = a - len(sentence[max(0, a - 12) : a]) + before.start()
        after = _DAY_RANGE_END.match(sentence[b : b + 16])
        if after is not None and int(after.group(1)) <= 31:
            b += after.end()
        if sentence[b - 1] == ")" and "(" not in sentence[a:b]:
            b -= 1  # "2 ngày (12 và 13/7)": the day, not the bracket
        out.append((sentence[a:b], a, b))
    return out


_MONEY_Q = re.compile(
    r"\b(giai ngan|ngan sach|von|kinh phi|tien|du toan|dong|ty(?! le)|trieu|thu|chi|dau tu|"
    r"disburse\w*|revenue|budget|capital|spend\w*|cost|fund\w*|money|vnd|investment)\b"
)


# A question that names the currency ("in VND", "bao nhiêu tỷ đồng") wants an amount of money,
# not a share.
_CURRENCY_Q = re.compile(
    r"\b(vnd|bao nhieu (tien|ty|trieu)|how much money|(ty|trieu|nghin) dong)\b"
)


def names_currency(question: str) -> bool:
    """True when a question asks its amount in money by name."""
    return bool(_CURRENCY_Q.search(" ".join(re.findall(r"\w+", fold(question)))))


def wants_money(question: str) -> bool:
    """True when 'how much' asks for money (then a bare count is not an answer)."""
    q = " ".join(re.findall(r"\w+", fold(question)))
    return bool(_MONEY_Q.search(q)) and count_noun(question) in (None, "tien", "von", "dong")


NOT_COUNTED = ("ty", "trieu", "dong", "phan", "von", "tien")


# First words of nouns that are counted ("bao nhiêu vụ cháy", "how many resolutions"): only these
# make a money amount no answer, since "bao nhiêu" is as often followed by a verb ("… bao nhiêu
# tính đến …") or by the topic ("đạt bao nhiêu theo phiên họp …").
_COUNT_HEADS = frozenset(v.split()[0] for v in _EN_COUNT.values()) | frozenset(
    "vu co nguoi ho luot truong du nghi hoc dai cong diem can lop xe chiec ca tap".split()
)


def counted(noun: str | None) -> bool:
    """True when 'bao nhiêu X' / 'how many X' counts things ('vụ cháy'), not money or a share."""
    return bool(noun) and noun.split()[0] in _COUNT_HEADS  # type: ignore[union-attr]


_BASES = (("cung ky", r"cung ky|same period"), ("du toan", r"du toan|(budget )?estimat\w*"))


def percent_basis(question: str) -> str | None:
    """What a share is measured against ('so với cùng kỳ' → 'cung ky'), when the question says."""
    q = " ".join(re.findall(r"\w+", fold(question)))
    # "tăng bao nhiêu so với cùng kỳ" asks the figure against that basis, unless it asks an
    # amount or a count ("tăng bao nhiêu tỷ đồng so với cùng kỳ"; "tổng số dự toán" is no basis).
    compared = not re.search(r"\b(ty|ti|trieu|dong|nghin|billion|million|vnd)\b", q) and any(
        re.search(rf"(?<!\btong )\b(so|so voi|compared (with|to)|against|than) (the )?({pat})\b", q)
        for _, pat in _BASES
    )
    if not compared and not asks_share(question):
        return None
    found = [(m.start(), name) for name, pat in _BASES for m in re.finditer(rf"\b({pat})\b", q)]
    return min(found)[1] if len(found) == 1 or len({n for _, n in found}) == 1 else None


def percents_against(sentence: str, basis: str) -> list[Span]:
    """Percentages with their basis, within a few words: after ('53% so với cùng kỳ') or before
    it, no other figure between ('so dự toán giao đạt 42%', 'compared with the estimate, 42%')."""
    out = []
    said = dict(_BASES).get(basis, basis)  # an English page: "92.3% of the estimate"
    before_basis = re.compile(
        rf"\b(?:so|so voi|against|compared (?:with|to)) (?:the )?(?:{said})(?: (?![\d])\w+){{0,3}}$"
    )
    for a in amounts(sentence):
        if a.unit != "percent":
            continue
        following = re.findall(r"\w+", fold(sentence[a.end : a.end + 40]))[:6]
        cut = next((i for i, w in enumerate(following) if w[0].isdigit()), len(following))
        after = " ".join(following[:cut])  # up to the next figure, which has its own basis
        before = " ".join(re.findall(r"\w+", fold(sentence[max(0, a.start - 60) : a.start])))
        own_basis = any(re.search(rf"\b({pat})\b", after) for _, pat in _BASES)
        if re.search(rf"\b({said})\b", after) or (not own_basis and before_basis.search(before)):
            out.append((a.text, a.start, a.end))
    return out


_SHARE = re.compile(r"%|\b(t[iy] le|phan tram|percent\w*|(what|the) share|share of|proportion)\b")


def asks_share(question: str) -> bool:
    """True when a figure question asks a percentage ("tỷ lệ", "what share of voters")."""
    return bool(_SHARE.search(fold(question)))


def has_value(
    qtype: QType,
    sentence: str,
    noun: str | None = None,
    money: bool = False,
    basis: str | None = None,
    currency: bool = False,
    share: bool = False,
) -> bool:
    """Whether a sentence holds the kind of value the question wants (money in đồng when the
    question names its ``currency``; a percentage when it asks a ``share``)."""
    if qtype == "number":
        if basis is not None:
            return bool(percents_against(sentence, basis))
        if share and not money:
            return any(a.unit == "percent" for a in amounts(sentence))
        if counted(noun):
            return bool(counts(sentence, noun))
        if money:
            found = amounts(sentence)
            return any(a.unit == "dong" for a in found) if currency else bool(found)
        return bool(amounts(sentence)) or bool(counts(sentence, noun))
    if qtype == "date":
        return bool(dates(sentence))
    if qtype == "person":
        return bool(persons(sentence))
    return True
