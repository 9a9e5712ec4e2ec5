"""Every fenced example in README runs as written on the bundled corpus (issue 15.2).

Each ``bash`` line that calls ``hbt-qa`` runs through ``hbt_qa.cli.main`` against a temporary
index of ``corpus/`` (``--index`` added); the ``python`` block (gradio_client) runs against a real
``hbt-qa serve`` on a free 127.0.0.1 port. Lines that cannot run here are listed in
``NOT_RUN`` with the reason, so a new example must be either runnable or explained.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import MODEL_CACHE, ROOT, SEED
from gradio_http import free_port, start_serve

from hbt_qa.cli import main

README = ROOT / "README.md"

# A line starting with one of these is not run, for the reason given.
NOT_RUN = {
    "make run": "sets up .venv and serves until stopped; the gradio_client test starts the server",
    "make test": "the whole suite, which this test is part of",
    "pip install": "installs packages from a registry",
    "hbt-qa ingest https://": "fetches from the network",
    "hbt-qa ingest --crawl": "fetches from the network",
    "hbt-qa ingest bench/": "builds a benchmark index (~2 min on 2 cores); bench/ runs it",
    "hbt-qa eval bench/": "evaluates a benchmark index built by the line above it",
    "VEC=": "browsing with third-party tools (sqlite-utils CLI, Datasette) on a built index",
    "sqlite-utils ": "browsing with the sqlite-utils CLI on index/hbt_qa.db, built by make run",
    '"select a.title': "the rest of the sqlite-utils query above",
    "from passages p": "the rest of the sqlite-utils query above",
    "where a.year": "the rest of the sqlite-utils query above",
    "datasette ": "Datasette is not a dependency (pip install datasette)",
    "hbt-qa ingest ../shared/realdev": "real evaluation pages outside the repository (~1 min)",
    "hbt-qa eval ../shared/realdev": "evaluates the real-records index built by the line above",
    "python bench/": "a benchmark script (the bench extra); bench/README.md runs them",
}


def fenced(lang: str) -> list[str]:
    """The bodies of README's fenced blocks in ``lang``."""
    text = README.read_text(encoding="utf-8")
    return [body for tag, body in re.findall(r"```(\w*)\n(.*?)```", text, re.S) if tag == lang]


def bash_examples() -> list[tuple[str, str]]:
    """(command line, the expected-output comment under it or '') for each bash line."""
    out: list[tuple[str, str]] = []
    for body in fenced("bash"):
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("#") and out and not out[-1][1]:
                out[-1] = (out[-1][0], line.lstrip("# "))
            elif line and not line.startswith("#"):
                out.append((line, ""))
    return out


def _reason(line: str) -> str | None:
    plain = line.replace(".venv/bin/", "")
    return next((why for start, why in NOT_RUN.items() if plain.startswith(start)), None)


RUNNABLE = [(line, expect) for line, expect in bash_examples() if not _reason(line)]


def test_every_bash_example_is_run_or_says_why_not():
    assert len(RUNNABLE) >= 6
    for line, _ in bash_examples():
        plain = line.replace(".venv/bin/", "")
        assert _reason(line) or "hbt-qa " in plain, f"unclassified README example: {line}"


@pytest.mark.slow
@pytest.mark.parametrize(("line", "expect"), RUNNABLE, ids=[x[0][:60] for x in RUNNABLE])
def test_cli_example_runs_on_the_bundled_corpus(line, expect, seed_store, monkeypatch, capsys):
    stdin = None
    if "|" in line:  # printf '…' | hbt-qa search
        feed, line = (part.strip() for part in line.split("|", 1))
        stdin = shlex.split(feed, comments=True)[1].encode().decode("unicode_escape")
        stdin = stdin.encode("latin-1").decode("utf-8")
    words = shlex.split(line, comments=True)
    while words and re.fullmatch(r"[A-Z][A-Z0-9_]*=.*", words[0]):  # HBT_QA_HOME="…" hbt-qa …
        name, value = words.pop(0).split("=", 1)
        monkeypatch.setenv(name, value)
    assert words[0].endswith("hbt-qa"), line
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main([*words[1:], "--index", str(seed_store.path)])
    out = capsys.readouterr().out
    assert code == 0, line
    assert out.strip(), f"no output: {line}"
    if "--json" in words or stdin is not None:
        for row in out.strip().splitlines():
            json.loads(row)
    if expect and not expect.startswith("["):
        assert expect.split(" (")[0] in out, (expect, out)


@pytest.mark.slow
def test_gradio_client_example_runs_against_a_real_server(tmp_path):
    (block,) = fenced("python")
    home = tmp_path
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    port = free_port()
    env = {
        "HOME": str(home),
        "HBT_QA_INDEX": str(home / "index" / "hbt_qa.db"),
        "HBT_QA_CORPUS": str(corpus),
        "HBT_QA_CACHE": str(MODEL_CACHE),
        "GRADIO_TEMP_DIR": str(home / "gradio-tmp"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    assert "http://127.0.0.1:7860/" in block
    script = home / "example.py"
    script.write_text(block.replace(":7860/", f":{port}/"), encoding="utf-8")
    proc = start_serve(home, env, port)
    try:
        run = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=home,
            env={**env, "PATH": ""},
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [x for x in run.stdout.strip().splitlines() if not x.startswith("Loaded as API")]
    assert "115 tỷ đồng" in lines[0]
    assert len(lines) == 4, run.stdout
