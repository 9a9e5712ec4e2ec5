"""The BM25 leg's cost cap: costly matches rank only passages holding a rare part."""

from __future__ import annotations

from pathlib import Path

from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store


def test_costly_match_ranks_only_passages_with_a_rare_part():
    from hbt_qa.index.query import plan_query

    docs = {("words", "ngân_sách"): 19000, ("syll", "thu"): 30000, ("t_syll", "thu"): 900}
    plan = plan_query("thu ngân sách quận Long Biên", docs=docs, budget=5000)
    full = plan_query("thu ngân sách quận Long Biên")
    rare, _, rest = (plan.match or "").partition(") AND (")
    assert rest[:-1] == full.match  # every term still scores
    assert '"ngân_sách"' not in rare and '"thu"' not in rare and '"long_biên"' in rare
    cheap = plan_query("thu ngân sách", docs={}, budget=5000)
    assert cheap.match == plan_query("thu ngân sách").match


def test_a_query_of_only_costly_parts_keeps_its_cheapest():
    from hbt_qa.index.query import plan_query

    docs = {("folded", "chu"): 40000, ("folded", "tri"): 20000, ("folded", "phien"): 30000}
    plan = plan_query("chu tri phien", docs=docs, budget=5000)
    assert (plan.match or "").startswith('({folded t_folded} : ("tri")) AND (')


def test_term_docs_counts_passages_per_column(tmp_path: Path, corpus_dir: Path, fake_embedder):
    s = Store(tmp_path / "t.db")
    ingest_paths(s, fake_embedder, [corpus_dir])
    total, docs = s.term_docs(min_doc=1)
    assert total == s.counts()["passages"] > 0
    assert 0 < docs[("folded", "quan")] <= total
    assert s.term_docs(min_doc=1)[1] is docs  # cached
    from hbt_qa.index.query import plan_query

    for q in ("thu ngân sách quận", "thu ngan sach quan", "budget revenue of the district"):
        plan = plan_query(q, docs=docs, budget=1)
        assert ") AND (" in (plan.match or "")
        assert s.fts_search(plan.match, plan.weights, 5)  # valid FTS5, and it finds passages


def test_small_indexes_are_never_capped():
    from hbt_qa.index.query import FTS_CAP_MIN_PASSAGES, cost_docs

    docs = {("folded", "quan"): 10}
    assert cost_docs(FTS_CAP_MIN_PASSAGES - 1, docs) is None
    assert cost_docs(FTS_CAP_MIN_PASSAGES, docs) is docs
