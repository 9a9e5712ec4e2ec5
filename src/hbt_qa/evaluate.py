"""Evaluation harness: retrieval and answer quality per mode, language and question type.

A question file is JSONL: ``id``, ``question``, ``lang``, ``type``, ``doc``, ``evidence``,
``answer`` (optionally ``alt``: other ``{doc, evidence}`` pairs that also answer it).

- ``doc`` names the gold article by its file name (``x.txt``) or by its stem (``x``); either
  matches a stored article whose source file has that name or stem.
- ``answer`` is the gold value, judged by ``goldanswer``. A part in parentheses is optional
  context and is not required. Items joined by ``"; "`` must all appear; items joined by
  ``" | "`` (the synthetic sets) must all appear too, except for ``list`` questions, where half
  of them suffice. A ``number`` answer is compared as amounts (money, percentages); a count
  with no such amount (``17 tờ trình``) is also right when the answer's picked value is that
  number. A ``date`` answer is compared as dates: a full ``d/m/yyyy`` date must be in the
  answer; a day and month without a year (``sáng 25/10 (2019)``, ``4 November``) must be in it
  with no other year than the gold's parenthesised one.
- ``--split`` (``split_of``): a question whose ``doc`` is set belongs to the split of its
  article, ``dev`` when the first byte of SHA-1 of the doc's stem is even, else ``test``;
  a no-answer question (empty ``doc``) is split the same way by its ``id``. The rule depends on
  nothing else, so a new article or question never moves another one.

Figures (``Report.metrics``), for each mode and for every language, type and direction slice:
passage recall@1/5 and MRR@10 (rank of the first hit that comes from the gold article and
contains the evidence), article recall@1/5 and MRR@10 (rank of the gold article among the
distinct articles of the top 10 hits, in order), answer accuracy, no-answer precision and
recall, and the **wrong-period rate**: among answered questions (``found``), the share answered
from another record than the gold one: an answerable question whose first citation is not
from the gold article, or a no-answer question answered at all (it can only quote another
period, place or body), and the **number value accuracy**: the share of answerable number
questions whose stated value is the gold figure (answer accuracy also takes it from the quote).
A direction is ``question language→article language``; the article language (``text_lang``) is
``en`` when fewer than 30% of the article's words carry Vietnamese marks (or đ), else ``vi``.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .answering.answer import compose
from .answering.search import Mode, run_search, with_mode
from .errors import HbtQaError
from .goldanswer import answer_correct, stated_value_correct
from .index.embed import Embedder
from .index.store import Store
from .language.text import nfc, text_lang
from .models import Hit

MODES: tuple[Mode, ...] = ("hybrid", "bm25", "vector")
TYPES = ("number", "date", "person", "list", "fact", "no-answer")
Split = Literal["dev", "test", "all"]


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

    @property
    def docs(self) -> tuple[str, ...]:
        """The gold article and the alternative ones."""
        return tuple(d for d in (self.doc, *(d for d, _ in self.alt)) if d)


@dataclass
class Outcome:
    """What one mode did on one question."""

    rank: int | None  # 1-based rank of the first passage holding the evidence
    found: bool
    correct: bool
    answer: str
    article_rank: int | None = None  # 1-based rank of the gold article among distinct articles
    cited: str | None = None  # source of the first citation of a found answer
    confidence: float | None = None  # the answer decision's probability for its best sentence
    value_correct: bool | None = None  # a number question: the stated value is the gold figure

    def off_record(self, q: Question) -> bool:
        """Answered from another record than the gold one (any answer to a no-answer question)."""
        if not self.found:
            return False
        return not q.answerable or not any(doc_matches(self.cited or "", d) for d in q.docs)


@dataclass
class Report:
    """All outcomes, with aggregate figures."""

    questions: list[Question]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    seconds: float = 0.0
    doc_lang: dict[str, str] = field(default_factory=dict)  # gold doc → 'vi' or 'en'

    def direction(self, q: Question) -> str | None:
        """'question language→article language' of an answerable question, if its doc is known."""
        lang = self.doc_lang.get(q.doc or "")
        return f"{q.lang}→{lang}" if q.answerable and lang else None

    def metrics(self, mode: str, keep: Callable[[Question], bool] = lambda q: True) -> dict:
        """Passage and article recall@1/5 and MRR@10, answer accuracy, no-answer P/R, off-record."""
        pairs = [
            (q, o) for q, o in zip(self.questions, self.outcomes[mode], strict=True) if keep(q)
        ]
        ans = [(q, o) for q, o in pairs if q.answerable]
        neg = [(q, o) for q, o in pairs if not q.answerable]
        said_none = [(q, o) for q, o in pairs if not o.found]
        answered = [(q, o) for q, o in pairs if o.found]
        out: dict[str, Any] = {"n": len(pairs), "answerable": len(ans), "no_answer": len(neg)}
        if ans:
            out["recall@1"] = _mean(o.rank is not None and o.rank <= 1 for _, o in ans)
            out["recall@5"] = _mean(o.rank is not None and o.rank <= 5 for _, o in ans)
            out["mrr@10"] = _mean(1 / o.rank if o.rank and o.rank <= 10 else 0 for _, o in ans)
            ranks = [o.article_rank for _, o in ans]
            out["article_recall@1"] = _mean(r is not None and r <= 1 for r in ranks)
            out["article_recall@5"] = _mean(r is not None and r <= 5 for r in ranks)
            out["article_mrr@10"] = _mean(1 / r if r and r <= 10 else 0 for r in ranks)
            out["answer_accuracy"] = _mean(o.correct for _, o in ans)
            stated = [o.value_correct for _, o in ans if o.value_correct is not None]
            if stated:
                out["number_value_accuracy"] = _mean(stated)
        if said_none:
            out["no_answer_precision"] = _mean(not q.answerable for q, _ in said_none)
        if neg:
            out["no_answer_recall"] = _mean(not o.found for _, o in neg)
        if answered:
            out["answered"] = len(answered)
            out["wrong_period_rate"] = _mean(o.off_record(q) for q, o in answered)
        return out

    def summary(self) -> dict[str, Any]:
        """Overall, per language, per type and per direction, for every mode."""
        langs = sorted({q.lang for q in self.questions})
        dirs = sorted({d for q in self.questions if (d := self.direction(q))})
        out: dict[str, Any] = {"questions": len(self.questions), "seconds": round(self.seconds, 1)}
        for mode in self.outcomes:
            out[mode] = {
                "all": self.metrics(mode),
                "by_lang": {x: self.metrics(mode, _where(_lang, x)) for x in langs},
                "by_type": {
                    t: self.metrics(mode, _where(_type, t))
                    for t in TYPES
                    if any(q.type == t for q in self.questions)
                },
                "by_direction": {d: self.metrics(mode, _where(self.direction, d)) for d in dirs},
                "reliability": self.reliability(mode),
            }
        return out

    def reliability(self, mode: str) -> list[dict[str, Any]]:
        """The reliability curve: per band of the decision's probability, how many questions
        fell in it, how many were answered, how many answers were right, how many had one."""
        out = []
        pairs = list(zip(self.questions, self.outcomes[mode], strict=True))
        for i in range(RELIABILITY_BANDS):
            band = [
                (q, o)
                for q, o in pairs
                if o.confidence is not None
                and min(int(o.confidence * RELIABILITY_BANDS), RELIABILITY_BANDS - 1) == i
            ]
            out.append(
                {
                    "band": f"{i / RELIABILITY_BANDS:.1f}–{(i + 1) / RELIABILITY_BANDS:.1f}",
                    "n": len(band),
                    "answered": sum(o.found for _, o in band),
                    "right": sum(o.correct for _, o in band),
                    "answerable": sum(q.answerable for q, _ in band),
                }
            )
        return out


def _where(key: Callable[[Question], object], value: object) -> Callable[[Question], bool]:
    """A question filter: ``key(q) == value``."""
    return lambda q: key(q) == value


def _lang(q: Question) -> str:
    """A question's language."""
    return q.lang


