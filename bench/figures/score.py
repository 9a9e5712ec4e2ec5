"""Precision and recall of extracted (indicator, period, value) triples on hand-labelled sentences.

Usage (from the repository root):

    .venv/bin/python bench/figures/score.py                      # labelled.jsonl (seed + dev)
    .venv/bin/python bench/figures/score.py bench/figures/heldout.jsonl --failures

Each labelled sentence is located in its article; the extractor runs over the whole article (so
that periods carried from earlier sentences count) and the figures of that sentence are compared
with the labels. A triple matches when indicator, period start, period end and value agree; the
"strict" line also requires the estimate flag to agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from hbt_qa.figures.extract import Figure, extract_figures  # noqa: E402
from hbt_qa.ingest.articles import read_article_file  # noqa: E402
from hbt_qa.ingest.passages import make_passages  # noqa: E402
from hbt_qa.language.numbers import amounts_equal  # noqa: E402

FOLDERS = (
    ROOT / "corpus",
    ROOT / "bench" / "devset" / "articles",
    ROOT / "bench" / "figures" / "heldout",
    ROOT / "bench" / "figures" / "heldout2",
)
Triple = tuple[str, str, str, float, bool]


def find_article(source: str) -> Path:
    """The article file named ``source`` in the corpus, the dev set or the held-out set."""
    for folder in FOLDERS:
        if (folder / source).is_file():
            return folder / source
    raise SystemExit(f"article {source} not found under {', '.join(map(str, FOLDERS))}")


def article_triples(path: Path) -> tuple[dict[str, list[Triple]], set[str]]:
    """Extracted triples per sentence text, and every sentence text of the article."""
    article, paragraphs = read_article_file(path, path.name)
    sentences = [s for p in make_passages(article, paragraphs) for s in p.sentences]
    ref_text = article.meeting_date or article.published
    ref = dt.date.fromisoformat(ref_text) if ref_text else None
    figures = extract_figures(article.text, sentences, article.article_id, article.source, ref)
    by_sentence: dict[str, list[Triple]] = defaultdict(list)
    for f in figures:
        by_sentence[f.sentence].append(triple(f))
    texts = {article.text[s.start : s.end] for s in sentences}
    return by_sentence, texts


def triple(f: Figure) -> Triple:
    """The scored view of a figure."""
    start = f.period.start.isoformat() if f.period else ""
    end = f.period.end.isoformat() if f.period else ""
    return (f.indicator_id or "", start, end, f.value, f.estimate)


def same(a: Triple, b: Triple, strict: bool) -> bool:
    """True when two triples agree (values within float tolerance)."""
    return a[:3] == b[:3] and amounts_equal(a[3], b[3]) and (not strict or a[4] == b[4])


def match(gold: list[Triple], pred: list[Triple], strict: bool) -> int:
    """How many predicted triples pair with a gold triple, each used once."""
    left = list(gold)
    hits = 0
    for p in pred:
        for i, g in enumerate(left):
            if same(g, p, strict):
                hits += 1
                del left[i]
                break
    return hits


def main() -> None:
    """Score one labelled file and print precision, recall and F1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(Path(__file__).with_name("labelled.jsonl")))
    parser.add_argument("--failures", action="store_true", help="print every mismatched sentence")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines()]
    cache: dict[str, tuple[dict[str, list[Triple]], set[str]]] = {}
    counts = {"gold": 0, "pred": 0, "hit": 0, "strict": 0}
    for row in rows:
        if row["source"] not in cache:
            cache[row["source"]] = article_triples(find_article(row["source"]))
        by_sentence, texts = cache[row["source"]]
        if row["sentence"] not in texts:
            raise SystemExit(f"sentence not found in {row['source']}: {row['sentence'][:80]}")
        gold = [tuple(g) for g in row["figures"]]
        pred = by_sentence.get(row["sentence"], [])
        hit, strict = match(gold, pred, False), match(gold, pred, True)  # type: ignore[arg-type]
        counts["gold"] += len(gold)
        counts["pred"] += len(pred)
        counts["hit"] += hit
        counts["strict"] += strict
        if args.failures and (strict != len(gold) or strict != len(pred)):
            print(f"- {row['source']}: {row['sentence'][:110]}")
            print(f"    gold {gold}\n    pred {pred}")
    print(
        f"{Path(args.file).name}: {len(rows)} sentences, {counts['gold']} labelled triples, "
        f"{counts['pred']} extracted"
    )
    for name, hits in (
        ("(indicator, period, value)", counts["hit"]),
        ("+ estimate flag (strict)", counts["strict"]),
    ):
        p = hits / counts["pred"] if counts["pred"] else 1.0
        r = hits / counts["gold"] if counts["gold"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:28} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  ({hits} matched)")


if __name__ == "__main__":
    main()
