"""The in-process vector matrix: exact results, kept in step with other connections."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from hbt_qa.index.embed import to_blob
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import FtsRow, Store
from hbt_qa.index.vecmatrix import VectorMatrix, matrix_for, top_k
from hbt_qa.models import Article, Passage

DIM = 64


def _vec(seed: int) -> np.ndarray:
    """A random unit vector."""
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def _add(store: Store, name: str, seeds: list[int]) -> None:
    """One article whose passages carry the vectors of ``seeds``."""
    art = Article(
        article_id=name,
        source=f"{name}.txt",
        path=f"{name}.txt",
        text="x " * len(seeds),
        body_start=0,
        title=name,
        published="2024-05-01",
        content_hash=f"{name}-{seeds}",
    )
    passages = [
        Passage(
            passage_id=f"{name}#{i}",
            article_id=name,
            ordinal=i,
            start=2 * i,
            end=2 * i + 1,
            text="x",
            sentences=(),
        )
        for i in range(len(seeds))
    ]
    fts = [FtsRow("x", "x", "x", name, name) for _ in seeds]
    store.replace_article(art, passages, fts, [to_blob(_vec(s)) for s in seeds])


@pytest.fixture
def store(tmp_path: Path, fake_embedder) -> Store:
    """An index with a 64-d fake model: 13 articles, 45 passages."""
    from dataclasses import replace

    s = Store(tmp_path / "i.db")
    s.ensure_schema(replace(fake_embedder.info, dim=DIM))
    _add(s, "a", [1, 2, 3])
    _add(s, "b", [4, 5])
    for i in range(10):
        _add(s, f"f{i}", [200 + i])
    _add(s, "c", list(range(10, 40)))  # last: replacing it reuses its rowids
    return s


def _exact(store: Store, q: np.ndarray, k: int) -> list[int]:
    """sqlite-vec's own top k."""
    return [r for r, _ in store.vec_search(to_blob(q), k)]


def test_results_equal_sqlite_vec(store: Store):
    m = VectorMatrix(store.path)
    for seed in range(100, 110):
        q = _vec(seed)
        got = m.search(q, 10)
        want = store.vec_search(to_blob(q), 10)
        assert [r for r, _ in got] == [r for r, _ in want]
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-5)


def test_unnormalised_query_gives_cosines(store: Store):
    m = VectorMatrix(store.path)
    q = _vec(7)
    a, b = m.search(3.0 * q, 5), m.search(q, 5)
    assert [r for r, _ in a] == [r for r, _ in b]
    assert [x for _, x in a] == pytest.approx([x for _, x in b], abs=1e-6)


def test_k_larger_than_index(store: Store):
    m = VectorMatrix(store.path)
    assert len(m.search(_vec(1), 500)) == 45 == len(m)


def test_empty_index(tmp_path: Path, fake_embedder):
    s = Store(tmp_path / "e.db")
    s.ensure_schema(fake_embedder.info)
    m = VectorMatrix(s.path)
    assert m.search(np.ones(fake_embedder.info.dim, np.float32), 10) == []
    assert len(m) == 0


def test_insert_and_delete_by_another_connection(store: Store):
    m = VectorMatrix(store.path)
    m.search(_vec(1), 5)
    other = Store(store.path)  # another process would look the same: another connection
    _add(other, "d", [1000, 1001])
    q = _vec(1000)
    assert m.search(q, 1)[0][0] == _exact(store, q, 1)[0]
    assert len(m) == 47
    other.delete_sources(["a.txt", "d.txt"])
    got = [r for r, _ in m.search(q, 50)]
    assert len(got) == len(m) == 42
    assert got == _exact(store, q, 50)
    assert m.reloads == 1  # incremental, not reloaded


def test_replaced_article_with_reused_rowids(store: Store):
    """The last article replaced gets the same rowids back: its new vectors must be seen."""
    m = VectorMatrix(store.path)
    m.search(_vec(1), 5)
    other = Store(store.path)
    _add(other, "c", list(range(500, 530)))
    for seed in (500, 515, 529, 3):
        q = _vec(seed)
        assert [r for r, _ in m.search(q, 10)] == _exact(store, q, 10)


def test_write_on_the_same_thread_is_seen(store: Store):
    """The app's own ingest (same thread, its own connection) must not go unnoticed."""
    m = matrix_for(store)
    m.search(_vec(1), 5)
    _add(store, "e", [2000])
    assert m.search(_vec(2000), 1)[0][0] == _exact(store, _vec(2000), 1)[0]


def test_many_changes_reload(store: Store):
    m = VectorMatrix(store.path)
    m.search(_vec(1), 5)
    other = Store(store.path)
    for i in range(5):
        _add(other, f"n{i}", [3000 + i])
    q = _vec(3003)
    assert m.search(q, 1)[0][0] == _exact(store, q, 1)[0]
    assert m.reloads == 2