def _type(q: Question) -> str:
    """A question's type."""
    return q.type


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
                doc=obj.get("doc") or None,
                evidence=obj.get("evidence") or None,
                answer=obj.get("answer") or None,
                type=obj["type"],
                lang=obj.get("lang") or "vi",
                alt=alt,
            )
        )
    return out


def _stem(name: str) -> str:
    """A file name without its folder and extension."""
    name = name.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def doc_matches(source: str, doc: str) -> bool:
    """True when a stored source is the gold doc, named by file name (``x.txt``) or stem (``x``)."""
    name = source.rsplit("/", 1)[-1]
    return name == doc or _stem(name) == doc


def doc_path(folder: Path, doc: str) -> Path | None:
    """The file in ``folder`` that a gold ``doc`` names, if there is exactly one."""
    exact = folder / doc
    if exact.is_file():
        return exact
    found = [p for p in folder.glob(f"{doc}.*") if p.is_file() and p.stem == doc]
    return found[0] if len(found) == 1 else None


def split_of(q: Question) -> Literal["dev", "test"]:
    """'dev' or 'test': SHA-1 parity of the doc's stem, or of the id for a no-answer question."""
    key = _stem(q.doc) if q.doc else q.id
    return "dev" if hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def select_split(questions: list[Question], split: Split) -> list[Question]:
    """The questions of one split ('all' keeps them all)."""
    return questions if split == "all" else [q for q in questions if split_of(q) == split]


def gold_languages(store: Store, questions: list[Question]) -> tuple[dict[str, str], list[str]]:
    """Language of each gold doc's stored article, and the docs that are not in the index."""
    docs = {q.doc for q in questions if q.doc}
    by_doc: dict[str, str] = {}
    for row in store.articles():
        for doc in docs - by_doc.keys():
            if doc_matches(row["source"], doc):
                art = store.article(row["article_id"])
                by_doc[doc] = text_lang(art["text"] if art else "")
    return by_doc, sorted(docs - by_doc.keys())


