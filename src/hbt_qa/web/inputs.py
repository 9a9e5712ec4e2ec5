"""What a client sends, checked before it reaches the service: the length of a question, a
search or a filter, and yes/no flags (the API's clients send JSON, the page sends widgets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import QueryError
from .guard import MAX_FILTER_CHARS, MAX_QUESTION_CHARS

__all__ = ["MAX_FILTER_CHARS", "check_length", "day", "filter_text", "flag"]


def check_length(text: Any, what: str) -> None:
    """The API's cap on a question or search: a QueryError in both languages."""
    n = len(str(text or ""))
    if n > MAX_QUESTION_CHARS:
        raise QueryError(
            f"{what}: {n} ký tự, tối đa {MAX_QUESTION_CHARS} / {n} characters, "
            f"at most {MAX_QUESTION_CHARS}: hãy rút gọn / please shorten it"
        )


def filter_text(value: Any, what: str) -> str:
    """An organ or place filter sent to the API: text of bounded length, else a QueryError."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise QueryError(f"{what}: phải là chuỗi / must be text")
    if len(value) > MAX_FILTER_CHARS:
        raise QueryError(
            f"{what}: {len(value)} ký tự, tối đa {MAX_FILTER_CHARS} / {len(value)} characters, "
            f"at most {MAX_FILTER_CHARS}"
        )
    return value.strip()


def flag(value: Any, what: str) -> bool:
    """A yes/no sent to the API: a boolean, or "true"/"false"/"1"/"0" from a JSON client."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "1", "false", "0", ""):
        return text in ("true", "1")
    raise QueryError(f"{what}: phải là true hoặc false / must be true or false, not {value!r}")


def day(value: Any) -> str | None:
    """A date from a DateTime or Textbox component as text (the service parses it)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    return str(value).strip()[:10]