def test_threads_agree(store: Store):
    m = VectorMatrix(store.path)
    q = _vec(12)
    want = _exact(store, q, 10)
    out: list[list[int]] = []

    def run() -> None:
        out.append([r for r, _ in m.search(q, 10)])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [want] * 4


def test_search_uses_the_matrix_and_ingest_keeps_check_clean(
    tmp_path: Path, corpus_dir: Path, fake_embedder
):
    from hbt_qa.answering.search import run_search

    s = Store(tmp_path / "x.db")
    ingest_paths(s, fake_embedder, [corpus_dir])
    res = run_search(s, fake_embedder, "ngân sách", k=5, mode="vector")
    q = fake_embedder.embed_query(res.plan.text)
    want = s.vec_search(to_blob(q), len(res.vector))  # the fake model has ties: compare scores
    assert [x for _, x in res.vector] == pytest.approx([x for _, x in want], abs=1e-5)
    assert s.check() == []


def test_top_k_orders_and_breaks_ties_by_position():
    scores = np.array([0.5, 0.9, 0.5, 0.1, 0.9], dtype=np.float32)
    assert top_k(scores, 3).tolist() in ([1, 4, 0], [1, 4, 2])  # which 0.5 makes the cut: either
    assert top_k(scores, 10).tolist() == [1, 4, 0, 2, 3]
    assert top_k(scores, 0).tolist() == []


def test_split_scan_equals_one_scan(store: Store, monkeypatch):
    from hbt_qa.index import vecmatrix as vecmatrix

    m = VectorMatrix(store.path)
    q = _vec(21)
    whole = m.search(q, 20)
    monkeypatch.setattr(vecmatrix, "SPLIT_MIN_ROWS", 2)
    assert m.search(q, 20) == whole


def test_vectors_of_no_passage_are_left_out(store: Store):
    with store.conn as c:  # what a half-finished foreign write could leave (check reports it)
        sql = "insert into passages_vec (rowid, embedding) values (9999, ?)"
        c.execute(sql, (to_blob(_vec(5)),))
    m = VectorMatrix(store.path)
    assert 9999 not in [r for r, _ in m.search(_vec(5), 100)]
    assert len(m) == 45


def test_warm_loads_in_the_background(store: Store):
    m = VectorMatrix(store.path)
    m.warm()
    assert m.search(_vec(3), 1)[0][0] == _exact(store, _vec(3), 1)[0]
    assert m.reloads == 1


# -- the binary shortlist above exact_below ---------------------------------------------------
def _anisotropic(n: int, seed: int) -> np.ndarray:
    """Unit vectors around one common direction, in 200 topics (like e5's: mean cosine ≈ 0.8)."""
    rng = np.random.default_rng(seed)
    mu = rng.standard_normal(DIM).astype(np.float32)
    topics = 0.3 * rng.standard_normal((200, DIM)).astype(np.float32) / np.sqrt(DIM)
    noise = 0.45 * rng.standard_normal((n, DIM)).astype(np.float32) / np.sqrt(DIM)
    v = mu / np.linalg.norm(mu) + topics[rng.integers(0, 200, n)] + noise
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _shortlisting(store: Store, monkeypatch) -> tuple[VectorMatrix, list[int]]:
    """A matrix that shortlists from 1 row, 8 rows (of 45) or k; and the sizes it shortlisted."""
    from hbt_qa.index import vecmatrix as vecmatrix

    monkeypatch.setattr(vecmatrix, "SHORTLIST_MIN", 8)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_PER_RESULT", 1)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_SHARE", 0.0)
    sizes: list[int] = []
    real = VectorMatrix._shortlist

    def spy(self: VectorMatrix, q: np.ndarray, r: int) -> np.ndarray:
        sizes.append(r)
        return real(self, q, r)

    monkeypatch.setattr(VectorMatrix, "_shortlist", spy)
    m = VectorMatrix(store.path)
    m.exact_below = 1
    return m, sizes


def test_shortlist_finds_the_exact_top_k(store: Store, monkeypatch):
    """A query that equals a stored vector: its passage first, scores are exact cosines."""
    m, sizes = _shortlisting(store, monkeypatch)
    for seed in (1, 4, 15, 39, 204):
        got = m.search(_vec(seed), 3)
        want = store.vec_search(to_blob(_vec(seed)), 3)
        assert got[0][0] == want[0][0]
        assert got[0][1] == pytest.approx(1.0, abs=1e-5)
        exact = dict(store.vec_search(to_blob(_vec(seed)), 45))
        assert [s for _, s in got] == pytest.approx([exact[r] for r, _ in got], abs=1e-5)
    assert sizes == [8] * 5


