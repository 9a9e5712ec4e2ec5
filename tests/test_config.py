"""Settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from hbt_qa.config import Settings
from hbt_qa.errors import ConfigError


def test_defaults_and_overrides():
    s = Settings.from_env({"HBT_QA_INDEX": "/tmp/x.db", "HBT_QA_PORT": "8000"})
    assert s.index_path == Path("/tmp/x.db") and s.port == 8000
    assert Settings.from_env({}).host == "127.0.0.1"


def test_bad_port_names_the_variable():
    with pytest.raises(ConfigError, match="HBT_QA_PORT"):
        Settings.from_env({"HBT_QA_PORT": "abc"})


def test_open_unless_login_required():
    admin = {"HBT_QA_ADMIN_USER": "a", "HBT_QA_ADMIN_PASSWORD": "b"}
    assert Settings.from_env(admin).login_pair() is None
    locked = Settings.from_env(admin | {"HBT_QA_REQUIRE_LOGIN": "1"})
    assert locked.login_pair() == ("a", "b")
    with pytest.raises(ConfigError, match="HBT_QA_ADMIN_USER"):
        Settings.from_env({"HBT_QA_REQUIRE_LOGIN": "1"})


def test_admin_password_never_appears_in_the_settings_repr() -> None:
    from hbt_qa.config import Settings

    s = Settings.from_env({"HBT_QA_ADMIN_USER": "u", "HBT_QA_ADMIN_PASSWORD": "pw-123-secret"})
    assert s.admin_password == "pw-123-secret"
    assert "pw-123-secret" not in repr(s) and "pw-123-secret" not in str(s)


def test_the_offices_home_places_are_read_and_folded_as_questions_name_them(tmp_path) -> None:
    from hbt_qa.service import Service

    s = Settings.from_env({"HBT_QA_HOME": "quận Lam Sơn, Phường Đồi Mây ,"})
    assert s.home == ("quận Lam Sơn", "Phường Đồi Mây")
    assert Service(s).home == ("lam son", "doi may")
    assert Settings.from_env({}).home == () and Service(Settings.from_env({})).home == ()
