"""Fit the answer decision (answering/decide.py) on the dev half of the real records.

    .venv/bin/python bench/fit_answer.py \
        --set /tmp/rd.db ../shared/realdev/questions.jsonl dev \
        --set /tmp/dev.db bench/devset/questions.jsonl all \
        --out src/hbt_qa/answering/answer_model.json

Each ``--set`` is an index, its question file and the split used (the real records' dev half,
and the synthetic dev set, so that neither kind of page is given up for the other).

Runs each question's hybrid search once, scores every candidate sentence of the top hits with
the features of ``decide.FEATURES``, labels a candidate right when it comes from the gold
article and overlaps the gold evidence, fits an L2 logistic model, then picks the threshold
that maximises right answers plus right refusals on the same half. Prints the reliability
curve (predicted probability of the chosen sentence against how often it was right).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from hbt_qa.answering.answer import candidates
from hbt_qa.answering.decide import (
    FEATURES,
    KINDS,
    context,
    features,
    fit_logistic,
    fit_selection,
    kind_row,
)
from hbt_qa.answering.search import run_search
from hbt_qa.config import Settings
from hbt_qa.evaluate import doc_matches, load_questions, select_split
from hbt_qa.index.store import Store
from hbt_qa.language.values import question_type
from hbt_qa.service import Service


def evidence_span(store: Store, hit_article: str, evidence: str) -> tuple[int, int] | None:
    """Where the gold evidence stands in the stored article text."""
    art = store.article(hit_article)
    if art is None:
        return None
    at = art["text"].find(evidence)
    return (at, at + len(evidence)) if at >= 0 else None


def collect(index: Path, questions: Path, split: str) -> list[dict]:
    """Per question: its candidates' feature rows and labels."""
    settings = Settings.from_env()
    settings = dataclasses.replace(settings, index_path=index)
    service = Service(settings)
    store = service.ready_store()
    out = []
    for q in select_split(load_questions(questions), split):  # type: ignore[arg-type]
        result = run_search(store, service.embedder, q.question, k=8)
        qtype = question_type(q.question)
        typed = qtype in ("number", "date", "person")
        rows, labels = [], []
        spans: dict[str, tuple[int, int] | None] = {}
        ctx = context(result)
        for c in candidates(result, qtype):
            hit = result.hits[c.hit_index]
            rows.append(features(ctx, result, c, typed, qtype == "list"))
            right = False
            if q.answerable and any(doc_matches(hit.source, d) for d in q.docs):
                if hit.article_id not in spans:
                    spans[hit.article_id] = evidence_span(store, hit.article_id, q.evidence or "")
                span = spans[hit.article_id]
                right = span is not None and c.start < span[1] and span[0] < c.end
            labels.append(1 if right else 0)
        group = (q.docs[0] if q.docs else q.id) + "@" + str(questions)
        kind = kind_row(qtype, result.plan.lang)
        out.append(
            {
                "id": q.id,
                "answerable": q.answerable,
                "rows": rows,
                "labels": labels,
                "group": group,
                "kind": kind,
            }
        )
    return out


def best_of(q: dict, weights: list[float]) -> tuple[float, bool]:
    """The best candidate's selection score and whether it is right."""
    if not q["rows"]:
        return -1e9, False
    scores = [sum(w * x for w, x in zip(weights, r, strict=True)) for r in q["rows"]]
    i = max(range(len(scores)), key=lambda j: scores[j])
    return scores[i], bool(q["labels"][i])


def calibrate(per_q: list[dict], weights: list[float]) -> tuple[list[float], float, list[tuple]]:
    """Logistic calibration of the best score: P(the chosen sentence is a right answer)."""
    best = [(*best_of(q, weights), q["answerable"], q["kind"]) for q in per_q]
    coefs, bias = fit_on(best)
    return coefs, bias, best


def choose_threshold(
    best: list[tuple], coefs: list[float], bias: float, wrong_cost: float = 1.0
) -> tuple[float, list]:
    """The threshold maximising right answers plus right refusals minus ``wrong_cost`` per
    wrong answer (a wrong figure misleads; a refusal only sends the user to the passages)."""
    import math

    def z(s: float, kind: list[float]) -> float:
        return sum(c * x for c, x in zip(coefs, [s, *kind], strict=True)) + bias

    probs = [
        (1 / (1 + math.exp(-max(-30, min(30, z(s, kind))))), right, ans)
        for s, right, ans, kind in best
    ]
    cuts = sorted({p for p, _, _ in probs} | {0.0, 1.0})
    scored = []
    for t in cuts:
        good = sum(1 for p, r, ans in probs if (ans and r and p >= t) or (not ans and p < t))
        wrong = sum(1 for p, r, _ in probs if p >= t and not r)
        scored.append((good - wrong_cost * wrong, t))
    top = max(g for g, _ in scored)
    flat = [t for g, t in scored if g == top]
    return (flat[0] + flat[-1]) / 2 if len(flat) > 1 else flat[0], probs


KIND_L2 = 1.0  # the kind offsets are shrunk towards 0: few questions of some kinds


def folds_of(per_q: list[dict], k: int) -> list[int]:
    """A fold per question, by its gold article (so no article is both fitted and scored)."""
    import hashlib

    return [int(hashlib.sha1(q["group"].encode()).hexdigest(), 16) % k for q in per_q]