def test_shortlist_equals_exact_when_it_covers_the_neighbours(store: Store, monkeypatch):
    """Shortlisted rows are rescored exactly: their order and scores match sqlite-vec's."""
    from hbt_qa.index import vecmatrix as vecmatrix

    m, sizes = _shortlisting(store, monkeypatch)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_MIN", 30)
    for seed in (12, 100, 101):
        q = _vec(seed)
        got, want = m.search(q, 3), store.vec_search(to_blob(q), 3)
        assert [r for r, _ in got] == [r for r, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-5)
    assert sizes == [30] * 3


def test_shortlist_never_returns_free_slots(store: Store, monkeypatch):
    m, sizes = _shortlisting(store, monkeypatch)
    m.search(_vec(1), 5)
    other = Store(store.path)
    other.delete_sources(["a.txt", "b.txt"])  # frees 5 slots (their codes stay), incrementally
    live = {r for r, _ in store.vec_search(to_blob(_vec(1)), 100)}
    for seed in (1, 2, 3, 4, 5):  # the deleted vectors themselves: Hamming distance 0
        got = m.search(_vec(seed), 5)
        assert len(got) == 5 and all(r in live for r, _ in got)
    assert sizes == [8] * 6
    got = [r for r, _ in m.search(_vec(1), 100)]  # k past the shortlist: the exact scan
    assert len(got) == len(m) == 40 and set(got) == live
    assert m.reloads == 1


def test_incremental_add_keeps_codes_in_step(store: Store, monkeypatch):
    """Vectors added after the load get codes (the load's thresholds): they are found."""
    from hbt_qa.index import vecmatrix as vecmatrix

    m, sizes = _shortlisting(store, monkeypatch)
    m.search(_vec(1), 5)
    other = Store(store.path)
    _add(other, "d", [1000, 1001])
    _add(other, "c", list(range(500, 530)))  # replaced: same rowids, new vectors and codes
    for seed in (1000, 1001, 500, 529):
        assert m.search(_vec(seed), 1)[0][0] == _exact(store, _vec(seed), 1)[0]
    assert m.reloads == 1  # 2 of 14 articles changed: applied, not reloaded
    assert len(sizes) == 5
    live = m._ids >= 0
    want = vecmatrix.encode_rows(m._mat[live], m._inv_norm[live], m._thresholds)
    assert np.array_equal(m._codes[:, live], want)


def test_shortlist_recall_on_anisotropic_vectors():
    """recall@10 ≥ 0.99 against the exact scan on 20k seeded e5-like vectors."""
    from hbt_qa.index import vecmatrix as vm

    both = _anisotropic(20_040, 1)
    base, queries = both[:20_000], both[20_000:]
    ones = np.ones(len(base), np.float32)
    thr = vm.code_thresholds(base, ones)
    codes = vm.encode_rows(base, ones, thr)
    hits = []
    for q in queries:
        dist = np.empty(len(base), np.uint16)
        vm.hamming(codes, vm.encode(q[None, :], thr)[:, 0], dist)
        rows = vm.shortlist(dist, vm.shortlist_size(len(base), 50))
        got = rows[top_k(base[rows] @ q, 10)]
        hits.append(len(set(got.tolist()) & set(top_k(base @ q, 10).tolist())) / 10)
    assert np.mean(hits) >= 0.99


def test_shortlist_keeps_ties_at_the_cut():
    from hbt_qa.index.vecmatrix import shortlist

    dist = np.array([5, 1, 3, 3, 3, 9], dtype=np.uint16)
    assert shortlist(dist, 2).tolist() == [1, 2, 3, 4]
    assert shortlist(dist, 6).tolist() == list(range(6))


def test_encode_is_a_thermometer_code():
    from hbt_qa.index.vecmatrix import code_words, encode

    thr = np.array([[-0.5] * 3, [0.0] * 3, [0.5] * 3], dtype=np.float32)
    rows = np.array([[-1.0, 0.2, 0.9]], dtype=np.float32)  # 3 dims: padded to one word a plane
    codes = encode(rows, thr)
    assert codes.shape == (code_words(3), 1) == (3, 1)
    assert codes[:, 0].tolist() == [0b110, 0b110, 0b100]


VI_TEXT = "Hội đồng nhân dân phường Hoà Bình họp bàn dự toán thu chi ngân sách năm nay"
EN_TEXT = "The People's Council of Hoa Binh ward met to discuss this year's budget estimate"


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _lang_add(store: Store, name: str, text: str, vecs: list[np.ndarray]) -> None:
    """One article in ``text``'s language whose passages carry ``vecs``."""
    art = Article(
        article_id=name,
        source=f"{name}.txt",
        path=f"{name}.txt",
        text=text,
        body_start=0,
        title=name,
        published="2024-05-01",
        content_hash=f"{name}-{len(vecs)}-{float(vecs[0][2]):.6f}",
    )
    passages = [Passage(f"{name}#{i}", name, i, 0, len(text), text, ()) for i in range(len(vecs))]
    fts = [FtsRow("x", "x", "x", name, name) for _ in vecs]
    store.replace_article(art, passages, fts, [to_blob(v) for v in vecs])


