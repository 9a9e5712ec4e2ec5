"""Amounts written back out: Vietnamese and English forms of a parsed amount and its qualifier."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation, localcontext

from .numbers import _BILLION, _MILLION, _THOUSAND, QUALIFIERS, Amount


def qualifier_en(qualifier: str | None) -> str | None:
    """English rendering of a canonical qualifier ("trên" -> "over"); None if unknown."""
    if qualifier is None:
        return None
    entry = QUALIFIERS.get(qualifier)
    return entry[0] if entry else None


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def _plain(value: Decimal, places: int = 6) -> str:
    """Digits with "," thousands and "." decimals, trailing zeros trimmed."""
    try:
        value = value.quantize(Decimal(1).scaleb(-places)).normalize()
    except InvalidOperation:  # more digits than the context holds: print as is
        pass
    return format(value, ",f")


def _vi_digits(value: Decimal, places: int = 6) -> str:
    return _plain(value, places).translate(str.maketrans(",.", ".,"))


# Every finite float fits in this many digits, so formatting arithmetic never overflows.
_FORMAT_PRECISION = 400


def _decimal(value: float) -> Decimal:
    # repr() gives the shortest round-tripping digits: 0.643 stays 0.643, not 0.64299999...
    return Decimal(repr(value)) if math.isfinite(value) else Decimal(0)


def format_number(value: float, lang: str = "vi", places: int = 2) -> str:
    """A plain number with thousands marks, at most ``places`` decimals: "1.234,5" in
    Vietnamese, "1,234.5" in English (a chart's axis)."""
    with localcontext(prec=_FORMAT_PRECISION):
        number = _decimal(value)
        return _vi_digits(number, places) if lang == "vi" else _plain(number, places)


def format_amount_vi(a: Amount) -> str:
    """Vietnamese rendering: "trên 115 tỷ đồng", "4.206 tỷ 168 triệu đồng", "64,3%"."""
    value = _decimal(a.value)
    with localcontext(prec=_FORMAT_PRECISION):
        if a.unit == "percent":
            body = _vi_digits(value * 100) + "%"
        elif a.unit == "count":
            body = _vi_count(value)
        else:
            body = _vi_dong(value)
    return f"{a.qualifier} {body}" if a.qualifier else body


def _vi_count(value: Decimal) -> str:
    # Echo the scale word the count was written with: "2,1 triệu", "780 nghìn".
    for factor, word in ((_BILLION, "tỷ"), (_MILLION, "triệu"), (_THOUSAND, "nghìn")):
        scaled = value / factor
        if abs(value) >= factor and scaled == scaled.quantize(Decimal("0.001")):
            return f"{_vi_digits(scaled, 3)} {word}"
    return _vi_digits(value)


def _en_count(value: Decimal) -> str:
    for factor, word in ((_BILLION, "billion"), (_MILLION, "million"), (_THOUSAND, "thousand")):
        scaled = value / factor
        if abs(value) >= factor and scaled == scaled.quantize(Decimal("0.001")):
            return f"{_plain(scaled, 3)} {word}"
    return _plain(value)


def _vi_dong(value: Decimal) -> str:
    ty, rest = divmod(value, _BILLION)
    if ty >= 1 and rest % _MILLION == 0:
        # The accounting style of the corpus: "5.095 tỷ 057 triệu đồng".
        millions = int(rest / _MILLION)
        tail = f" {millions:03d} triệu" if millions else ""
        return f"{_vi_digits(ty)} tỷ{tail} đồng"
    if value >= _MILLION and value % _MILLION == 0:
        return f"{_vi_digits(value / _MILLION)} triệu đồng"
    return f"{_vi_digits(value)} đồng"


def format_amount_en(a: Amount) -> str:
    """English rendering in billions: "over 115 billion VND", "4,206.168 billion VND", "51%"."""
    value = _decimal(a.value)
    with localcontext(prec=_FORMAT_PRECISION):
        if a.unit == "percent":
            body = _plain(value * 100) + "%"
        elif a.unit == "count":
            body = _en_count(value)
        # Billions for everything from a tỷ up, so figures line up with the Vietnamese source.
        elif abs(value) >= _BILLION:
            body = f"{_plain(value / _BILLION)} billion VND"
        elif abs(value) >= _MILLION:
            body = f"{_plain(value / _MILLION)} million VND"
        else:
            body = f"{_plain(value)} VND"
    qualifier = qualifier_en(a.qualifier)
    return f"{qualifier} {body}" if qualifier else body
