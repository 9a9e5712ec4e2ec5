"""The answer decision: which sentence answers, and whether any does, from fitted weights.

One logistic model scores every candidate sentence of the top hits from features that search
and the candidate finder already computed: topic overlap, whether it holds the asked kind of
value, the hit's rank, fused score and cosine, and how its period, place, organ and session fit
the question. The best-scoring sentence answers when its probability reaches the fitted
threshold; otherwise the answer is "not found". Unknown place, period or organ score 0.5, so
they lower confidence without refusing; only a positive contradiction vetoes (``answer``).

The weights are fitted on the dev half of the real records (`bench/fit_answer.py`) and shipped
as package data (``answer_model.json``), so every figure can be reproduced.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..language.abbreviations import with_other_forms
from ..language.roles import Role, asked_role, role_fit
from ..language.text import fold, fold_words

if TYPE_CHECKING:
    from ..index.query import QueryPlan
    from ..models import Hit
    from .search import SearchResult

_SYL = re.compile(r"\w+")
FEATURES = (
    "overlap",
    "has_value",
    "typed_without_value",
    "prior",
    "fused",
    "cosine_gap",
    "in_bm25",
    "place",
    "organ",
    "session",
    "sentence_period",
    "article_period",
    "widened",
    "list_shaped",
    "en",
    "en_overlap",
    "top_article",
    "idf_overlap",
    "passage_overlap",
    "title_overlap",
    "variant_not_asked",
    "role",
)
# Words that make a figure a variant or a part of an indicator ("sau điều tiết", "do huyện quản
# lý", "Trong đó, …"): an unqualified question asks for the headline figure (the total).
_VARIANT = re.compile(
    r"\b(sau dieu tiet|duoc huong|do (?:huyen|quan|tinh|thanh pho|xa|phuong) quan ly|"
    r"ngan sach (?:huyen|quan|xa|phuong|cap \w+)|thu noi dia|trong do)\b"
)


@dataclass
class Candidate:
    """A sentence considered as the answer."""

    hit_index: int
    start: int  # absolute offsets in the article
    end: int
    text: str
    overlap: float
    time_fit: float
    score: float
    value_at: int = 0  # where in ``text`` the value may start (after a sentence of context)
    has_value: bool = False  # holds the kind of value asked (amount, date, person)
    penalty: float = 0.0  # widened to a neighbouring sentence or cut to a clause
    list_shaped: bool = False  # enumerates items (a colon, then ';'-separated items)


# What the calibration adds to the best score, per kind of question: a question whose kind has
# no value to detect (a fact, a list) or asked in English has lower scores for the same odds of
# being right, and features constant within a question cannot move the selection itself.
KINDS = ("fact", "list", "date", "person", "en")


def kind_row(qtype: str, lang: str) -> list[float]:
    """The question's kind as 0/1 indicators in ``KINDS`` order (a number in Vietnamese: all 0)."""
    return [1.0 if qtype == k else 0.0 for k in KINDS[:-1]] + [1.0 if lang == "en" else 0.0]


