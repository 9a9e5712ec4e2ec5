"""The web server's gate: an ASGI middleware in front of Gradio's routes.

- ``POST …/gradio_api/upload`` (Gradio's file upload, open to anyone by design) is refused
  before a byte is written unless the browser holds an upload cookie, which a signed-in
  administrator's page gets from ``GET …/hbt-qa/grant?code=…`` (``?drop=1`` signs it out).
- Every other ``POST`` body is capped (``MAX_EVENT_BYTES``), and an event whose file input
  names an ``http(s)`` address is refused: Gradio would download it into its cache before any
  handler could check who asked.
- ``POST /login`` (Gradio's own login page when the whole app asks for a sign-in) goes through
  the same throttle as the records tab's sign-in, and is audited.

Installed by ``app.serve`` through ``launch(app_kwargs={"middleware": [...]})``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from .guard import Guard, client_address, is_trusted, minutes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "hbt_qa_upload"
GRANT_PATH = "/hbt-qa/grant"
MAX_EVENT_BYTES = 1_048_576  # a queued event's JSON: questions are capped far below this
UPLOAD_REFUSED = (
    "Tải tệp lên cần đăng nhập quản trị / Uploads need an administrator sign-in"
).encode()


class Gate:
    """Pure ASGI middleware (no buffering of responses, streaming untouched)."""

    def __init__(self, app: ASGIApp, guard: Guard, login_route: bool = False) -> None:
        self.app = app
        self.guard = guard
        self.login_route = login_route  # Gradio's /login exists (the whole app asks a sign-in)
        self._login_lock = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = (scope.get("path") or "").rstrip("/")
        method = scope.get("method", "GET")
        if path.endswith(GRANT_PATH):
            await self._grant(scope, send)
        elif method == "POST" and path.endswith("/gradio_api/upload"):
            if self.guard.grants.valid(_cookie(scope, COOKIE)):
                await self.app(scope, receive, send)
            else:
                who = self._address(scope)
                self.guard.note(who, "", "upload-refused", "gradio upload route")
                await _respond(send, 403, UPLOAD_REFUSED)
        elif method == "POST" and self.login_route and path.endswith("/login"):
            await self._login(scope, receive, send)
        elif method == "POST":
            await self._event(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _address(self, scope: Scope) -> str:
        """The client's address (the forwarded one only behind a trusted proxy)."""
        peer = (scope.get("client") or ("", 0))[0]
        return client_address(peer, _header(scope, b"x-forwarded-for"), self.guard.trusted)

    async def _grant(self, scope: Scope, send: Send) -> None:
        """Swap a sign-in's one-time code for the upload cookie, or drop the cookie."""
        query = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
        secure = "; Secure" if _https(scope, self.guard.trusted) else ""
        if query.get("drop"):
            self.guard.grants.revoke(_cookie(scope, COOKIE))
            cookie = f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict{secure}"
            await _respond(send, 204, b"", [(b"set-cookie", cookie.encode())])
            return
        token = self.guard.grants.redeem((query.get("code") or [""])[0])
        if token is None:
            await _respond(send, 403, b"no valid code")
            return
        ttl = int(self.guard.grants.ttl_s)
        cookie = f"{COOKIE}={token}; Max-Age={ttl}; Path=/; HttpOnly; SameSite=Strict{secure}"
        await _respond(send, 204, b"", [(b"set-cookie", cookie.encode())])

    async def _event(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Cap the body of a queued event and refuse file inputs that are web addresses."""
        body = await _read_body(scope, receive, MAX_EVENT_BYTES)
        if body is None:
            await _respond(send, 413, b"request too large")
            return
        if b"gradio.FileData" in body and _names_remote_file(body):
            await _respond(send, 403, b"file inputs must be uploaded files")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Gradio's login route, throttled like the records tab's sign-in and audited."""
        body = await _read_body(scope, receive, 65_536)
        if body is None:
            await _respond(send, 413, b"request too large")
            return
        form = parse_qs(body.decode("utf-8", "replace"))
        user = (form.get("username") or [""])[0].strip()
        who = self._address(scope)
        throttle = self.guard.throttle
        async with self._login_lock:  # parallel guesses are counted one after another
            wait = throttle.wait_s(who, user)
            if wait > 0:
                self.guard.note(who, user, "sign-in-locked", "login page")
                n = minutes(wait)
                detail = (
                    f"Đăng nhập sai quá nhiều lần: thử lại sau {n} phút / "
                    f"Too many failed sign-ins: try again in {n} min"
                )
                payload = json.dumps({"detail": detail}, ensure_ascii=False).encode()
                await _respond(send, 429, payload, [(b"retry-after", str(int(wait)).encode())])
                return
            status: list[int] = []

            async def watch(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status.append(int(message["status"]))
                await send(message)

            await self.app(scope, _replay(body, receive), watch)
            ok = bool(status) and status[0] < 400
            attempt = throttle.record(who, user, ok)
        action = "sign-in" if ok else "sign-in-failed"
        self.guard.note(who, user, action, "login page")
        if attempt.locked_now:
            self.guard.note(who, user, "lockout", f"by {attempt.by}")


def _names_remote_file(body: bytes) -> bool:
    """Whether a JSON body holds a Gradio file value whose path is a web address."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            meta = item.get("meta")
            if isinstance(meta, dict) and meta.get("_type") == "gradio.FileData":
                path = str(item.get("path") or "").strip().lower()
                if path.startswith(("http://", "https://", "//")) or "://" in path:
                    return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when it is (or says it is) over ``limit`` bytes."""
    declared = _header(scope, b"content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body over once, then waits as before."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """A small plain response."""
    kind = b"application/json" if body.startswith(b"{") else b"text/plain; charset=utf-8"
    head = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": head + (headers or [])})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    """One request header (the last one when repeated)."""
    found = None
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            found = value.decode("latin-1")
    return found


def _cookie(scope: Scope, name: str) -> str | None:
    """One cookie of the request."""
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is no cookie at all
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def _https(scope: Scope, trusted: tuple[str, ...]) -> bool:
    """Whether the browser reached us over HTTPS (a trusted proxy may say so)."""
    if scope.get("scheme") == "https":
        return True
    peer = (scope.get("client") or ("", 0))[0]
    forwarded = (_header(scope, b"x-forwarded-proto") or "").lower()
    return forwarded == "https" and is_trusted(peer, trusted)