def _two_languages(tmp_path: Path, fake_embedder, en_articles: int) -> tuple[Store, dict]:
    """Vietnamese and English articles whose vectors share a language offset each (as e5's do)."""
    from dataclasses import replace

    s = Store(tmp_path / "i.db")
    s.ensure_schema(replace(fake_embedder.info, dim=DIM))
    lang = {"vi": 3 * np.eye(DIM, dtype=np.float32)[0], "en": 3 * np.eye(DIM, dtype=np.float32)[1]}
    topics = {}
    for i in range(4):
        t = [_vec(300 + 10 * i + j) for j in range(3)]
        _lang_add(s, f"vi{i}", VI_TEXT, [_unit(lang["vi"] + x) for x in t])
    for i in range(en_articles):
        t = [_vec(600 + 10 * i + j) for j in range(3)]
        topics[f"en{i}"] = t
        _lang_add(s, f"en{i}", EN_TEXT, [_unit(lang["en"] + x) for x in t])
    return s, {"lang": lang, "topics": topics}


def test_a_question_finds_the_other_languages_passage_once_languages_are_centred(
    tmp_path: Path, fake_embedder
):
    """A Vietnamese-flavoured query about an English passage's topic ranks that passage first;
    the score given back stays its plain cosine."""
    s, data = _two_languages(tmp_path, fake_embedder, en_articles=3)
    target = data["topics"]["en1"][2]
    q = _unit(data["lang"]["vi"] + target)
    plain = [r for r, _ in s.vec_search(to_blob(q), 5)]
    m = VectorMatrix(s.path)
    got = m.search(q, 5)
    rowid = s.conn.execute("select id from passages where passage_id = 'en1#2'").fetchone()[0]
    assert rowid not in plain[:3]  # the raw cosine prefers the question's own language
    assert got[0][0] == rowid
    assert got[0][1] == pytest.approx(dict(s.vec_search(to_blob(q), 30))[rowid], abs=1e-5)


def test_languages_are_not_centred_below_the_minimum(tmp_path: Path, fake_embedder):
    """Two English articles are too few for a language mean: plain cosines, as sqlite-vec."""
    s, data = _two_languages(tmp_path, fake_embedder, en_articles=2)
    q = _unit(data["lang"]["vi"] + data["topics"]["en1"][2])
    got = VectorMatrix(s.path).search(q, 5)
    assert [r for r, _ in got] == [r for r, _ in s.vec_search(to_blob(q), 5)]


def test_centred_shortlist_cuts_each_language_and_follows_new_articles(
    tmp_path: Path, fake_embedder, monkeypatch
):
    """With the shortlist on, each language is cut on its own; a third English article added
    later turns centring on without a full reload."""
    from hbt_qa.index import vecmatrix as vecmatrix

    s, data = _two_languages(tmp_path, fake_embedder, en_articles=2)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_MIN", 4)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_PER_RESULT", 1)
    monkeypatch.setattr(vecmatrix, "SHORTLIST_SHARE", 0.0)
    m = VectorMatrix(s.path)
    m.exact_below = 1
    q = _unit(data["lang"]["vi"] + data["topics"]["en1"][2])
    rowid = s.conn.execute("select id from passages where passage_id = 'en1#2'").fetchone()[0]
    assert m.search(q, 3)[0][0] != rowid  # two English articles: not centred
    other = Store(s.path)
    t = [_vec(900 + j) for j in range(3)]
    _lang_add(other, "en9", EN_TEXT, [_unit(data["lang"]["en"] + x) for x in t])
    got = m.search(q, 3)  # 4 rows of each language shortlisted out of 12 and 9
    assert got[0][0] == rowid
    assert m.reloads == 1


def test_a_few_new_articles_keep_the_language_means(tmp_path: Path, fake_embedder):
    """An English article added to eight keeps the means (no full pass); its passages get their
    centred lengths and are found across languages."""
    s, data = _two_languages(tmp_path, fake_embedder, en_articles=8)
    m = VectorMatrix(s.path)
    m.search(_vec(1), 1)
    means = m._means.copy()
    t = [_vec(950 + j) for j in range(3)]
    _lang_add(Store(s.path), "en9", EN_TEXT, [_unit(data["lang"]["en"] + x) for x in t])
    q = _unit(data["lang"]["vi"] + t[1])
    rowid = s.conn.execute("select id from passages where passage_id = 'en9#1'").fetchone()[0]
    assert m.search(q, 3)[0][0] == rowid
    assert np.array_equal(m._means, means) and m.reloads == 1