@dataclass(frozen=True)
class Model:
    """Selection weights over ``FEATURES``; a calibration of the best score; the threshold."""

    weights: tuple[float, ...]
    scale: float
    bias: float
    threshold: float
    kinds: tuple[float, ...] = (0.0,) * len(KINDS)  # calibration offsets over ``KINDS``

    def score(self, x: list[float]) -> float:
        """How strongly a sentence answers, compared with the question's other candidates."""
        return sum(w * v for w, v in zip(self.weights, x, strict=True))

    def probability(self, best_score: float, kind: list[float] | None = None) -> float:
        """P(the best-scoring sentence answers a question of this kind (``kind_row``))."""
        z = self.scale * best_score + self.bias
        z += sum(w * v for w, v in zip(self.kinds, kind or [0.0] * len(KINDS), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Context:
    """What every candidate of one question shares: its topic, term weights and top scores."""

    topic: QueryPlan
    idf: dict[str, float]
    top_score: float
    top_cos: float
    role: Role  # the office a "who" question asks about
    # Per hit index: the topic's coverage of its passage and title, shared by its sentences.
    covers: dict[int, tuple[float, float]] = field(default_factory=dict)

    def hit_cover(self, index: int, hit: Hit) -> tuple[float, float]:
        """(passage, title) coverage of the topic for the hit at ``index``, computed once."""
        from .overlap import topic_coverage

        if index not in self.covers:
            topic = self.topic
            self.covers[index] = (topic_coverage(topic, hit.text), topic_coverage(topic, hit.title))
        return self.covers[index]


def context(result: SearchResult) -> Context:
    """The shared part of the features, computed once per question."""
    from .overlap import topic_plan

    topic = topic_plan(result.plan, result.constraints)
    total, docs = result.doc_freqs
    terms = (*topic.terms, *topic.en_terms)
    idf = {t: math.log((total + 1) / (1 + docs.get(("folded", t), 0))) + 0.1 for t in terms}
    hits = result.hits
    top_score = max((h.score for h in hits), default=1.0) or 1.0
    top_cos = max((h.legs.get("cosine", 0.0) for h in hits), default=0.0)
    return Context(topic, idf, top_score, top_cos, asked_role(result.plan.raw))


def _variant_not_asked(ctx: Context, text: str) -> float:
    """1 when a sentence reports a variant or part of a figure that the question did not ask
    for ("thu ngân sách quận sau điều tiết" for "the total budget revenue")."""
    words = fold_words(text)
    asked = " ".join(
        (*ctx.topic.terms, *ctx.topic.phrases, ctx.topic.text and fold(ctx.topic.text))
    )
    found = {m.group(1) for m in _VARIANT.finditer(words)}
    return 1.0 if any(v not in asked for v in found) else 0.0


def _idf_overlap(ctx: Context, text: str) -> float:
    """Share of the topic's term weight (rare words weigh more) found in a text, an abbreviation
    counting as its full form ("TXCT" holds "tiếp xúc cử tri")."""
    from .overlap import english_coverage

    if not ctx.idf:
        return 0.0
    have = set(with_other_forms(" ".join(_SYL.findall(fold(text)))).split())
    own = sum(w for t, w in ctx.idf.items() if t in have) / sum(ctx.idf.values())
    return max(own, english_coverage(ctx.topic, text))


def features(
    ctx: Context,
    result: SearchResult,
    cand: Candidate,
    typed: bool,
    list_question: bool,
) -> list[float]:
    """The feature vector of one candidate sentence, in ``FEATURES`` order."""
    hits = result.hits
    hit: Hit = hits[cand.hit_index]
    en = 1.0 if result.plan.lang == "en" else 0.0
    legs = hit.legs
    return [
        cand.overlap,
        1.0 if cand.has_value else 0.0,
        1.0 if typed and not cand.has_value else 0.0,
        1.0 / (1 + cand.hit_index),
        hit.score / ctx.top_score,
        legs.get("cosine", 0.0) - ctx.top_cos,
        1.0 if legs.get("bm25_rank", 0.0) > 0 else 0.0,
        legs.get("place_fit", 0.5) - 0.5,
        legs.get("organ_fit", 0.5) - 0.5,
        legs.get("session_fit", 0.5) - 0.5,
        cand.time_fit - 0.5,
        legs.get("time_fit", 0.5) - 0.5,
        cand.penalty,
        1.0 if list_question and cand.list_shaped else 0.0,
        en,
        en * cand.overlap,
        1.0 if hit.article_id == hits[0].article_id else 0.0,
        _idf_overlap(ctx, cand.text),
        *ctx.hit_cover(cand.hit_index, hit),
        _variant_not_asked(ctx, cand.text[cand.value_at :]),
        role_fit(ctx.role, cand.text[cand.value_at :]) - 0.5 if typed and cand.has_value else 0.0,
    ]


@cache
def model() -> Model:
    """The fitted model shipped with the package."""
    raw = json.loads(resources.files(__package__).joinpath("answer_model.json").read_text())
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(
            "answer_model.json was fitted on other features: refit it with bench/fit_answer.py"
        )
    kinds = raw.get("kinds", {})
    return Model(
        tuple(raw["weights"]),
        float(raw["scale"]),
        float(raw["bias"]),
        float(raw["threshold"]),
        tuple(float(kinds.get(k, 0.0)) for k in KINDS),
    )


def fit_logistic(
    rows: list[list[float]], labels: list[int], l2: float = 1.0, steps: int = 50
) -> tuple[list[float], float]:
    """L2-regularised logistic regression by Newton's method (weights, bias); numpy only."""
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return [float(v) for v in w[:-1]], float(w[-1])


def fit_selection(
    groups: list[tuple[list[list[float]], list[int]]], l2: float = 1.0, steps: int = 60
) -> list[float]:
    """Conditional-logit weights: each question's right sentences outscore its others.

    ``groups`` holds, per question with at least one right candidate, the candidates' feature
    rows and 0/1 labels; the target is uniform over the right ones (Newton's method, numpy).
    """
    import numpy as np

    data = [
        (np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64) / sum(y))
        for x, y in groups
        if sum(y)
    ]
    d = data[0][0].shape[1]
    w = np.zeros(d)
    for _ in range(steps):
        grad = -l2 * w
        hess = -l2 * np.eye(d)
        for x, t in data:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += x.T @ (t - p)
            xp = x.T @ p
            hess -= (x * p[:, None]).T @ x - np.outer(xp, xp)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return [float(v) for v in w]
