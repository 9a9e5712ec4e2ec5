"""Figures over time through the index: series, trend questions and the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, SEED

from hbt_qa.answering.answer import ask
from hbt_qa.answering.trend import is_trend_question
from hbt_qa.cli import main
from hbt_qa.figures.trends import series_for
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.language.places import same_place

DEV = ROOT / "bench" / "devset" / "articles"  # synthetic articles


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory):
    """Seed + synthetic dev articles indexed with the fast fake embedder."""
    from fakes import HashEmbedder

    d = tmp_path_factory.mktemp("trends")
    corpus = d / "corpus"
    shutil.copytree(DEV, corpus)
    shutil.copy(SEED, corpus / SEED.name)
    store = Store(d / "i.db")
    report = ingest_paths(store, HashEmbedder(), [corpus])
    assert not report.failed
    return store


def test_disbursement_series_of_hai_ba_trung(dev_store):
    res = series_for(dev_store, "giải ngân vốn đầu tư", district="Hai Bà Trưng")
    assert res.indicator_id == "giai_ngan_von_dau_tu"
    got = [(r.end.isoformat(), round(r.value / 1e9, 3), r.estimate) for r in res.rows]
    assert got == [
        ("2023-05-25", 98.0, False),
        ("2023-12-31", 452.318, True),
        ("2024-05-28", 115.0, False),
        ("2024-06-30", 142.0, False),
        ("2024-09-30", 286.0, False),
        ("2025-03-31", 64.0, False),
    ]
    seed_row = res.rows[2]
    assert [f.source for f in seed_row.sources] == [SEED.name]
    f = seed_row.sources[0]
    text = SEED.read_text(encoding="utf-8")
    assert text[f.sentence_start : f.sentence_end] == f.sentence
    assert "115 tỷ" in text[f.amount_start : f.amount_end]


def test_repost_once_and_conflict_flagged(dev_store):
    res = series_for(dev_store, "tổng thu ngân sách trên địa bàn")
    may_2024 = [r for r in res.rows if r.end.isoformat() == "2024-05-31" and not r.estimate]
    hbt = [r for r in may_2024 if (r.district or "").endswith("Trưng") and not r.ward]
    assert len(hbt) == 1 and len(hbt[0].sources) == 2 and not hbt[0].conflict
    dongda = [r for r in may_2024 if same_place(r.district, "Đống Đa")]
    assert len(dongda) == 2 and all(r.conflict for r in dongda)


@pytest.mark.parametrize(
    ("question", "trend"),
    [
        ("Giải ngân vốn đầu tư công qua các năm thế nào?", True),
        ("How has budget revenue changed over the years?", True),
        ("Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?", False),
    ],
)
def test_trend_detection(question, trend):
    assert is_trend_question(question) is trend


def test_trend_question_answers_with_a_table(dev_store):
    ans = ask(dev_store, None, "Giải ngân vốn đầu tư công của quận Hai Bà Trưng qua các năm?")
    assert ans.found and ans.kind == "series"
    assert "| Kỳ |" in ans.text and "trên 115 tỷ đồng" in ans.text
    assert any(c.source == SEED.name for c in ans.citations)


def test_cli_figures_json(dev_store, capsys):
    code = main(["figures", "disbursement", "--index", str(dev_store.path), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["indicator"] == "giai_ngan_von_dau_tu"
    assert any(r["value"] == 115e9 for r in out["rows"])
    assert all(r["sources"] for r in out["rows"])


def test_cli_figures_bad_date(dev_store, capsys):
    with pytest.raises(SystemExit):
        main(["figures", "giải ngân", "--since", "2024-02-31", "--index", str(dev_store.path)])
    assert "not a date" in capsys.readouterr().err


def test_free_phrase_series(dev_store):
    res = series_for(dev_store, "xử phạt")
    assert res.indicator_id is None


def test_figures_cache_follows_replaced_and_deleted_articles(tmp_path, fake_embedder):
    from hbt_qa.figures.trends import catalogue_figures
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import Store

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus])

    def disbursed() -> list[float]:
        figs = catalogue_figures(store)
        return [f.value for f in figs if f.indicator_id == "giai_ngan_von_dau_tu"]

    first = disbursed()
    assert first and first == disbursed()  # the second call is served from the cache
    text = SEED.read_text(encoding="utf-8").replace("trên 115 tỷ", "trên 117 tỷ")
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    ingest_paths(store, fake_embedder, [corpus])
    assert disbursed() == [v + 2e9 for v in first]
    store.delete_sources(["a.txt"])
    assert catalogue_figures(store) == []


def test_cli_figures_prints_plain_text(dev_store, capsys):
    # issue 15.8: a terminal gets no Markdown escapes ("hbt\-2024\-05", "4\.206 tỷ")
    assert main(["figures", "giải ngân", "--index", str(dev_store.path)]) == 0
    out = capsys.readouterr().out
    assert "\\" not in out and "|" not in out and "&" not in out
    assert "trên 115 tỷ đồng" in out and SEED.name in out
    head, rule = out.split("\n")[2:4]
    assert head.startswith("Kỳ") and set(rule) <= {"-", " "}
