"""Evaluation harness: retrieval and answer quality per mode, language and question type."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answering.answer import compose
from .answering.search import Mode, run_search, with_mode
from .errors import HbtQaError
from .index.embed import Embedder
from .index.store import Store
from .language.text import fold, nfc
from .models import Answer, Hit

MODES: tuple[Mode, ...] = ("hybrid", "bm25", "vector")
TYPES = ("number", "date", "person", "list", "fact", "no-answer")


@dataclass(frozen=True)
class Question:
    """One line of an evaluation file."""

    id: str
    question: str
    doc: str | None
    evidence: str | None
    answer: str | None
    type: str
    lang: str
    alt: tuple[tuple[str, str], ...] = ()

    @property
    def answerable(self) -> bool:
        """False for questions the records cannot answer."""
        return self.type != "no-answer"


@dataclass
class Outcome:
    """What one mode did on one question."""

    rank: int | None  # 1-based rank of the first passage holding the evidence
    found: bool
    correct: bool
    answer: str


@dataclass
class Report:
    """All outcomes, with aggregate figures."""

    questions: list[Question]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    seconds: float = 0.0

    def metrics(self, mode: str, keep: Callable[[Question], bool] = lambda q: True) -> dict:
        """Recall@1/5, MRR@10, answer accuracy and no-answer precision/recall."""
        pairs = [
            (q, o) for q, o in zip(self.questions, self.outcomes[mode], strict=True) if keep(q)
        ]
        ans = [(q, o) for q, o in pairs if q.answerable]
        neg = [(q, o) for q, o in pairs if not q.answerable]
        said_none = [(q, o) for q, o in pairs if not o.found]
        out: dict[str, Any] = {"n": len(pairs), "answerable": len(ans), "no_answer": len(neg)}
        if ans:
            out["recall@1"] = _mean(o.rank is not None and o.rank <= 1 for _, o in ans)
            out["recall@5"] = _mean(o.rank is not None and o.rank <= 5 for _, o in ans)
            out["mrr@10"] = _mean(1 / o.rank if o.rank and o.rank <= 10 else 0 for _, o in ans)
            out["answer_accuracy"] = _mean(o.correct for _, o in ans)
        if said_none:
            out["no_answer_precision"] = _mean(not q.answerable for q, _ in said_none)
        if neg:
            out["no_answer_recall"] = _mean(not o.found for _, o in neg)
        return out

    def summary(self) -> dict[str, Any]:
        """Overall, per language and per type, for every mode."""
        langs = sorted({q.lang for q in self.questions})
        out: dict[str, Any] = {"questions": len(self.questions), "seconds": round(self.seconds, 1)}
        for mode in self.outcomes:
            out[mode] = {
                "all": self.metrics(mode),
                "by_lang": {x: self.metrics(mode, lambda q, x=x: q.lang == x) for x in langs},
                "by_type": {
                    t: self.metrics(mode, lambda q, t=t: q.type == t)
                    for t in TYPES
                    if any(q.type == t for q in self.questions)
                },
            }
        return out


def _mean(values: Iterable[float | bool]) -> float:
    """Mean rounded to 3 places."""
    vals = [float(v) for v in values]
    return round(statistics.fmean(vals), 3) if vals else 0.0


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question file; a bad line is an error naming the line and field."""
    out: list[Question] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise HbtQaError(f"{path}:{n}: not JSON ({exc.msg})") from None
        for key in ("id", "question", "type"):
            if not obj.get(key):
                raise HbtQaError(f"{path}:{n}: field '{key}' is missing")
        if obj["type"] not in TYPES:
            raise HbtQaError(f"{path}:{n}: type {obj['type']!r} is not one of {', '.join(TYPES)}")
        if obj["type"] != "no-answer" and not (obj.get("doc") and obj.get("evidence")):
            raise HbtQaError(f"{path}:{n}: an answerable question needs 'doc' and 'evidence'")
        if obj["id"] in seen:
            raise HbtQaError(f"{path}:{n}: id {obj['id']!r} is repeated")
        seen.add(obj["id"])
        alt = tuple((a["doc"], a["evidence"]) for a in obj.get("alt") or [])
        out.append(
            Question(
                id=str(obj["id"]),
                question=str(obj["question"]),
                doc=obj.get("doc"),
                evidence=obj.get("evidence"),
                answer=obj.get("answer"),
                type=obj["type"],
                lang=obj.get("lang") or "vi",
                alt=alt,
            )
        )
    return out


