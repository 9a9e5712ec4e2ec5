"""Rank fusion is a pure function of ranked lists."""

from __future__ import annotations

import pytest

from hbt_qa.answering.fusion import minmax, rrf


def test_rrf_rewards_agreement() -> None:
    fused = rrf({"bm25": ["a", "b", "c"], "vector": ["b", "a", "d"]}, k=60)
    assert [x for x, _ in fused][:2] in (["a", "b"], ["b", "a"])
    assert {x for x, _ in fused} == {"a", "b", "c", "d"}
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_rrf_weights_and_zero_weight() -> None:
    fused = rrf({"bm25": ["a"], "vector": ["b"]}, {"bm25": 0.5, "vector": 1.0})
    assert [x for x, _ in fused] == ["b", "a"]
    assert [x for x, _ in rrf({"bm25": ["a"], "vector": ["b"]}, {"bm25": 0})] == ["b"]


def test_rrf_ties_are_stable() -> None:
    fused = rrf({"x": ["p", "q"], "y": ["q", "p"]})
    assert [x for x, _ in fused] == ["p", "q"]


def test_minmax() -> None:
    assert minmax([1.0, 3.0, 2.0]) == [0.0, 1.0, 0.5]
    assert minmax([2.0, 2.0]) == [1.0, 1.0]
    assert minmax([]) == []
