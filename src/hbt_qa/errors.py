"""Errors whose messages say what to do next."""

from __future__ import annotations


class HbtQaError(Exception):
    """Base of every error hbt_qa raises on purpose; its message is shown to the user."""


class ConfigError(HbtQaError):
    """A setting has a value we cannot use."""


class IndexMissingError(HbtQaError):
    """The index file does not exist yet."""


class ModelMismatchError(HbtQaError):
    """The index was built with another embedding model or schema."""


class ArticleError(HbtQaError):
    """One input file cannot become an article; the message names file and reason."""


class QueryError(HbtQaError):
    """A question or search query cannot be used as typed."""


def one_line(exc: BaseException) -> str:
    """An unexpected exception in one line: its type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    first = lines[0].strip() if lines else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
