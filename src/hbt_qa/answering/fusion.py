"""Rank fusion as pure functions over plain lists."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)


def rrf(
    ranked: Mapping[str, Sequence[Item]],
    weights: Mapping[str, float] | None = None,
    k: int = 60,
) -> list[tuple[Item, float]]:
    """Weighted reciprocal rank fusion: sum of w / (k + rank) over the lists, best first.

    Ties keep the order in which items were first seen, so results are deterministic.
    """
    scores: dict[Item, float] = {}
    for name, items in ranked.items():
        w = 1.0 if weights is None else float(weights.get(name, 1.0))
        if w == 0:
            continue
        for rank, item in enumerate(items, start=1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def minmax(values: Sequence[float]) -> list[float]:
    """Scale values to [0, 1]; a constant list becomes all ones."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        return [1.0 for _ in values]
    return [(v - lo) / (hi - lo) for v in values]


def minmax_fuse(
    scored: Mapping[str, Sequence[tuple[Item, float]]],
    weights: Mapping[str, float] | None = None,
) -> list[tuple[Item, float]]:
    """Weighted min-max fusion: each leg's scores scaled to [0, 1], weighted and summed.

    An item a leg did not return scores 0 in it. Ties keep first-seen order.
    """
    scores: dict[Item, float] = {}
    for name, items in scored.items():
        w = 1.0 if weights is None else float(weights.get(name, 1.0))
        if w == 0 or not items:
            continue
        for (item, _), v in zip(items, minmax([s for _, s in items]), strict=True):
            scores[item] = scores.get(item, 0.0) + w * v
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
