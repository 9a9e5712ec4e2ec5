"""Follow-up questions: "Còn 6 tháng đầu năm thì sao?", "Còn giải ngân?", "and in June?".

A follow-up keeps the earlier question's frame: its place, its period, and what it asks for (an
amount, a date, a person), unless it names new ones. Only its own words replace the earlier
ones, so "Còn giải ngân thì sao?" after a question on Hai Bà Trưng's revenue in the first five
months of 2024 asks for Hai Bà Trưng's disbursement in that period, with the same answer format.
"""

from __future__ import annotations

import datetime as dt
import re

from ..language.question_time import parse_question_time
from ..language.text import detect_lang
from ..language.values import question_type

_FOLLOW = re.compile(
    r"^(còn|con|vậy còn|vay con|thế còn|the con|and|what about|how about)\b|"
    r"(thì sao|thi sao|thế nào|the nao)\??$",
    re.IGNORECASE,
)
# The words with which a question asks for itself (a bare topic asks what the earlier one did).
_ASKING = re.compile(
    r"\b(bao nhiêu|bao nhieu|mấy|may|ai|khi nào|khi nao|ngày nào|ngay nao|how|what|who|when)\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"^\s*(?:vậy còn|vay con|thế còn|the con|còn|con|and|what about|how about)\b\s*|"
    r"\s*(?:thì sao|thi sao|thế nào|the nao)?\s*\?*\s*$",
    re.IGNORECASE,
)
_PERIOD_WORDS = frozenset({"cả", "ca", "toàn", "toan", "whole", "the whole", "full", "all"})
# What the earlier question asked for, when the follow-up does not say it again.
_ASKS = {
    "vi": {"number": "là bao nhiêu?", "date": "vào ngày nào?", "person": "là ai?"},
    "en": {"number": "how much", "date": "when", "person": "who"},
}


def is_followup(question: str) -> bool:
    """True for a short question that leans on the one before ("Còn … thì sao?")."""
    return bool(_FOLLOW.search(question.strip()))


def resolve_followup(question: str, previous: str | None) -> str:
    """The follow-up as a whole question, framed by the previous (already resolved) one."""
    if not previous or not is_followup(question):
        return question
    core = _CUE.sub("", question.strip()).strip(" ?,.")
    old_time = parse_question_time(previous)
    year = getattr(old_time, "year", None)
    ref = dt.date(year, 12, 31) if isinstance(year, int) else None
    new_time = parse_question_time(core, ref=ref) if core else None
    topic = core
    if new_time is not None:
        topic = (core[: new_time.start_char] + core[new_time.end_char :]).strip(" ?,.")
        topic = re.sub(r"^(in|trong|vào|vao)\s*$", "", topic, flags=re.I).strip()
    lang = "en" if detect_lang(previous) == "en" else "vi"
    when = _period_text(new_time, lang) if new_time is not None else None
    if new_time is not None and topic.lower() in _PERIOD_WORDS:  # "cả năm 2020", "the whole"
        when, topic = core, ""
    if not topic:  # only a new period: the earlier question with that period
        if when is None:
            return previous
        if old_time is not None:
            a, b = old_time.start_char, old_time.end_char
            return previous[:a] + when + previous[b:]
        return f"{previous.rstrip(' ?')} {when}?"
    swapped = _swap_places(previous, topic)
    if swapped is not None:  # only a new place: the earlier question about that place
        if when is not None and old_time is not None:
            return (
                _swap_places(
                    previous[: old_time.start_char] + when + previous[old_time.end_char :], topic
                )
                or swapped
            )
        return swapped
    # A new topic: its words, the earlier places and period, what the earlier one asked for.
    places = _places_of(previous, exclude=topic)
    period = when or (old_time.text if old_time is not None else "")
    terse = question_type(core) == "fact" or not _ASKING.search(core)  # "Còn giải ngân?"
    asks = _ASKS[lang].get(question_type(previous), "") if terse else ""
    if lang == "en":
        return " ".join(x for x in (asks.capitalize(), topic, places, period) if x).strip() + "?"
    return " ".join(x for x in (topic, places, period, asks) if x).strip()


def _period_text(t: object, lang: str) -> str:
    """A period as written, with the year it took from the earlier question when it had none."""
    text = str(getattr(t, "text", "") or "")
    year = getattr(t, "year", None)
    if not year or not getattr(t, "year_inferred", False) or str(year) in text:
        return text
    if lang == "en":
        return f"{text} {year}"
    return (
        f"{text} {year}" if text.rstrip().lower().endswith(("năm", "nam")) else f"{text} năm {year}"
    )


def _swap_places(previous: str, topic: str) -> str | None:
    """The earlier question about the place(s) a follow-up names instead, when it names only
    places ("Còn quận Đống Đa thì sao?"); None otherwise."""
    from ..language.gazetteer import find_places

    try:
        new, old = find_places(topic), find_places(previous)
    except Exception:
        return None
    covered = sum(m.end - m.start for m in new)
    if not new or not old or covered < 0.6 * len(topic.replace(" ", "")):
        return None
    first, last = old[0], old[-1]
    return previous[: first.start] + topic + previous[last.end :]


def _places_of(question: str, exclude: str) -> str:
    """The places an earlier question names, as written, unless the follow-up names others."""
    from ..language.gazetteer import find_places

    try:
        if find_places(exclude):
            return ""
        return " ".join(question[m.start : m.end] for m in find_places(question))
    except Exception:  # the place list helps; it never costs a question its answer
        return ""
