"""Settings: the one place that reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MODEL = "embedded:e5-small-q4"


def _default_cache() -> Path:
    """Where the embedded model is materialised, outside git."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "hbt_qa"


@dataclass(frozen=True)
class Settings:
    """Everything hbt_qa can be told from outside; build with ``Settings.from_env()``."""

    index_path: Path = Path("index/hbt_qa.db")
    corpus_dir: Path = Path("corpus")
    model: str = DEFAULT_MODEL
    cache_dir: Path = field(default_factory=_default_cache)
    host: str = "127.0.0.1"
    port: int = 7860
    top_k: int = 10
    rrf_k: int = 60
    torch_threads: int = 0  # 0 leaves torch's default
    admin_user: str | None = None  # the records tab needs both; unset → admin disabled
    admin_password: str | None = field(default=None, repr=False)  # never printed or logged
    require_login: bool = False  # HBT_QA_REQUIRE_LOGIN=1: the whole app asks for the admin login
    max_upload_bytes: int = 20 * 1024 * 1024
    # HBT_QA_TRUSTED_PROXIES="127.0.0.1,10.0.0.0/8": only requests from these addresses may name
    # the client in X-Forwarded-For (sign-in throttling and the audit log); unset: none.
    trusted_proxies: tuple[str, ...] = ()
    # HBT_QA_TITLE: the app's heading in both languages; unset: the message table's own
    # ("Hỏi đáp biên bản họp UBND, HĐND quận Hai Bà Trưng").
    title: str | None = None
    # HBT_QA_HOME="Hai Bà Trưng": the office's own place(s), comma-separated, slightly preferred
    # when a question names no place ("quận đã giải ngân …" asked in that office); unset: none.
    home: tuple[str, ...] = ()

    def login_pair(self) -> tuple[str, str] | None:
        """The whole-app login when HBT_QA_REQUIRE_LOGIN is set; chat and search are open else."""
        if self.require_login and self.admin_user and self.admin_password:
            return (self.admin_user, self.admin_password)
        return None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read ``HBT_QA_*`` variables, falling back to defaults."""
        e = os.environ if env is None else env
        s = cls()
        updates: dict[str, object] = {}
        if e.get("HBT_QA_INDEX"):
            updates["index_path"] = Path(e["HBT_QA_INDEX"])
        if e.get("HBT_QA_CORPUS"):
            updates["corpus_dir"] = Path(e["HBT_QA_CORPUS"])
        if e.get("HBT_QA_MODEL"):
            updates["model"] = e["HBT_QA_MODEL"]
        if e.get("HBT_QA_CACHE"):
            updates["cache_dir"] = Path(e["HBT_QA_CACHE"])
        if e.get("HBT_QA_HOST"):
            updates["host"] = e["HBT_QA_HOST"]
        if e.get("HBT_QA_PORT"):
            updates["port"] = _int(e["HBT_QA_PORT"], "HBT_QA_PORT")
        if e.get("HBT_QA_HOME"):
            updates["home"] = tuple(x.strip() for x in e["HBT_QA_HOME"].split(",") if x.strip())
        if e.get("HBT_QA_THREADS"):
            updates["torch_threads"] = _int(e["HBT_QA_THREADS"], "HBT_QA_THREADS")
        if e.get("HBT_QA_REQUIRE_LOGIN", "").strip().lower() in ("1", "true", "yes", "on"):
            if not (e.get("HBT_QA_ADMIN_USER") and e.get("HBT_QA_ADMIN_PASSWORD")):
                from .errors import ConfigError

                raise ConfigError(
                    "HBT_QA_REQUIRE_LOGIN needs HBT_QA_ADMIN_USER and HBT_QA_ADMIN_PASSWORD set"
                )
            updates["require_login"] = True
        if e.get("HBT_QA_TRUSTED_PROXIES", "").strip():
            updates["trusted_proxies"] = _networks(e["HBT_QA_TRUSTED_PROXIES"])
        if e.get("HBT_QA_TITLE", "").strip():
            updates["title"] = " ".join(e["HBT_QA_TITLE"].split())[:200]
        if e.get("HBT_QA_ADMIN_USER") and e.get("HBT_QA_ADMIN_PASSWORD"):
            updates["admin_user"] = e["HBT_QA_ADMIN_USER"]
            updates["admin_password"] = e["HBT_QA_ADMIN_PASSWORD"]
        return replace(s, **updates)  # type: ignore[arg-type]


def _int(value: str, name: str) -> int:
    """Parse an integer setting or say which variable is wrong."""
    from .errors import ConfigError

    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number: set it to e.g. 7860") from None


def _networks(value: str) -> tuple[str, ...]:
    """Comma-separated addresses or networks, each checked."""
    import ipaddress

    from .errors import ConfigError

    out = []
    for item in (v.strip() for v in value.split(",")):
        if not item:
            continue
        try:
            out.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"HBT_QA_TRUSTED_PROXIES: {item!r} is not an address or network: "
                "give e.g. 127.0.0.1,10.0.0.0/8"
            ) from None
    return tuple(out)