def evidence_rank(q: Question, hits: list[Hit]) -> int | None:
    """1-based rank of the first hit from the gold article that contains the evidence."""
    gold = [(q.doc, q.evidence), *q.alt]
    for i, h in enumerate(hits, 1):
        text = nfc(h.text)
        if any(d and doc_matches(h.source, d) and nfc(e or "") in text for d, e in gold):
            return i
    return None


def article_rank(q: Question, hits: list[Hit]) -> int | None:
    """1-based rank of the gold article (or an alternative) among the hits' distinct articles."""
    seen: list[str] = []
    for h in hits:
        if h.article_id in seen:
            continue
        seen.append(h.article_id)
        if any(doc_matches(h.source, d) for d in q.docs):
            return len(seen)
    return None


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
    report.doc_lang, _ = gold_languages(store, questions)
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
            cited = ans.citations[0].source if ans.found and ans.citations else None
            report.outcomes[m].append(
                Outcome(
                    evidence_rank(q, res.hits),
                    ans.found,
                    answer_correct(q, ans),
                    ans.text,
                    article_rank(q, res.hits),
                    cited,
                    ans.confidence,
                    stated_value_correct(q, ans),
                )
            )
    report.seconds = time.perf_counter() - t0
    return report


RELIABILITY_BANDS = 5  # equal bands of probability in the reliability curve
COLUMNS = (
    ("article_recall@1", "art R@1"),
    ("article_recall@5", "art R@5"),
    ("recall@1", "psg R@1"),
    ("recall@5", "psg R@5"),
    ("mrr@10", "psg MRR@10"),
    ("answer_accuracy", "answer acc."),
    ("no_answer_precision", "no-ans P"),
    ("no_answer_recall", "no-ans R"),
    ("wrong_period_rate", "wrong-period"),
    ("number_value_accuracy", "number value acc."),
)


def markdown_table(summary: dict[str, Any]) -> str:
    """The figures as a Markdown table: one row per mode and slice."""
    head = "| mode | slice | n | " + " | ".join(label for _, label in COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 3)]
    for mode in MODES:
        if mode not in summary:
            continue
        block = summary[mode]
        slices = [("all", block["all"])]
        slices += [(f"lang={k}", v) for k, v in block["by_lang"].items()]
        slices += [(f"type={k}", v) for k, v in block["by_type"].items()]
        slices += [(f"dir={k}", v) for k, v in block.get("by_direction", {}).items()]
        for name, m in slices:
            vals = [f"{m[c]:.3f}" if c in m else "–" for c, _ in COLUMNS]
            lines.append(f"| {mode} | {name} | {m['n']} | " + " | ".join(vals) + " |")
    return "\n".join(lines)


def reliability_table(summary: dict[str, Any], mode: str = "hybrid") -> str:
    """The reliability curve of one mode as a Markdown table (``Report.reliability``)."""
    lines = [
        f"Reliability ({mode}): the answer decision's probability against how often it was right",
        "",
        "| probability | questions | answered | right | share right of answered | answerable |",
        "|---|---|---|---|---|---|",
    ]
    for b in summary.get(mode, {}).get("reliability", []):
        share = f"{b['right'] / b['answered']:.2f}" if b["answered"] else "–"
        lines.append(
            f"| {b['band']} | {b['n']} | {b['answered']} | {b['right']} | {share} | "
            f"{b['answerable']} |"
        )
    return "\n".join(lines)


def failures(report: Report, mode: str = "hybrid") -> list[dict[str, Any]]:
    """Questions the mode got wrong, for error analysis."""
    out = []
    for q, o in zip(report.questions, report.outcomes[mode], strict=True):
        wrong = (q.answerable and not o.correct) or (not q.answerable and o.found)
        if wrong:
            out.append(
                {
                    "id": q.id,
                    "q": q.question,
                    "gold": q.answer,
                    "rank": o.rank,
                    "article_rank": o.article_rank,
                    "cited": o.cited,
                    "got": o.answer,
                }
            )
    return out


def outcome_rows(report: Report) -> list[dict[str, Any]]:
    """One JSON-ready row per question: its slice keys and every mode's outcome."""
    rows = []
    for i, q in enumerate(report.questions):
        row: dict[str, Any] = {
            "id": q.id,
            "lang": q.lang,
            "type": q.type,
            "doc": q.doc,
            "direction": report.direction(q),
        }
        for mode, outs in report.outcomes.items():
            o = outs[i]
            row[mode] = {
                "rank": o.rank,
                "article_rank": o.article_rank,
                "found": o.found,
                "correct": o.correct,
                "value_correct": o.value_correct,
                "off_record": o.off_record(q),
                "cited": o.cited,
                "answer": o.answer,
            }
        rows.append(row)
    return rows
