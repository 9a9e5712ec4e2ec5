"""The HTML templates of the web views (``web/templates/*.html``, Jinja2 with autoescape).

Every ``{{ value }}`` is escaped as ``render.esc`` escapes (quotes included, ``None`` shown
as nothing), unless the value is already ``Markup``: fragments our own code built, such as a
passage with its words marked. A name a template uses but is not given is an error
(``StrictUndefined``), never an empty string.

Templates are written as indented markup; the loader joins their lines without the
indentation, so the HTML sent is one line as before (the cards' text is ``pre-wrap``: a
stray newline would show). An element whose words need a space keeps it inside one line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .render import permalink, safe_url, tr

FOLDER = Path(__file__).parent / "templates"


class _JoinedLoader(FileSystemLoader):
    """Templates with each line's indentation and line break removed."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, its lines joined."""
        source, path, uptodate = super().get_source(environment, template)
        return "".join(line.strip() for line in source.splitlines()), path, uptodate


def _escaped(value: Any) -> Any:
    """What ``{{ value }}`` shows: Markup as it is, anything else escaped like ``esc``."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


@cache
def environment() -> Environment:
    """The one Jinja2 environment of the web views (autoescape, strict names)."""
    env = Environment(
        loader=_JoinedLoader(FOLDER),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_escaped,
        auto_reload=False,
    )
    env.globals.update(tr=tr, permalink=permalink, safe_url=safe_url)
    return env


def render(name: str, **context: Any) -> str:
    """Template ``name`` rendered with ``context``: HTML, escaped by default.

    A plain ``str``, not ``Markup``: ``"<p>" + Markup(...)`` would escape the ``"<p>"``.
    Trusted fragments go into a context as ``Markup(fragment)``.
    """
    return str(environment().get_template(name).render(**context))


def macro(name: str) -> Callable[..., str]:
    """A macro of ``macros.html`` (a link, a card) as a function that returns ``str``."""
    made = getattr(environment().get_template("macros.html").module, name)

    def call(*args: Any) -> str:
        """The macro's HTML."""
        return str(made(*args))

    return call