def out_of_fold(per_q: list[dict], k: int, l2: float) -> list[tuple]:
    """Each question's best score and rightness under weights fitted without its fold."""
    fold = folds_of(per_q, k)
    best: list[tuple] = [(-1e9, False, False, q["kind"]) for q in per_q]
    for f in range(k):
        train = [
            (q["rows"], q["labels"])
            for q, g in zip(per_q, fold, strict=True)
            if g != f and any(q["labels"])
        ]
        weights = fit_selection(train, l2=l2)
        for i, (q, g) in enumerate(zip(per_q, fold, strict=True)):
            if g == f:
                best[i] = (*best_of(q, weights), q["answerable"], q["kind"])
    return best


def fit_on(best: list[tuple]) -> tuple[list[float], float]:
    """Calibration of best scores with the question's kind ([scale, *kind offsets], bias)."""
    rows = [[s, *kind] for s, _, _, kind in best if s > -1e8]
    labels = [1 if right else 0 for s, right, _, _ in best if s > -1e8]
    return fit_logistic(rows, labels, l2=KIND_L2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--set", nargs=3, action="append", required=True,
                    metavar=("INDEX", "QUESTIONS", "SPLIT"))  # fmt: skip
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--wrong-cost", type=float, default=0.0, help="cost of a wrong answer")
    ap.add_argument("--out", type=Path)
    ap.add_argument(
        "--cv", type=int, default=0,
        help="K folds by article: calibrate and set the threshold on out-of-fold scores",
    )  # fmt: skip
    ap.add_argument("--cache", type=Path, help="keep the collected candidates in this file")
    ap.add_argument(
        "--threshold",
        type=float,
        help="write this threshold instead of the fitted one (recorded in the file's note)",
    )
    args = ap.parse_args()
    per_q = []
    if args.cache and args.cache.exists():
        per_q = json.loads(args.cache.read_text(encoding="utf-8"))
    for index, questions, split in [] if per_q else args.set:
        if not Path(questions).exists():
            print(f"skipped: {questions} is absent", file=sys.stderr)
            continue
        per_q += collect(Path(index), Path(questions), split)
    if not per_q:
        return 0
    if args.cache and not args.cache.exists():
        args.cache.write_text(json.dumps(per_q), encoding="utf-8")
    rows = [r for q in per_q for r in q["rows"]]
    labels = [y for q in per_q for y in q["labels"]]
    groups = [(q["rows"], q["labels"]) for q in per_q if any(q["labels"])]
    weights = fit_selection(groups, l2=args.l2)
    coefs, bias, best = calibrate(per_q, weights)
    if args.cv > 1:
        best = out_of_fold(per_q, args.cv, args.l2)
        coefs, bias = fit_on(best)
        print(f"calibration and threshold from {args.cv}-fold out-of-fold scores (by article)")
    threshold, probs = choose_threshold(best, coefs, bias, args.wrong_cost)
    fitted_threshold = threshold
    if args.threshold is not None:
        threshold = args.threshold
    print(f"{len(per_q)} questions, {len(rows)} candidates, {sum(labels)} right")
    reachable = sum(1 for q in per_q if any(q["labels"]))
    refusable = sum(1 for q in per_q if not q["answerable"])
    print(f"ceiling: {reachable} questions have a right candidate, {refusable} have no answer")
    chosen = sum(1 for _, right, _, _ in best if right)
    print(f"the best-scoring sentence is right for {chosen} of {reachable} reachable questions")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:22s} {w:+.3f}")
    offsets = " ".join(f"{k} {c:+.3f}" for k, c in zip(KINDS, coefs[1:], strict=True))
    print(f"  calibration p = sigmoid({coefs[0]:.3f} * best + {bias:+.3f} + kind: {offsets})")
    print(f"  threshold {threshold:.3f}")
    good = sum(
        1 for p, r, ans in probs if (ans and r and p >= threshold) or (not ans and p < threshold)
    )
    print(f"right answers + right refusals: {good} / {len(per_q)}")
    print("reliability (chosen sentence): p bin | n | share right")
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8):
        hi = lo + 0.2 if lo < 0.8 else 1.01
        inbin = [r for p, r, _ in probs if lo <= p < hi]
        if inbin:
            print(
                f"  {lo:.1f}–{min(hi, 1.0):.1f} | {len(inbin):3d} | {sum(inbin) / len(inbin):.2f}"
            )
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": [round(w, 6) for w in weights],
                    "scale": round(coefs[0], 6),
                    "bias": round(bias, 6),
                    "kinds": {k: round(c, 6) for k, c in zip(KINDS, coefs[1:], strict=True)},
                    "threshold": round(threshold, 6),
                    "fitted_on": "; ".join(f"{q} ({s})" for _, q, s in args.set)
                    + f": {len(per_q)} questions, {len(rows)} candidates, l2={args.l2}, "
                    f"wrong answer cost {args.wrong_cost}"
                    + (f", calibrated on {args.cv}-fold out-of-fold scores" if args.cv > 1 else "")
                    + (
                        f"; threshold set to {threshold} (fitted {fitted_threshold:.6f})"
                        if args.threshold is not None
                        else ""
                    ),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
