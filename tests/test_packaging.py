"""What an install needs is declared, bounded and locked (issue 15 point 1, issues 19 and 22)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = ROOT / "requirements.lock"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _requirements(extra: str | None = None) -> list[Requirement]:
    """The project's dependencies (or one extra's)."""
    project = PYPROJECT["project"]
    lines = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in lines]


def _third_party_imports() -> set[str]:
    """Top-level names of every non-standard module that src/ and app.py import."""
    found: set[str] = set()
    for path in [*sorted((ROOT / "src").rglob("*.py")), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("hbt_qa",)}


def test_every_imported_package_is_declared():
    declared = {canonicalize_name(r.name) for r in _requirements()}
    provides = importlib.metadata.packages_distributions()
    missing = {}
    for module in sorted(_third_party_imports()):
        dists = {canonicalize_name(d) for d in provides.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


def test_bounds_the_code_needs():
    reqs = {canonicalize_name(r.name): r for r in _requirements()}
    assert "lxml-html-clean" in reqs, "lxml ≥ 6.1 has no lxml.html.clean, which justext imports"
    assert not reqs["numpy"].specifier.contains("1.26.4"), "np.bitwise_count needs numpy 2"
    for name in ("sqlite-utils", "numpy", "pyyaml", "python-docx", "pypdf", "lxml", "pandas"):
        assert any(s.operator in ("<", "<=", "==") for s in reqs[name].specifier), name
    sqlite = reqs["pysqlite3-binary"]
    assert sqlite.marker is not None
    assert not sqlite.marker.evaluate({"sys_platform": "darwin"})
    assert sqlite.marker.evaluate({"sys_platform": "linux"})
    build = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    setuptools = next(r for r in build if r.name == "setuptools")
    assert not setuptools.specifier.contains("76.9"), 'license = "MIT" needs setuptools ≥ 77'


def _locked() -> dict[str, str]:
    """name → pinned version in requirements.lock."""
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", LOCK.read_text(), flags=re.M)
    return {canonicalize_name(name): version for name, version in pins}


def test_the_lock_pins_every_dependency_within_its_bounds():
    """A dependency added to pyproject without `make lock` fails here, not on a fresh machine."""
    locked = _locked()
    text = LOCK.read_text()
    assert "--hash=sha256:" in text
    wrong = []
    for req in [*_requirements(), *_requirements("test")]:
        version = locked.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            wrong.append(f"{req} (locked: {version})")
    assert not wrong, "run `make lock` (README, Dependencies): " + ", ".join(wrong)


def test_the_lock_names_no_machine_paths():
    text = LOCK.read_text()
    assert "file://" not in text and "--find-links" not in text and "/opt/" not in text


def test_html_reader_imports():
    """trafilatura's HTML path (justext) needs lxml.html.clean, a separate package since 6.1."""
    import lxml.html.clean  # noqa: F401
    import trafilatura  # noqa: F401


def test_driver_falls_back_to_the_standard_sqlite3(monkeypatch):
    import sqlite3

    from hbt_qa.errors import HbtQaError
    from hbt_qa.index import store

    monkeypatch.setitem(sys.modules, "pysqlite3", None)  # as on a laptop: no Linux wheel
    if hasattr(sqlite3.Connection, "enable_load_extension"):
        assert store._driver() is sqlite3
    else:  # this Python's own sqlite3 cannot load sqlite-vec: the message names the fix
        with pytest.raises(HbtQaError, match="cannot load extensions"):
            store._driver()
        monkeypatch.setattr(sys, "platform", "darwin")
        with pytest.raises(HbtQaError, match=r"python\.org"):
            store._driver()


def test_driver_prefers_pysqlite3_where_installed():
    from hbt_qa.index import store

    try:
        import pysqlite3
    except ImportError:
        pytest.skip("pysqlite3-binary is not installed here")
    assert store._driver() is pysqlite3


def test_version_has_one_source():
    from hbt_qa import __version__

    assert "version" in PYPROJECT["project"]["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "hbt_qa.__version__" and re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_readme_and_terminal_state_one_model_build_time():
    from hbt_qa.index.e5convert import BUILD_TIME

    assert f"({BUILD_TIME}," in README
    other = re.findall(r"[~≈]\s?\d+ ?s\b", README.split("## Asking")[0])
    assert not other, other


def test_quick_start_is_make_run_and_make_test_and_ci_runs_the_latter():
    quick = README.split("## Quick start")[1].split("\n## ")[0]
    block = quick.split("```bash\n")[1].split("```")[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in ci
