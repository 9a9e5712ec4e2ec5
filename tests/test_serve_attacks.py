"""Attacks on a real `hbt-qa serve` over HTTP, as an unfriendly client would make them: the
page's own handlers called through Gradio's queue without signing in, anonymous uploads,
password guessing from one loopback address while the administrator signs in from another,
an over-long question, and a delete that must leave no copy served (issue 22).

One server per module on a free 127.0.0.1 port, with its own corpus (the seed and a page the
HTML reader cannot handle), index and Gradio temp folder.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import MODEL_CACHE, SEED
from gradio_http import GradioHTTP, free_port, start_serve

pytestmark = pytest.mark.slow

ADMIN = ("quantri", "mat-khau-thu-22")
SEED_ID = "hbt-2024-05-phien-hop-uy-vien"
# A PDF cut short: its reader fails (the 'idna' page that once crashed the HTML reader is read).
BROKEN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00" * 64
NEW_ARTICLE = (
    "---\ntitle: Phiên họp UBND quận tháng 7 năm 2024\npublished: 2024-07-12\n---\n"
    "Ngày 10/7/2024, UBND quận họp về cải tạo hồ Thanh Nhàn.\n\n"
    "Kinh phí cải tạo hồ Thanh Nhàn được phê duyệt là 37 tỷ 500 triệu đồng.\n"
)


@dataclass
class Served:
    """A running server and where its files are."""

    port: int
    home: Path
    corpus: Path
    index: Path
    temp: Path  # GRADIO_TEMP_DIR: where Gradio writes uploads

    def client(self, source: str = "127.0.0.1") -> GradioHTTP:
        return GradioHTTP(self.port, source)

    def snapshot(self) -> dict[str, Any]:
        """What an attack must not change."""
        with sqlite3.connect(self.index) as c:
            arts = sorted(r[0] for r in c.execute("select article_id from articles"))
        return {
            "corpus": sorted(p.name for p in self.corpus.iterdir()),
            "articles": arts,
            "trash": (self.index.parent / "deleted").exists(),
            "temp": self.temp_files(),
        }

    def temp_files(self) -> list[str]:
        return sorted(str(p) for p in self.temp.rglob("*") if p.is_file())

    def audit(self) -> list[tuple[str, str, str, str]]:
        with sqlite3.connect(self.index) as c:
            rows = c.execute("select address, user, action, target from audit order by id")
            return [tuple(r) for r in rows]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("serve")
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "hong.pdf").write_bytes(BROKEN_PDF)
    temp = home / "gradio-tmp"
    port = free_port()
    env = {
        "HOME": str(home),
        "HBT_QA_INDEX": str(home / "index" / "hbt_qa.db"),
        "HBT_QA_CORPUS": str(corpus),
        "HBT_QA_CACHE": str(MODEL_CACHE),
        "HBT_QA_ADMIN_USER": ADMIN[0],
        "HBT_QA_ADMIN_PASSWORD": ADMIN[1],
        "GRADIO_TEMP_DIR": str(temp),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    proc = start_serve(home, env, port)
    try:
        yield Served(port, home, corpus, home / "index" / "hbt_qa.db", temp)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except Exception:
            proc.kill()


def _data(client: GradioHTTP, fn_index: int, values: dict[str, Any]) -> list[Any]:
    """An event's inputs: ``values`` by elem_id; every session state sent as True (the
    attacker claims to be signed in; Gradio must use the server's value)."""
    kinds = {int(c["id"]): c for c in client.config()["components"]}
    out = []
    for cid in client.inputs(fn_index):
        comp = kinds[cid]
        if comp.get("type") == "state":
            out.append(True)
        else:
            out.append(values.get(comp.get("props", {}).get("elem_id"), None))
    return out


def _login(client: GradioHTTP, password: str, session: str | None = None) -> dict:
    fn, trigger = client.event("login", "click")
    data = _data(client, fn, {"admin-user": ADMIN[0], "admin-password": password})
    return client.call(fn, data, session, trigger)


def _login_message(result: dict) -> str:
    return str(result["output"]["data"][1])


def _file_data(path: str, name: str) -> dict:
    return {"path": path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}


