"""The `hbt-qa` command line contract."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from conftest import SEED

from hbt_qa.cli import COMMANDS, main

HIT_KEYS = {
    "article_id",
    "source",
    "url",
    "title",
    "published",
    "meeting_date",
    "organ",
    "district",
    "ward",
    "chair",
    "passage_id",
    "text",
    "start",
    "end",
    "score",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_example(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "Example: hbt-qa" in out


def test_top_level_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "ingest" in capsys.readouterr().out


def test_missing_index_message(tmp_path, capsys):
    code = main(["search", "giải ngân", "--index", str(tmp_path / "none.db")])
    assert code == 2
    assert "run `hbt-qa ingest" in capsys.readouterr().err


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory, real_embedder):
    """An index built through the CLI itself."""
    d = tmp_path_factory.mktemp("cli")
    corpus = d / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    return d, corpus


@pytest.mark.slow
def test_cli_ingest_search_ask_json(cli_index, capsys, monkeypatch):
    d, corpus = cli_index
    index = str(d / "hbt_qa.db")
    code = main(["ingest", str(corpus), "--index", index])
    captured = capsys.readouterr()
    assert code == 1, "a failed file makes the exit code non-zero"
    assert "bad.txt: the file is binary" in captured.err
    assert "added 1" in captured.out and "failed 1" in captured.out

    code = main(["ingest", str(corpus), "--index", index, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["unchanged"] == [SEED.name] and report["passages_embedded"] == 0

    assert main(["search", "giải ngân vốn đầu tư", "--json", "--k", "3", "--index", index]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "giải ngân vốn đầu tư"
    assert len(out["hits"]) == 3 and set(out["hits"][0]) == HIT_KEYS
    seed_text = SEED.read_text(encoding="utf-8")
    for h in out["hits"]:
        assert seed_text[h["start"] : h["end"]] == h["text"]

    q = "Tính đến tháng 5 quận đã giải ngân được bao nhiêu vốn đầu tư?"
    assert main(["ask", q, "--json", "--index", index]) == 0
    ans = json.loads(capsys.readouterr().out)
    assert {"question", "answer", "found", "citations"} <= set(ans)
    assert ans["found"] is True and "115 tỷ" in ans["answer"]
    assert ans["citations"][0]["source"] == SEED.name
    assert set(ans["citations"][0]) == HIT_KEYS

    monkeypatch.setattr("sys.stdin", io.StringIO('giải ngân\n\nthu ngân sách\n"\n'))
    assert main(["search", "--index", index, "--k", "2"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["query"] for x in lines] == ["giải ngân", "thu ngân sách", '"']
    assert len(lines[0]["hits"]) == 2 and "error" in lines[2]

    monkeypatch.setattr("sys.stdin", io.StringIO(q + "\nquan da giai ngan duoc bao nhieu\n"))
    assert main(["ask", "--index", index]) == 0
    answers = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(answers) == 2 and all("115" in a["answer"] for a in answers)

    assert main(["check", "--index", index]) == 0
    assert capsys.readouterr().out.startswith("OK")


def test_cli_other_model_refused(cli_index, capsys, monkeypatch, tmp_path):
    d, _ = cli_index
    index = d / "hbt_qa.db"
    if not index.exists():
        pytest.skip("needs the index from the ingest test")
    monkeypatch.setenv("HBT_QA_MODEL", str(tmp_path / "some-other-model"))
    assert main(["search", "giải ngân", "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert "was built with model" in err and "rebuild" in err


def test_check_refuses_an_older_schema(tmp_path, fake_embedder, capsys):
    from hbt_qa.index.pipeline import ingest_paths
    from hbt_qa.index.store import SCHEMA_VERSION, Store

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    store = Store(tmp_path / "i.db")
    ingest_paths(store, fake_embedder, [corpus])
    assert main(["check", "--index", str(store.path)]) == 0
    capsys.readouterr()
    store.set_meta({"schema_version": str(SCHEMA_VERSION + 1)})  # from a newer hbt_qa
    assert main(["check", "--index", str(store.path)]) == 2
    assert "hbt-qa ingest corpus/" in capsys.readouterr().err