def evidence_rank(q: Question, hits: list[Hit]) -> int | None:
    """1-based rank of the first hit from the gold article that contains the evidence."""
    gold = [(q.doc, q.evidence), *q.alt]
    for i, h in enumerate(hits, 1):
        name = h.source.rsplit("/", 1)[-1]
        text = nfc(h.text)
        if any(name == d and nfc(e or "") in text for d, e in gold):
            return i
    return None


_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTHS = "January February March April May June July August September October November December"


def _dates(text: str) -> set[tuple[int, int, int]]:
    """Dates written d/m/yyyy or '28 May 2024'."""
    out = {(int(d), int(m), int(y)) for d, m, y in _DATE.findall(text)}
    names = _MONTHS.split()
    for d, mname, y in re.findall(r"(\d{1,2}) (" + "|".join(names) + r") (\d{4})", text):
        out.add((int(d), names.index(mname) + 1, int(y)))
    return out


def answer_correct(q: Question, ans: Answer) -> bool:
    """The gold value appears in the answer, after normalising amounts, dates and marks."""
    if not q.answerable or not ans.found or not q.answer:
        return False
    text = ans.text
    if q.type == "number":
        from .language.numbers import amounts_equal, normalize_amount_text

        gold = normalize_amount_text(q.answer)
        got = normalize_amount_text(text) + normalize_amount_text(ans.value or "")
        if gold:
            return any(amounts_equal(g, x) for g in gold for x in got)
    if q.type == "date":
        gold_d = _dates(q.answer)
        if gold_d:
            return bool(gold_d & _dates(text))
    items = [fold(x).strip() for x in q.answer.split("|") if x.strip()]
    have = fold(text)
    if q.type == "list":
        return sum(1 for x in items if x in have) >= max(1, len(items) // 2)
    return all(x in have for x in items)


def evaluate(
    store: Store,
    embedder: Embedder,
    questions: list[Question],
    modes: tuple[Mode, ...] = MODES,
    progress: Callable[[int, int], None] | None = None,
    home: tuple[str, ...] = (),
) -> Report:
    """Run every question once (one query embedding) and score each mode."""
    report = Report(questions, {m: [] for m in modes})
    t0 = time.perf_counter()
    for i, q in enumerate(questions):
        if progress:
            progress(i, len(questions))
        try:
            base = run_search(store, embedder, q.question, k=10, home=home)
        except HbtQaError:
            for m in modes:
                report.outcomes[m].append(Outcome(None, False, False, ""))
            continue
        for m in modes:
            res = base if m == "hybrid" else with_mode(store, base, m, k=10)
            ans = compose(q.question, res)
            report.outcomes[m].append(
                Outcome(evidence_rank(q, res.hits), ans.found, answer_correct(q, ans), ans.text)
            )
    report.seconds = time.perf_counter() - t0
    return report


def markdown_table(summary: dict[str, Any]) -> str:
    """The figures as a Markdown table: one row per mode and slice."""
    cols = ["recall@1", "recall@5", "mrr@10", "answer_accuracy"]
    cols += ["no_answer_precision", "no_answer_recall"]
    head = "| mode | slice | n | " + " | ".join(cols) + " |"
    lines = [head, "|" + "---|" * (len(cols) + 3)]
    for mode in MODES:
        if mode not in summary:
            continue
        block = summary[mode]
        slices = [("all", block["all"])]
        slices += [(f"lang={k}", v) for k, v in block["by_lang"].items()]
        slices += [(f"type={k}", v) for k, v in block["by_type"].items()]
        for name, m in slices:
            vals = [f"{m[c]:.3f}" if c in m else "–" for c in cols]
            lines.append(f"| {mode} | {name} | {m['n']} | " + " | ".join(vals) + " |")
    return "\n".join(lines)


def failures(report: Report, mode: str = "hybrid") -> list[dict[str, Any]]:
    """Questions the mode got wrong, for error analysis."""
    out = []
    for q, o in zip(report.questions, report.outcomes[mode], strict=True):
        wrong = (q.answerable and not o.correct) or (not q.answerable and o.found)
        if wrong:
            out.append(
                {"id": q.id, "q": q.question, "gold": q.answer, "rank": o.rank, "got": o.answer}
            )
    return out