# -- point 2 ------------------------------------------------------------------------------
def test_the_app_starts_with_a_broken_file_and_names_it_once(served):
    log = (served.home / "serve.log").read_text()
    lines = [line for line in log.splitlines() if "hong.pdf" in line]
    assert len(lines) == 1 and "PDF" in lines[0], log[-2000:]
    assert "Traceback" not in log
    assert served.client().request("GET", "/").status == 200


# -- point 8 ------------------------------------------------------------------------------
def test_each_admin_handler_called_directly_without_sign_in_changes_nothing(served):
    client = served.client()
    before = served.snapshot()
    victim = str(served.corpus / SEED.name)
    calls = {
        ("upload", "upload"): {"upload": [_file_data(victim, "x.md")]},
        ("delete", "click"): {"delete-pick": SEED_ID},
        ("reindex", "click"): {},
        ("logout", "click"): {},
    }
    results = {}
    for (elem, trigger), values in calls.items():
        fn, tid = client.event(elem, trigger)
        results[elem] = client.call(fn, _data(client, fn, values), None, tid)
    for elem in ("upload", "delete", "reindex"):
        r = results[elem]
        assert r.get("refused") or r.get("success") is False, (elem, r)
    assert served.snapshot() == before
    rows = served.audit()
    assert {"upload", "delete", "reindex"}.isdisjoint(a for _, _, a, _ in rows)
    # Our handler refused the re-index; Gradio itself stops the others first (the upload names
    # a file that was not uploaded, the delete picks an id the session's list does not hold).
    assert ("127.0.0.1", "", "denied", "reindex") in rows
    errors = {e: str(results[e].get("output", {}).get("error")) for e in ("upload", "delete")}
    assert "Administrator sign-in needed" in str(results["reindex"]) or "Cần đăng nhập" in str(
        results["reindex"]
    ), (results["reindex"], errors)


# -- point 5 ------------------------------------------------------------------------------
def test_anonymous_uploads_are_refused_before_they_are_written(served):
    client = served.client()
    before = served.temp_files()
    r = client.upload("big.md", b"x" * 1_000_000)
    assert r.status == 403 and b"sign-in" in r.body
    fn, tid = client.event("upload", "upload")
    remote = {"upload": [_file_data("http://127.0.0.1:9/big.bin", "big.bin")]}
    r2 = client.call(fn, _data(client, fn, remote), None, tid)
    assert r2.get("refused") == 403
    r3 = client.request(
        "POST",
        "/gradio_api/queue/join",
        b'{"data": ["' + b"x" * 1_100_000 + b'"], "fn_index": 0}',
        {"Content-Type": "application/json"},
    )
    assert r3.status == 413
    assert served.temp_files() == before


# -- point 6 ------------------------------------------------------------------------------
def test_an_over_long_question_is_an_api_error(served):
    client = served.client()
    fn = next(int(d["id"]) for d in client.config()["dependencies"] if d.get("api_name") == "ask")
    r = client.call(fn, ["giải ngân " * 250, 5, None])
    assert r.get("success") is False
    assert "at most 2000" in str(r["output"].get("error")), r


def test_a_bad_api_input_logs_one_line_not_a_traceback(served):
    # issue 15.18
    client = served.client()
    log = served.home / "serve.log"
    before = log.read_text()
    deps = client.config()["dependencies"]
    fn = next(int(d["id"]) for d in deps if d.get("api_name") == "search")
    r = client.call(fn, ["giải ngân", 10, "31/2/2024", "", "relevance", "", "", False])
    assert r.get("success") is False, r
    time.sleep(0.5)
    added = log.read_text()[len(before) :]
    assert "Traceback" not in added, added
    assert [line for line in added.splitlines() if line.strip()] == [
        next(line for line in added.splitlines() if "/search refused" in line)
    ], added


# -- point 3 ------------------------------------------------------------------------------
def test_guessing_from_one_address_is_locked_out_but_the_admin_signs_in_from_another(served):
    guesser = served.client("127.0.0.2")
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda i: _login(guesser, f"doan-{i}"), range(30)))
    messages = [_login_message(r) for r in results]
    checked = sum("Sai tên đăng nhập" in m for m in messages)
    locked = sum("Thử lại sau" in m for m in messages)
    assert checked == 5 and locked == 25, messages
    right = _login_message(_login(guesser, ADMIN[1]))
    assert "Thử lại sau 1 phút" in right  # the right password is not even checked
    admin = _login_message(_login(served.client("127.0.0.1"), ADMIN[1]))
    assert "Đã đăng nhập" in admin
    rows = served.audit()
    assert sum(1 for a, _, act, _ in rows if a == "127.0.0.2" and act == "sign-in-failed") == 5
    assert ("127.0.0.1", ADMIN[0], "sign-in", "records tab") in rows
    assert all("doan-" not in str(r) and ADMIN[1] not in str(r) for r in rows)


