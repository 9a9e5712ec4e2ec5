"""The web views' HTML templates (web/templates.py): escaping by default, exactly once, strict
names, shipped as package data (issue 19 point 9)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
import tomllib

import jinja2
import pytest
from conftest import ROOT
from markupsafe import Markup

from hbt_qa.figures.extract import Figure
from hbt_qa.figures.series import SeriesRow
from hbt_qa.models import Answer, Hit, Sentence
from hbt_qa.service import FileResult, RecordSearch
from hbt_qa.web import templates
from hbt_qa.web.render_article import article_html
from hbt_qa.web.render_chat import citations_html
from hbt_qa.web.render_figures import figures_table_html
from hbt_qa.web.render_records import audit_html, records_html, upload_results_html
from hbt_qa.web.render_search import search_results_html

HOSTILE = """<script>alert("x")</script> Thu & chi 'ngân sách'"""
ONCE = html.escape(HOSTILE, quote=True)


def _hit() -> Hit:
    text = f"Kinh phí 5 tỷ đồng. {HOSTILE} hết."
    return Hit(
        article_id="a'1", source=HOSTILE, url="https://example.gov.vn/a", title=HOSTILE,
        published="2024-05-31", passage_id='a"1#p0', text=text, start=0, end=len(text),
        score=1.0, organ=HOSTILE, district=HOSTILE, place_level="district", chair=HOSTILE,
        sentences=(Sentence(0, 19),),
    )  # fmt: skip


def _figure_row() -> SeriesRow:
    sentence = f"Thu ngân sách đạt 12 tỷ đồng {HOSTILE}."
    at = sentence.index("12 tỷ")
    f = Figure(
        "tong_thu_ngan_sach", "thu ngân sách", 12e9, "dong", None, None, False, (), sentence,
        100, 100 + len(sentence), "12 tỷ đồng", 100 + at, 100 + at + 10, 100, 113, "a'1",
        HOSTILE, dt.date(2024, 6, 20), HOSTILE, None, "district",
    )  # fmt: skip
    return SeriesRow(
        "tong_thu_ngan_sach", "district", HOSTILE, None, dt.date(2024, 1, 1),
        dt.date(2024, 5, 31), "months", False, 12e9, "dong", None, (), (f,), True,
        place=HOSTILE,
    )  # fmt: skip


def _views() -> dict[str, str]:
    """Every view rendered through a template, with hostile text in every field."""
    h = _hit()
    rs = RecordSearch(query=HOSTILE, hits=[h], terms=("kinh phi",), organ=HOSTILE)
    ans = Answer(
        question=HOSTILE, text=HOSTILE, found=True, citations=[h], value="5 tỷ đồng",
        sentence="Kinh phí 5 tỷ đồng.", sentence_start=0, sentence_end=19, highlight=(9, 18),
    )  # fmt: skip
    article = {
        "article_id": "a'1", "title": HOSTILE, "text": h.text, "source": HOSTILE,
        "url": "https://example.gov.vn/a", "published": "2024-05-31", "organ": HOSTILE,
        "copies": [type("Copy", (), {"kind": "copy", "url": None, "source": HOSTILE,
                                     "similarity": 0.9})()],
    }  # fmt: skip
    upload = FileResult(name=HOSTILE, status="failed", message=HOSTILE)
    return {
        "search_results": search_results_html(rs, 1, 10, "vi"),
        "nearest": search_results_html(RecordSearch(HOSTILE, [h], (), exact=False), 1, 10, "en"),
        "no_results": search_results_html(RecordSearch(HOSTILE, [], ()), 1, 10, "vi"),
        "citations": citations_html(ans, "en"),
        "article": article_html(article, (20, 30), HOSTILE, "vi"),
        "article_whole": article_html(article, None, None, "en"),
        "records": records_html([dict(article, copies=2, n_passages=3)], "vi"),
        "uploads": upload_results_html([upload], "en"),
        "audit": audit_html([dict.fromkeys(("at", "address", "user", "action"), HOSTILE)]),
        "figures": figures_table_html([_figure_row()], {}, "vi", HOSTILE, HOSTILE, [HOSTILE]),
        "figures_none": figures_table_html([], {}, "en", HOSTILE, HOSTILE, [HOSTILE]),
    }


@pytest.mark.parametrize("name", sorted(_views()))
def test_hostile_text_is_escaped_exactly_once(name):
    out = _views()[name]
    assert ONCE in out, out
    assert "<script" not in out and 'alert("x")' not in out
    assert "&amp;lt;" not in out and "&amp;amp;" not in out and "&amp;#" not in out
    assert "&amp;quot;" not in out


def test_ids_in_attributes_are_escaped_once():
    out = _views()["citations"]
    assert 'data-article="a&#x27;1"' in out and 'data-passage="a&quot;1#p0"' in out
    assert 'href="?article=a%271&amp;passage=a%221%23p0"' in out


def test_markup_fragments_pass_as_they_are_and_none_shows_nothing():
    env = templates.environment()
    page = env.from_string("{{ a }}|{{ b }}|{{ c }}")
    assert page.render(a=Markup("<mark>x</mark>"), b=None, c="<i>") == "<mark>x</mark>||&lt;i&gt;"


# A context for every template: a template added without one fails here.
CONTEXTS: dict[str, dict] = {
    "macros.html": {},
    "search_results.html": {
        "summary_class": "summary",
        "summary": "s",
        "notes": ["n"],
        "lang": "vi",
        "cards": [{"n": 1, "hit": _hit(), "dates": "d", "meta": ["m"], "text": "t"}],
    },
    "citations.html": {
        "lang": "en",
        "cards": [{"n": 1, "hit": _hit(), "dates": "d", "meta": [], "text": "t"}],
    },
    "article.html": {
        "article": {"article_id": "a", "title": "t", "text": "abc", "source": "s", "url": None},
        "span": (0, 1),
        "passage_id": "p",
        "dates": "d",
        "about": ["o"],
        "lang": "vi",
        "copies": [{"link": None, "url": None, "source": "s", "how": "h"}],
    },
    "records.html": {
        "total": 1,
        "lang": "vi",
        "rows": [
            {
                "date": "d",
                "title": "t",
                "source": "s",
                "meta": [],
                "copies": 1,
                "article_id": "a",
                "passages": 1,
            }
        ],
    },
    "uploads.html": {
        "lang": "en",
        "rows": [
            {
                "status": "added",
                "name": "n",
                "said": "s",
                "detail": "d",
                "article_id": "a",
                "link": True,
            }
        ],
    },
    "audit.html": {"rows": [{"at": "t"}], "cols": ("at",), "heads": ("col_time",), "lang": "vi"},
    "figures_table.html": {
        "rows": [],
        "sources": 0,
        "cols": (),
        "label": "l",
        "query": "q",
        "related": ["r"],
        "lang": "vi",
    },
}


def test_every_template_has_a_context_here():
    names = {p.name for p in templates.FOLDER.glob("*.html")}
    assert names == set(CONTEXTS)


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_every_template_renders_under_strict_undefined(name):
    assert templates.environment().undefined is jinja2.StrictUndefined
    out = templates.render(name, **CONTEXTS[name])
    assert "\n" not in out  # one line: the cards' text is pre-wrap
    if CONTEXTS[name]:
        with pytest.raises(jinja2.UndefinedError):
            templates.render(name)


def test_templates_are_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["hbt_qa"]
    package = ROOT / "src" / "hbt_qa"
    for path in templates.FOLDER.glob("*.html"):
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(rel, pattern) for pattern in declared), rel
