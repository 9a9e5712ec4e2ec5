"""Limits against abuse over plain values: lockouts, rates, client addresses, upload grants, and
the web server's gate as an ASGI app (issue 22, points 3, 5, 6)."""

from __future__ import annotations

import json

import pytest

from hbt_qa.web import gate
from hbt_qa.web.guard import (
    Guard,
    RateLimit,
    SignInThrottle,
    UploadGrants,
    address_key,
    client_address,
    minutes,
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _throttle(clock: Clock) -> SignInThrottle:
    return SignInThrottle(clock=clock)


# -- sign-in lockouts ---------------------------------------------------------------------
def test_five_failures_lock_the_address_for_a_minute_without_checking_the_password():
    clock = Clock()
    t = _throttle(clock)
    checked = []

    def wrong() -> bool:
        checked.append(1)
        return False

    outcomes = [t.attempt("10.0.0.9", "admin", wrong) for _ in range(5)]
    assert [o.outcome for o in outcomes] == ["failed"] * 5
    assert outcomes[-1].locked_now and outcomes[-1].by == "address"
    # Locked: even the right password is not checked.
    right = t.attempt("10.0.0.9", "admin", lambda: checked.append(1) or True)
    assert right.outcome == "locked" and len(checked) == 5
    assert 59 <= right.wait_s <= 60 and minutes(right.wait_s) == 1
    clock.t += 61
    assert t.attempt("10.0.0.9", "admin", lambda: True).outcome == "ok"


def test_lockouts_double_up_to_an_hour_and_one_failure_relocks():
    clock = Clock()
    t = _throttle(clock)
    for _ in range(5):
        t.attempt("10.0.0.9", "x", lambda: False)
    waits = []
    for _ in range(8):
        wait = t.wait_s("10.0.0.9", "x")
        waits.append(round(wait))
        clock.t += wait + 0.1
        after = t.attempt("10.0.0.9", "x", lambda: False)  # one failure is enough now
        assert after.locked_now
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_guesses_in_the_first_hour_from_one_address():
    """The figure the issue asks for: what one address gets, guessing as fast as allowed."""
    clock = Clock()
    t = _throttle(clock)
    guesses, start = 0, clock.t
    while clock.t - start < 3600:
        a = t.attempt("10.0.0.9", "admin", lambda: False)
        if a.outcome == "locked":
            clock.t += a.wait_s
        else:
            guesses += 1
    assert guesses <= 11  # 5, then one per lockout of 1, 2, 4, 8, 16, 32 minutes


def test_lockout_of_one_address_leaves_the_admin_free_elsewhere():
    clock = Clock()
    t = _throttle(clock)
    for _ in range(30):
        t.attempt("203.0.113.7", "admin", lambda: False)
    assert t.attempt("203.0.113.7", "admin", lambda: True).outcome == "locked"
    assert t.attempt("198.51.100.4", "admin", lambda: True).outcome == "ok"


def test_account_locks_after_many_addresses_but_not_for_a_known_one():
    clock = Clock()
    t = _throttle(clock)
    assert t.attempt("192.0.2.1", "admin", lambda: True).outcome == "ok"  # the admin's desk
    for i in range(20):  # a botnet: one guess per address
        t.attempt(f"198.51.100.{i}", "Admin ", lambda: False)
    stranger = t.attempt("198.51.100.200", "admin", lambda: True)
    assert stranger.outcome == "locked" and stranger.by == "account"
    assert t.attempt("192.0.2.1", "admin", lambda: True).outcome == "ok"


def test_ipv6_addresses_of_one_network_share_a_lockout():
    clock = Clock()
    t = _throttle(clock)
    for i in range(5):
        t.attempt(f"2001:db8::{i + 1}", "admin", lambda: False)
    assert t.attempt("2001:db8::ffff", "admin", lambda: True).outcome == "locked"
    assert address_key("::ffff:10.0.0.1") == "10.0.0.1"


def test_a_day_without_failures_forgets():
    clock = Clock()
    t = _throttle(clock)
    for _ in range(4):
        t.attempt("10.0.0.9", "a", lambda: False)
    clock.t += 86401
    for _ in range(4):
        assert t.attempt("10.0.0.9", "a", lambda: False).outcome == "failed"
    assert t.wait_s("10.0.0.9", "a") == 0


def test_the_tables_stay_bounded():
    t = SignInThrottle(max_entries=100, clock=Clock())
    for i in range(1000):
        t.attempt(f"10.1.{i // 250}.{i % 250}", f"user{i}", lambda: False)
    assert len(t._records) <= 100


# -- rates --------------------------------------------------------------------------------
def test_rate_limit_is_a_sliding_window_over_every_key():
    clock = Clock()
    r = RateLimit(3, 60, clock=clock)
    assert all(r.allow("s1") for _ in range(3))
    assert not r.allow("s1")
    assert r.allow("s2")
    clock.t += 61
    assert r.allow("s1")


# -- client address -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "expected"),
    [
        ("127.0.0.1", "6.6.6.6", (), "127.0.0.1"),  # no trusted proxy: the header is ignored
        ("10.0.0.2", "6.6.6.6", ("127.0.0.1",), "10.0.0.2"),  # the peer is no proxy of ours
        ("127.0.0.1", "6.6.6.6", ("127.0.0.1",), "6.6.6.6"),
        ("127.0.0.1", "1.1.1.1, 6.6.6.6", ("127.0.0.1",), "6.6.6.6"),  # the left is the client's
        ("127.0.0.1", "6.6.6.6, 10.0.0.3", ("127.0.0.0/8", "10.0.0.0/8"), "6.6.6.6"),
        ("127.0.0.1", "evil, 10.0.0.3", ("127.0.0.1", "10.0.0.0/8"), "10.0.0.3"),
        ("127.0.0.1", None, ("127.0.0.1",), "127.0.0.1"),
    ],
)
def test_client_address(peer, xff, trusted, expected):
    assert client_address(peer, xff, trusted) == expected