# -- points 5 and 7: the administrator's upload, then delete, leave no copy served -------
def test_admin_upload_then_delete_leaves_no_copy_served(served):
    client = served.client("127.0.0.1")
    session = "admin-session"
    signed = client.call(*_login_args(client, session))
    code = signed["output"]["data"][-1]
    assert code and client.request("GET", f"/hbt-qa/grant?code={code}").status == 204
    up = client.upload("Hồ Thanh Nhàn.md", NEW_ARTICLE.encode())
    assert up.status == 200, up.body
    path = up.json()[0]
    url = "/gradio_api/file=" + quote(path)
    assert client.request("GET", url).status == 200  # served from Gradio's folder until stored
    fn, tid = client.event("upload", "upload")
    done = client.call(fn, _data(client, fn, {"upload": [_file_data(path, "Hồ Thanh Nhàn.md")]}),
                       session, tid)  # fmt: skip
    assert done.get("success"), done
    assert "đã thêm" in str(done["output"]["data"][0])
    assert (served.corpus / "Hồ Thanh Nhàn.md").exists()
    assert not Path(path).exists()  # Gradio's copy is gone once the file is stored
    assert client.request("GET", url).status != 200
    with sqlite3.connect(served.index) as c:
        (aid,) = c.execute(
            "select article_id from articles where source = ?", ("Hồ Thanh Nhàn.md",)
        ).fetchone()
    fn, tid = client.event("delete", "click")  # asks first, naming the article
    asked = client.call(fn, _data(client, fn, {"delete-pick": aid}), session, tid)
    assert asked.get("success"), asked
    assert (served.corpus / "Hồ Thanh Nhàn.md").exists()
    fn, tid = client.event("delete-yes", "click")  # the article asked about is the session's
    gone = client.call(fn, _data(client, fn, {}), session, tid)
    assert gone.get("success"), gone
    assert not (served.corpus / "Hồ Thanh Nhàn.md").exists()
    assert not any("Thanh" in f for f in served.temp_files())
    actions = [(a, act) for a, _, act, _ in served.audit()]
    assert ("127.0.0.1", "upload") in actions and ("127.0.0.1", "delete") in actions


def _login_args(client: GradioHTTP, session: str) -> tuple[int, list[Any], str, int]:
    fn, trigger = client.event("login", "click")
    data = _data(client, fn, {"admin-user": ADMIN[0], "admin-password": ADMIN[1]})
    return fn, data, session, trigger


def test_gradios_own_login_page_is_throttled_too(tmp_path):
    """HBT_QA_REQUIRE_LOGIN: Gradio's /login route goes through the same throttle."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    port = free_port()
    env = {
        "HOME": str(tmp_path),
        "HBT_QA_INDEX": str(tmp_path / "index" / "hbt_qa.db"),
        "HBT_QA_CORPUS": str(corpus),
        "HBT_QA_CACHE": str(MODEL_CACHE),
        "HBT_QA_ADMIN_USER": ADMIN[0],
        "HBT_QA_ADMIN_PASSWORD": ADMIN[1],
        "HBT_QA_REQUIRE_LOGIN": "1",
        "GRADIO_TEMP_DIR": str(tmp_path / "gradio-tmp"),
    }
    proc = start_serve(tmp_path, env, port)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        guesser, admin = GradioHTTP(port, "127.0.0.2"), GradioHTTP(port, "127.0.0.1")
        codes = [
            guesser.request("POST", "/login", f"username={ADMIN[0]}&password=x{i}".encode(), form)
            for i in range(7)
        ]
        assert [c.status for c in codes] == [400] * 5 + [429] * 2
        assert "1 min" in codes[-1].json()["detail"]
        right = f"username={ADMIN[0]}&password={ADMIN[1]}".encode()
        assert guesser.request("POST", "/login", right, form).status == 429
        assert admin.request("POST", "/login", right, form).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
