"""Bad input from issue 7 that other tests do not already cover; each fails alone and clearly.

Already covered elsewhere (not repeated here): empty, binary, wrong-encoding files and the
impossible front-matter date (tests/test_ingest.py, tests/test_store.py); DOCX zip bombs,
PDFs without text and huge HTML (tests/test_formats.py); FTS syntax, punctuation-only and
long queries through search (tests/test_store.py); upload names with ``../`` (tests/test_webapp.py
``test_safe_upload_name``, ``test_upload_cannot_escape_the_corpus_folder``); arbitrary query
text (tests/test_properties.py).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import SEED

from hbt_qa.answering.answer import ask
from hbt_qa.config import Settings
from hbt_qa.errors import ArticleError, ModelMismatchError, QueryError
from hbt_qa.index.pipeline import ingest_paths
from hbt_qa.index.store import Store
from hbt_qa.ingest.articles import MAX_FILE_BYTES, MAX_TEXT_FILE_BYTES, read_article_file
from hbt_qa.service import Service


@pytest.fixture
def store(tmp_path: Path, corpus_dir: Path, fake_embedder) -> Store:
    """An index of the seed article built with the fake embedder."""
    s = Store(tmp_path / "i.db")
    assert not ingest_paths(s, fake_embedder, [corpus_dir]).failed
    return s


# -- files ---------------------------------------------------------------------------------------
def test_50_mb_single_line_file_is_refused_without_reading_it(
    tmp_path: Path, corpus_dir: Path, fake_embedder
) -> None:
    big = corpus_dir / "big.txt"
    with big.open("wb") as f:  # 50 MB, one line, no break anywhere
        chunk = "giải ngân vốn đầu tư ".encode() * 40_000
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    assert big.stat().st_size > MAX_FILE_BYTES
    t = time.monotonic()
    with pytest.raises(
        ArticleError, match=r"the file is 5\d MB; the limit for \.txt files is 4 MB"
    ):
        read_article_file(big, big.name)
    assert time.monotonic() - t < 1, "refused from its size, before reading it"
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [corpus_dir])
    assert report.added == [SEED.name]
    assert [p for p, _ in report.failed] == [str(big)]
    assert store.check() == []
    big.unlink()  # pytest keeps recent temp folders: do not leave 50 MB behind


def test_huge_text_inside_a_small_file_is_refused_quickly(
    tmp_path: Path, corpus_dir: Path, fake_embedder
) -> None:
    """1.2 million characters on one line (under the byte limit): refused before segmenting."""
    big = corpus_dir / "long.md"
    big.write_text("# Báo cáo\n\n" + "giải ngân vốn đầu tư " * 60_000, encoding="utf-8")
    assert big.stat().st_size < MAX_TEXT_FILE_BYTES
    t = time.monotonic()
    with pytest.raises(ArticleError, match=r"the text is 1\.3 million characters; the limit is 1"):
        read_article_file(big, big.name)
    assert time.monotonic() - t < 2, "refused from its length, before segmenting it"
    report = ingest_paths(Store(tmp_path / "i.db"), fake_embedder, [corpus_dir])
    assert report.added == [SEED.name] and [p for p, _ in report.failed] == [str(big)]


def test_duplicate_files_are_kept_once(tmp_path: Path, corpus_dir: Path, fake_embedder) -> None:
    """Same content under two names: one article, the copy recorded as another source."""
    shutil.copy(SEED, corpus_dir / "copy of seed.txt")
    store = Store(tmp_path / "i.db")
    report = ingest_paths(store, fake_embedder, [corpus_dir])
    assert report.added == ["copy of seed.txt"] and report.duplicates == [SEED.name]
    assert not report.failed
    note = dict(report.notes)[SEED.name]
    assert note.startswith("exact duplicate of copy of seed.txt") and "not indexed" in note
    (art,) = store.articles()
    assert art["copies"] == 1
    kinds = [(s.source, s.kind) for s in store.sources_of(art["article_id"])]
    assert kinds == [("copy of seed.txt", "primary"), (SEED.name, "copy")]
    again = ingest_paths(store, fake_embedder, [corpus_dir])
    assert sorted(again.unchanged) == sorted([SEED.name, "copy of seed.txt"])
    assert again.passages_embedded == 0
    assert store.check() == []


def test_upload_through_a_symlink_cannot_write_outside_the_corpus(
    tmp_path: Path, corpus_dir: Path, fake_embedder
) -> None:
    """A corpus entry that links outside is never written through."""
    outside = tmp_path / "outside.txt"
    outside.write_text("do not touch\n", encoding="utf-8")
    (corpus_dir / "link.txt").symlink_to(outside)
    svc = Service(Settings(index_path=tmp_path / "idx" / "i.db", corpus_dir=corpus_dir))
    svc.set_embedder(fake_embedder)
    upload = tmp_path / "up.txt"
    upload.write_text("Tiêu đề\nNgày 1/6/2024, quận họp.\n", encoding="utf-8")
    for name in ("link.txt", "../outside.txt", "..\\outside.txt", "/tmp/../outside.txt"):
        res = svc.add_files([(name, upload)])[0]
        assert outside.read_text(encoding="utf-8") == "do not touch\n", name
        if name == "link.txt":
            assert res.status == "failed" and "file name" in res.message


@pytest.mark.parametrize("name", ["..", "../..", "/", "..\\", "\x00", " . "])
def test_upload_names_with_nothing_left_are_refused(
    tmp_path: Path, corpus_dir: Path, fake_embedder, name: str
) -> None:
    svc = Service(Settings(index_path=tmp_path / "idx" / "i.db", corpus_dir=corpus_dir))
    svc.set_embedder(fake_embedder)
    upload = tmp_path / "up.txt"
    upload.write_text("Tiêu đề\nThân bài.\n", encoding="utf-8")
    before = sorted(p.name for p in corpus_dir.iterdir())
    res = svc.add_files([(name, upload)])[0]
    assert res.status == "failed" and "unusable file name" in res.message
    assert sorted(p.name for p in corpus_dir.iterdir()) == before


# -- questions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "giải ngân vốn đầu tư bao nhiêu " * 340,  # ~10,000 characters
        "x" * 10_000,
        "giải\x00ngân\x07 vốn\x1b[31m đầu\u202etư\ufeff?",
        "How much vốn đầu tư 投资 инвестиции 🙂 was disbursed tính đến tháng 5?",
        '"giải ngân" AND NEAR(vốn, 2) OR ^quận col:* "',
        "quan da giai ngan duoc bao nhieu von dau tu",
    ],
)
def test_odd_questions_get_an_answer_not_a_traceback(store: Store, fake_embedder, question):
    ans = ask(store, fake_embedder, question, k=3)
    assert isinstance(ans.text, str) and ans.text
    assert len(ans.citations) <= 3


@pytest.mark.parametrize("question", ["?!...", "   \t\n", "\x00\x01\x02", "«»—…", "🙂🙂"])
def test_questions_without_words_say_so(store: Store, fake_embedder, question: str) -> None:
    with pytest.raises(QueryError, match="empty or only punctuation"):
        ask(store, fake_embedder, question, k=3)


# -- schema versions -----------------------------------------------------------------------------
def test_older_schema_version_is_refused_with_the_rebuild_command(
    store: Store, tmp_path: Path, corpus_dir: Path, fake_embedder
) -> None:
    store.set_meta({"schema_version": "1"})  # versions before 2 are not migrated
    store.close()
    old = Store.open_existing(tmp_path / "i.db")
    rebuild = f"hbt-qa ingest corpus/ --index {old.path}"
    with pytest.raises(ModelMismatchError, match="schema version 1") as exc:
        old.check_compatible()
    assert rebuild in str(exc.value) and f"rm {old.path}" in str(exc.value)
    with pytest.raises(ModelMismatchError, match="rebuild"):
        ingest_paths(old, fake_embedder, [corpus_dir])
    svc = Service(Settings(index_path=old.path, corpus_dir=corpus_dir))
    with pytest.raises(ModelMismatchError, match="hbt-qa ingest"):
        svc.store()


def test_index_without_schema_version_is_refused(store: Store) -> None:
    with store.conn as c:
        c.execute("delete from meta where key = 'schema_version'")
    with pytest.raises(ModelMismatchError, match=r"schema version 0.*hbt-qa ingest"):
        store.check_compatible()
