"""The package layout: stages import downwards only, no cycles, no big modules without a reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hbt_qa"

# Lowest first: a module may import its own layer, the layers before it and the shared modules.
# The stages, then the faces: the one facade (service), the evaluation harness, the web app and
# the command line. No stage imports a face; only the command line imports the web app.
LAYERS = (
    "language", "ingest", "index", "figures", "answering", "service", "goldanswer", "evaluate",
    "web", "cli_args", "cli", "__main__",
)  # fmt: skip
STAGES = ("language", "ingest", "index", "figures", "answering", "web")
SHARED = {"models", "errors", "config", "__init__"}
MAX_LINES = 450


def module_name(path: Path) -> str:
    """Dotted name of a module under hbt_qa ('language.text', 'cli')."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every hbt_qa module a file imports, lazily or not, as dotted names under hbt_qa."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "hbt_qa":
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(".".join(target))
            else:  # "from . import x": a module, or a name of the package's __init__
                for alias in node.names:
                    is_module = (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").exists()
                    found.add(alias.name if is_module else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("hbt_qa."):
                    found.add(alias.name.removeprefix("hbt_qa."))
    return found


def stage_of(module: str) -> str:
    """The stage a module belongs to, or its own name for a top module."""
    return module.split(".")[0]


def graph() -> dict[str, set[str]]:
    """module → modules it imports, over the whole package."""
    return {module_name(p): imports_of(p) for p in SRC.rglob("*.py")}


def allowed(src: str, dst: str) -> bool:
    """True when module ``src`` may import module ``dst``."""
    a, b = stage_of(src), stage_of(dst)
    if a == b or b in SHARED:
        return True
    if a in SHARED:
        return False
    return LAYERS.index(b) < LAYERS.index(a)


def test_layout_rules_see_real_violations() -> None:
    """The rule itself: upward imports and imports of the faces are refused."""
    assert not allowed("language.text", "ingest.articles")
    assert not allowed("index.store", "answering.search")
    assert not allowed("figures.trends", "answering.constraints")
    assert not allowed("web.figures_tab", "cli")
    assert not allowed("answering.answer", "service")
    assert not allowed("models", "language.text")
    assert allowed("answering.search", "index.store")
    assert allowed("cli", "web.app")
    assert allowed("web.app", "service")
    assert allowed("language.segment", "models")


def test_every_stage_imports_downwards_only() -> None:
    """No stage imports a later stage, the command line, the service or the web app."""
    bad = sorted(
        f"{src} imports {dst}"
        for src, dsts in graph().items()
        for dst in dsts
        if not allowed(src, dst)
    )
    assert not bad, "\n".join(bad)


def test_language_is_pure() -> None:
    """language/ imports nothing of ours but the shared record types."""
    for src, dsts in graph().items():
        if stage_of(src) == "language":
            assert {stage_of(d) for d in dsts} <= {"language", "models"}, (src, dsts)


def test_no_import_cycle() -> None:
    """No module reaches itself through its imports, lazy imports included."""
    g = graph()
    known = set(g)

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    edges = {m: {r for d in ds if (r := resolve(d)) and r != m} for m, ds in g.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                cycle = [*path[path.index(n) :], n]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


def test_modules_are_small_or_say_why() -> None:
    """A module past ~450 lines says at its top why it stays whole."""
    big = []
    for p in SRC.rglob("*.py"):
        lines = p.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES:
            doc = ast.get_docstring(ast.parse("\n".join(lines))) or ""
            if "kept whole" not in doc:
                big.append(f"{p.relative_to(SRC)}: {len(lines)} lines")
    assert not big, big


def test_every_package_says_what_it_takes_and_gives() -> None:
    """Each stage's __init__ has a docstring naming its stage."""
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((SRC / stage / "__init__.py").read_text()))
        assert doc and len(doc) > 60, stage
