"""Limits against abuse, over plain values: sign-in lockouts, rates, client addresses, caps.

``SignInThrottle`` counts failed sign-ins per client address and per account and refuses
attempts during a lockout without checking the password (NIST SP 800-63B 5.2.2, OWASP ASVS
V2.2.1): five failures from one address lock it for a minute; after a lockout every further
failure locks it again for twice as long, up to an hour. An account locks only after many
failures from all addresses together, and never for an address it was signed in from before,
so guessing from one place does not lock the real administrator out elsewhere.

``RateLimit`` is a sliding window per key (feedback per session and per address);
``client_address`` reads ``X-Forwarded-For`` only when the peer is a trusted proxy. The clock is
a parameter, so that every rule is tested without sleeping.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Clock = Callable[[], float]
MAX_QUESTION_CHARS = 2000  # questions and search words: longer is refused with a message
MAX_HISTORY = 20  # earlier questions an API call may send
MAX_FILTER_CHARS = 200  # an organ or place filter (the longest unit names are ~60 characters)
MAX_USER_CHARS = 64  # what the audit log keeps of a typed user name


@dataclass
class _Record:
    """Failures of one address or account."""

    failures: int = 0  # since the last lockout (or success)
    locks: int = 0  # lockouts so far: the next lasts first_lock_s * 2**locks
    until: float = 0.0  # refused until then
    last: float = 0.0  # time of the last failure


Outcome = Literal["ok", "failed", "locked"]


@dataclass(frozen=True)
class Attempt:
    """What became of one sign-in attempt."""

    outcome: Outcome
    wait_s: float = 0.0  # locked: seconds until the next attempt is checked
    locked_now: bool = False  # failed: this failure started a lockout
    by: Literal["", "address", "account"] = ""


class SignInThrottle:
    """Failed sign-ins per client address and per account, with lockouts that double."""

    def __init__(
        self,
        max_failures: int = 5,
        first_lock_s: float = 60.0,
        max_lock_s: float = 3600.0,
        account_failures: int = 20,
        forget_s: float = 86400.0,
        max_entries: int = 10_000,
        clock: Clock = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.first_lock_s = first_lock_s
        self.max_lock_s = max_lock_s
        self.account_failures = account_failures
        self.forget_s = forget_s
        self.max_entries = max_entries
        self.clock = clock
        self._lock = threading.Lock()
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._known: OrderedDict[tuple[str, str], float] = OrderedDict()  # (account, address)

    def attempt(self, address: str, account: str, check: Callable[[], bool]) -> Attempt:
        """Check a sign-in unless the address or account is locked out; record the result.

        ``check`` (the password comparison) runs inside the lock, so that parallel guesses
        are counted one after another and none slips past a lockout.
        """
        addr, acct = address_key(address), account_key(account)
        with self._lock:
            now = self.clock()
            wait, by = self._wait(addr, acct, now)
            if wait > 0:
                return Attempt("locked", wait, by=by)
            return self._record(addr, acct, check(), now)

    def record(self, address: str, account: str, ok: bool) -> Attempt:
        """Record the result of an attempt checked elsewhere (Gradio's own login page)."""
        with self._lock:
            return self._record(address_key(address), account_key(account), ok, self.clock())

    def _record(self, addr: str, acct: str, ok: bool, now: float) -> Attempt:
        if ok:
            self._records.pop(("address", addr), None)
            self._records.pop(("account", acct), None)
            self._remember(self._known, (acct, addr), now)
            return Attempt("ok")
        locked = self._fail(("address", addr), self.max_failures, now)
        locked_acct = self._fail(("account", acct), self.account_failures, now)
        by: Literal["", "address", "account"] = (
            "address" if locked else "account" if locked_acct else ""
        )
        return Attempt("failed", locked_now=bool(by), by=by)

    def wait_s(self, address: str, account: str) -> float:
        """Seconds until an attempt from ``address`` for ``account`` is checked (0: now)."""
        with self._lock:
            return self._wait(address_key(address), account_key(account), self.clock())[0]

    def _wait(
        self, addr: str, acct: str, now: float
    ) -> tuple[float, Literal["", "address", "account"]]:
        """The longer of the address's and the account's remaining lockout."""
        by_addr = self._remaining(("address", addr), now)
        by_acct = (
            0.0 if self._is_known(acct, addr, now) else self._remaining(("account", acct), now)
        )
        if by_addr <= 0 and by_acct <= 0:
            return 0.0, ""
        return (by_addr, "address") if by_addr >= by_acct else (by_acct, "account")

    def _remaining(self, key: tuple[str, str], now: float) -> float:
        rec = self._records.get(key)
        if rec is None:
            return 0.0
        if now - rec.last > self.forget_s and now >= rec.until:
            del self._records[key]  # a day without failures: start afresh
            return 0.0
        return max(0.0, rec.until - now)

    def _is_known(self, acct: str, addr: str, now: float) -> bool:
        """Whether ``acct`` signed in from ``addr`` within the last 30 days."""
        when = self._known.get((acct, addr))
        return when is not None and now - when < 30 * 86400

    def _fail(self, key: tuple[str, str], allowed: int, now: float) -> bool:
        """Count a failure; True when it starts a lockout."""
        rec = self._records.get(key) or _Record()
        rec.failures += 1
        rec.last = now
        self._remember(self._records, key, rec)
        # After a first lockout, one more failure locks again (for twice as long).
        if rec.failures < (allowed if rec.locks == 0 else 1):
            return False
        rec.until = now + min(self.max_lock_s, self.first_lock_s * 2**rec.locks)
        rec.locks += 1
        rec.failures = 0
        return True

    def _remember(self, table: OrderedDict, key: object, value: object) -> None:
        """Insert or refresh an entry; the oldest go when the table is full (memory bound)."""
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.max_entries:
            table.popitem(last=False)


class RateLimit:
    """At most ``limit`` events per key within ``window_s`` seconds (a sliding window)."""

    def __init__(
        self, limit: int, window_s: float, max_keys: int = 10_000, clock: Clock = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._lock = threading.Lock()
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, *keys: str) -> bool:
        """Count one event under every key, unless any key is already at its limit."""
        with self._lock:
            now = self.clock()
            windows = [self._window(k, now) for k in keys]
            if any(len(w) >= self.limit for w in windows):
                return False
            for w in windows:
                w.append(now)
            return True

    def _window(self, key: str, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        self._events.move_to_end(key)
        while events and now - events[0] >= self.window_s:
            events.popleft()
        while len(self._events) > self.max_keys:
            self._events.popitem(last=False)
        return events


def parse_networks(
    values: Iterable[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """'127.0.0.1', '10.0.0.0/8', '::1' → networks; a bad entry raises ValueError."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[str] = ()) -> str:
    """The client's address: the peer, or, when the peer is a trusted proxy, the nearest
    address in ``X-Forwarded-For`` that is not one (read from the right, where each proxy
    appends the address it saw; what a client writes on the left is never believed)."""
    nets = parse_networks(trusted)
    current = (peer or "").strip() or "unknown"
    if not nets or not forwarded_for:
        return current
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    while _in(current, nets) and hops:
        hop = hops.pop()
        if _ip(hop) is None:
            break  # garbage: keep the last address a trusted proxy vouched for
        current = hop
    return current


def is_trusted(address: str, trusted: Sequence[str]) -> bool:
    """Whether an address is one of the configured trusted proxies."""
    return bool(trusted) and _in(address, parse_networks(trusted))


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _in(address: str, nets: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in n for n in nets)


def address_key(address: str) -> str:
    """What a lockout is keyed by: the address, or its /64 for IPv6 (one machine's share)."""
    ip = _ip(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip) if ip is not None else (address or "unknown")[:64]


def account_key(account: str) -> str:
    """User names compare without case and surrounding spaces, and are cut short."""
    return (account or "").strip().casefold()[:MAX_USER_CHARS]


def minutes(seconds: float) -> int:
    """Whole minutes to wait, rounded up, at least one."""
    return max(1, int(-(-seconds // 60)))


class UploadGrants:
    """Which browsers may send files to Gradio's upload route: a signed-in administrator's page
    swaps a one-time code (given with the sign-in) for a cookie the route then requires."""

    def __init__(
        self, code_ttl_s: float = 120.0, ttl_s: float = 8 * 3600.0, clock: Clock = time.monotonic
    ) -> None:
        self.code_ttl_s = code_ttl_s
        self.ttl_s = ttl_s
        self.clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, float] = {}
        self._tokens: dict[str, float] = {}

    def issue_code(self) -> str:
        """A one-time code for a session that just signed in."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            now = self.clock()
            self._codes = {c: t for c, t in self._codes.items() if t > now}
            self._codes[code] = now + self.code_ttl_s
        return code

    def redeem(self, code: str) -> str | None:
        """The cookie token for a valid code (used up), else None."""
        with self._lock:
            now = self.clock()
            until = self._codes.pop(code or "", 0.0)
            if until <= now:
                return None
            token = secrets.token_urlsafe(32)
            self._tokens = {t: u for t, u in self._tokens.items() if u > now}
            self._tokens[token] = now + self.ttl_s
            return token

    def valid(self, token: str | None) -> bool:
        """Whether a cookie token lets its browser upload now."""
        with self._lock:
            return bool(token) and self._tokens.get(token or "", 0.0) > self.clock()

    def revoke(self, token: str | None) -> None:
        """Sign-out: the token no longer lets anything through."""
        with self._lock:
            self._tokens.pop(token or "", None)


Audit = Callable[[str, str, str, str], None]  # address, user, action, target
NOISY_ACTIONS = frozenset({"sign-in-locked", "denied", "upload-refused"})


@dataclass
class Guard:
    """The app's limits in one place, shared by the handlers and the web server's gate."""

    throttle: SignInThrottle
    grants: UploadGrants
    feedback: RateLimit  # per session
    feedback_by_address: RateLimit
    trusted: tuple[str, ...] = ()
    audit: Audit | None = None
    # Refusals anyone can cause are logged 30 times an hour per address and kind at most, so
    # that hammering a locked sign-in or a refused route cannot fill the disk with audit lines.
    refusals: RateLimit = field(default_factory=lambda: RateLimit(30, 3600.0))

    @classmethod
    def default(cls, trusted: Sequence[str] = (), audit: Audit | None = None) -> Guard:
        """Five failed sign-ins, then doubling lockouts; 20 feedbacks an hour a session, 200
        an address (an office behind one address holds many sessions)."""
        return cls(
            SignInThrottle(),
            UploadGrants(),
            RateLimit(20, 3600.0),
            RateLimit(200, 3600.0),
            tuple(trusted),
            audit,
        )

    def address(self, request: Any) -> str:
        """The client address of a Gradio request (``gr.Request``), or '' without one."""
        client = getattr(request, "client", None)
        peer = getattr(client, "host", None) or ""
        try:
            forwarded = request.headers.get("x-forwarded-for")
        except AttributeError:
            forwarded = None
        return client_address(peer, forwarded, self.trusted) if peer else ""

    def note(self, address: str, user: str, action: str, target: str = "") -> None:
        """Append to the audit log when one is attached (never raises into a handler)."""
        if self.audit is None:
            return
        if action in NOISY_ACTIONS and not self.refusals.allow(f"{address}|{action}"):
            return
        try:
            self.audit(address, (user or "")[:MAX_USER_CHARS], action, target)
        except Exception:  # an audit write (a locked or read-only index) never fails the action
            pass
