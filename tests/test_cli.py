"""The `hbt-qa` command line contract."""

from __future__ import annotations

import io
import json
import os
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
    "province",
    "district",
    "ward",
    "year",
    "place_level",
    "organ_kind",
    "organ_level",
    "meta_sources",
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
    assert code == 1
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
    assert main(["search", "giải ngân", "--index", str(index)]) == 1
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
    assert main(["check", "--index", str(store.path)]) == 1
    assert "hbt-qa ingest corpus/" in capsys.readouterr().err


# -- a conventional command line (issue 19 point 5) and its messages (point 4) -------------


def test_version(capsys):
    from hbt_qa import __version__

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"hbt-qa {__version__}"


def test_python_dash_m_runs_the_command():
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "hbt_qa", "--version"], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0 and run.stdout.startswith("hbt-qa ")
    run = subprocess.run(
        [sys.executable, "-m", "hbt_qa", "search", "--help"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0 and "usage: hbt-qa search" in run.stdout


def test_top_level_help_lists_options(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--version" in out and "--verbose" in out and "--quiet" in out


@pytest.mark.parametrize("command", ["search", "ask"])
def test_top_k_spellings(command, capsys):
    from hbt_qa.cli_args import parser

    for flag in ("-k", "--top-k", "--k"):
        assert parser().parse_args([command, "x", flag, "3"]).k == 3
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "-k K, --top-k K" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        parser().parse_args([command, "x", "-k", "0"])
    assert exc.value.code == 2


@pytest.mark.parametrize(
    "argv", [["nosuch"], ["search", "--k", "x"], ["search", "--since", "31/5/2024"], []]
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: hbt-qa" in capsys.readouterr().err


def test_verbosity_before_or_after_the_command():
    from hbt_qa.cli_args import parser

    assert parser().parse_args(["-v", "check"]).verbose == 1
    assert parser().parse_args(["check", "-v"]).verbose == 1
    assert parser().parse_args(["check", "-qq"]).quiet == 2
    assert parser().parse_args(["check"]).verbose == 0


def test_unexpected_error_is_one_line_and_v_shows_the_traceback(monkeypatch, tmp_path, capsys):
    def broken(args):
        raise RuntimeError("kaputt\nsecond line of the message")

    monkeypatch.setitem(COMMANDS, "check", broken)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "hbt-qa: unexpected error: RuntimeError: kaputt (run with -v for the traceback)"
    ]
    assert main(["-v", "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "DEBUG hbt_qa.cli" in err


def test_logging_is_restored_after_a_command(tmp_path):
    import logging

    logger = logging.getLogger("hbt_qa")
    before = (list(logger.handlers), logger.level, logger.propagate)
    main(["check", "--index", str(tmp_path / "none.db")])
    assert (list(logger.handlers), logger.level, logger.propagate) == before


@pytest.fixture
def fake_model(monkeypatch, fake_embedder):
    """`hbt-qa ingest` with the fast fake embedder instead of the real model."""
    monkeypatch.setattr(
        "hbt_qa.service.load_embedder", lambda settings, progress=None: fake_embedder
    )
    return fake_embedder


def test_ingest_an_html_page(tmp_path, fake_model, capsys):
    """The HTML reader works in the installed environment (lxml ≥ 6.1 needs lxml_html_clean)."""
    from fixtures_docs import ARTICLE_TITLE, HTML_PAGE

    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    index = tmp_path / "x.db"
    assert main(["ingest", str(page), "--index", str(index)]) == 0
    out, err = capsys.readouterr()
    assert "added 1" in out and "failed 0" in out, err
    from hbt_qa.index.store import Store

    titles = [r[0] for r in Store(index).conn.execute("select title from articles")]
    assert titles == [ARTICLE_TITLE]


def test_unexpected_reader_error_is_one_line_naming_the_file(
    tmp_path, fake_model, capsys, monkeypatch
):
    import hbt_qa.index.pipeline as pipeline

    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "broken.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    real = pipeline.read_text

    def read_text(path):
        if path.name == "broken.html":
            raise ImportError("lxml.html.clean module is now a separate project\nInstall it")
        return real(path)

    monkeypatch.setattr(pipeline, "read_text", read_text)
    index = str(tmp_path / "x.db")
    assert main(["ingest", str(corpus), "--index", index]) == 1
    out, err = capsys.readouterr()
    assert "added 1" in out and "failed 1" in out
    assert err.splitlines() == [
        f"{corpus / 'broken.html'}: cannot be read (ImportError: "
        "lxml.html.clean module is now a separate project Install it)"
    ]
    assert "Traceback" not in err
    (corpus / "broken.html").touch()
    assert main(["ingest", str(corpus), "--index", index, "-v"]) == 1
    assert "Traceback" in capsys.readouterr().err  # at debug level only


def test_quiet_hides_notes_but_not_failures(tmp_path, fake_model, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    shutil.copy(SEED, corpus / "copy.txt")  # a duplicate: an INFO note
    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    assert main(["ingest", str(corpus), "--index", str(tmp_path / "x.db"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{corpus / 'bad.txt'}: the file is binary, not text (it contains NUL bytes)"
    ]


def test_progress_bar_is_tqdm_with_an_eta(monkeypatch, capsys):
    import io

    from hbt_qa.cli import _logging, _progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    with _logging(0, 0):
        show = _progress("Ingesting")
        for i in range(3):
            show(i, 3, f"file{i}.txt")
        show(3, 3, "")
    text = tty.getvalue()
    assert "Ingesting: 100%" in text and "3/3" in text and "<" in text  # elapsed<remaining


@pytest.mark.slow
def test_hbt_qa_ingest_html_with_the_real_model(tmp_path):
    """The console command itself, in a subprocess, with the real model (CI's environment)."""
    import subprocess
    import sys

    from conftest import MODEL_CACHE, ROOT
    from fixtures_docs import HTML_PAGE

    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HBT_QA_CACHE": str(MODEL_CACHE)}
    run = subprocess.run(
        [sys.executable, "-m", "hbt_qa", "ingest", "page.html", "--index", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "added 1" in run.stdout and "failed 0" in run.stdout
    assert "Traceback" not in run.stderr
