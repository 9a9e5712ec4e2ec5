"""A client of a running app over raw HTTP, as any program speaking Gradio's queue protocol
would (``POST /gradio_api/queue/join``, then the event stream of ``GET /gradio_api/queue/data``),
from a chosen loopback source address. Used by the attack tests and the load bench."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    """Status, headers and body of one request."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class GradioHTTP:
    """Requests to one app from one source address, with a cookie jar of one cookie name."""

    port: int
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    _config: dict | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        """One request over a fresh connection from ``source``."""
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        try:
            head = dict(headers or {})
            if self.cookies:
                head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=head)
            r = conn.getresponse()
            data = r.read()
            for name, value in r.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    val = rest.split(";", 1)[0]
                    if "Max-Age=0" in value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = val
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        finally:
            conn.close()

    def config(self) -> dict:
        """The page's config: components and dependencies (events)."""
        if self._config is None:
            self._config = self.request("GET", "/config").json()
        return self._config

    def component(self, elem_id: str) -> int:
        """The id of the component with ``elem_id``."""
        for c in self.config()["components"]:
            if c.get("props", {}).get("elem_id") == elem_id:
                return int(c["id"])
        raise KeyError(elem_id)

    def event(self, elem_id: str, trigger: str) -> tuple[int, int]:
        """(fn_index, trigger id) of the first event a component's trigger runs."""
        cid = self.component(elem_id)
        for dep in self.config()["dependencies"]:
            if [cid, trigger] in [list(t) for t in dep.get("targets", [])]:
                return int(dep["id"]), cid
        raise KeyError((elem_id, trigger))

    def inputs(self, fn_index: int) -> list[int]:
        """Component ids an event takes, in order."""
        dep = next(d for d in self.config()["dependencies"] if int(d["id"]) == fn_index)
        return [int(i) for i in dep["inputs"]]

    def call(
        self, fn_index: int, data: list[Any], session: str | None = None, trigger: int | None = None
    ) -> dict:
        """Run one event through the queue; the ``process_completed`` message (or a
        ``{"refused": status, "detail": …}`` when the join itself is refused)."""
        session = session or uuid.uuid4().hex[:11]
        body = json.dumps(
            {
                "data": data,
                "fn_index": fn_index,
                "session_hash": session,
                "trigger_id": trigger,
                "event_data": None,
            }
        ).encode()
        joined = self.request(
            "POST", "/gradio_api/queue/join", body, {"Content-Type": "application/json"}
        )
        if joined.status != 200:
            return {"refused": joined.status, "detail": joined.body.decode("utf-8", "replace")}
        event_id = joined.json()["event_id"]
        return self._wait(session, event_id)

    def _wait(self, session: str, event_id: str) -> dict:
        """Read the session's event stream until this event completes."""
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        try:
            conn.request("GET", "/gradio_api/queue/data?" + urlencode({"session_hash": session}))
            r = conn.getresponse()
            while True:
                line = r.readline()
                if not line:
                    raise ConnectionError("event stream closed before the event completed")
                if not line.startswith(b"data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") == event_id and msg.get("msg") == "process_completed":
                    return msg
                if msg.get("msg") == "unexpected_error":
                    return msg
        finally:
            conn.close()

    def upload(self, name: str, data: bytes) -> Response:
        """``POST /gradio_api/upload`` with one file, as the page's file box does."""
        boundary = uuid.uuid4().hex
        part = f'form-data; name="files"; filename="{name}"'
        body = (
            (
                f"--{boundary}\r\nContent-Disposition: {part}\r\n"
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        head = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", "/gradio_api/upload", body, head)


def start_serve(home: Path, env: dict[str, str], port: int, timeout: float = 300) -> Any:
    """`hbt-qa serve` on 127.0.0.1:port as a subprocess; returns it once / answers 200."""
    log = home / "serve.log"
    with log.open("w") as out:
        command = [sys.executable, "-m", "hbt_qa.cli", "serve", "--host", "127.0.0.1"]
        proc = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=home,
            env={**os.environ, **env},
            stdout=out,
            stderr=out,
        )
    deadline = time.monotonic() + timeout
    client = GradioHTTP(port, timeout=5)
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if client.request("GET", "/").status == 200:
                return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"serve did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