# -- upload grants ------------------------------------------------------------------------
def test_grant_codes_are_one_time_and_expire():
    clock = Clock()
    g = UploadGrants(clock=clock)
    code = g.issue_code()
    token = g.redeem(code)
    assert token and g.valid(token)
    assert g.redeem(code) is None  # used up
    late = g.issue_code()
    clock.t += 121
    assert g.redeem(late) is None
    clock.t += 8 * 3600
    assert not g.valid(token)
    assert not g.valid(None) and not g.valid("")


# -- the gate as an ASGI app --------------------------------------------------------------
def _client(guard: Guard, login_route: bool = False):
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    seen: list[bytes] = []

    async def upload(request):
        seen.append(await request.body())
        return PlainTextResponse("stored")

    async def join(request):
        body = await request.body()
        seen.append(body)
        return JSONResponse({"event_id": "1"})

    async def login(request):
        form = await request.form()
        ok = form.get("password") == "right"
        return JSONResponse({"success": ok}, status_code=200 if ok else 400)

    app = Starlette(
        routes=[
            Route("/gradio_api/upload", upload, methods=["POST"]),
            Route("/gradio_api/queue/join", join, methods=["POST"]),
            Route("/login", login, methods=["POST"]),
        ]
    )
    wrapped = gate.Gate(app, guard, login_route=login_route)
    return TestClient(wrapped, base_url="http://127.0.0.1"), seen


def test_gate_refuses_anonymous_uploads_before_reading_them():
    notes = []
    guard = Guard.default(audit=lambda *a: notes.append(a))
    client, seen = _client(guard)
    r = client.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
    assert r.status_code == 403 and "sign-in" in r.text
    assert seen == [] and notes[-1][2] == "upload-refused"
    r = client.get("/hbt-qa/grant?code=made-up")
    assert r.status_code == 403
    # A signed-in page swaps its code for the cookie, then uploads go through.
    r = client.get(f"/hbt-qa/grant?code={guard.grants.issue_code()}")
    assert r.status_code == 204
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    r = client.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 10)})
    assert r.status_code == 200 and len(seen) == 1
    # Signing out drops it.
    assert client.get("/hbt-qa/grant?drop=1").status_code == 204
    client.cookies.clear()
    assert client.post("/gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 403


def test_gate_caps_event_bodies_and_refuses_remote_file_inputs():
    client, seen = _client(Guard.default())
    ok = {"data": ["câu hỏi"], "fn_index": 1, "session_hash": "s"}
    assert client.post("/gradio_api/queue/join", json=ok).status_code == 200
    assert json.loads(seen[-1]) == ok  # the body reaches Gradio unchanged
    big = {"data": ["x" * (gate.MAX_EVENT_BYTES + 1)], "fn_index": 1, "session_hash": "s"}
    assert client.post("/gradio_api/queue/join", json=big).status_code == 413
    remote = {
        "data": [[{"path": "https://example.com/big.bin", "meta": {"_type": "gradio.FileData"}}]],
        "fn_index": 1,
        "session_hash": "s",
    }
    assert client.post("/gradio_api/queue/join", json=remote).status_code == 403
    assert len(seen) == 1


def test_gate_throttles_gradio_login_page():
    notes = []
    guard = Guard.default(audit=lambda *a: notes.append(a))
    client, _ = _client(guard, login_route=True)
    for _ in range(5):
        r = client.post("/login", data={"username": "admin", "password": "wrong"})
        assert r.status_code == 400
    r = client.post("/login", data={"username": "admin", "password": "right"})
    assert r.status_code == 429 and "thử lại sau 1 phút" in r.json()["detail"]
    actions = [n[2] for n in notes]
    assert actions.count("sign-in-failed") == 5 and "lockout" in actions
    assert actions[-1] == "sign-in-locked"
    assert all("wrong" not in str(n) and "right" not in str(n) for n in notes)


def test_refusals_anyone_can_cause_are_audited_a_bounded_number_of_times():
    notes = []
    guard = Guard.default(audit=lambda *a: notes.append(a))
    for _ in range(1000):
        guard.note("10.0.0.9", "admin", "sign-in-locked", "by address")
        guard.note("10.0.0.9", "", "upload-refused", "gradio upload route")
    guard.note("10.0.0.8", "", "upload-refused", "gradio upload route")
    guard.note("10.0.0.9", "admin", "sign-in-failed", "records tab")  # bounded by the throttle
    assert len(notes) == 30 + 30 + 1 + 1
