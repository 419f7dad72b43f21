"""The roll-up and the status of a task, by hand and by property (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda.archive.tracking.rollup import (
    Node,
    Part,
    TaskStatus,
    ancestors_would_cycle,
    checked_progress,
    is_overdue,
    rolled_up,
    status_on,
    weighted_progress,
)
from agenda.errors import DomainError

TODAY = dt.date(2026, 12, 3)
parts = st.lists(
    st.builds(Part, st.integers(0, 100), st.one_of(st.none(), st.integers(1, 1000))), min_size=1, max_size=12
)


def test_a_child_without_a_weight_counts_with_weight_one() -> None:
    assert weighted_progress([Part(100, None), Part(0, None)]) == 50
    assert weighted_progress([Part(100, 3), Part(0, None)]) == 75
    assert weighted_progress([Part(100, 1), Part(0, 1)]) == weighted_progress([Part(100), Part(0)])


def test_the_mean_is_rounded_down_so_100_needs_every_child_done() -> None:
    assert weighted_progress([Part(100, 99), Part(99, 1)]) == 99
    assert weighted_progress([Part(33), Part(34)]) == 33
    assert weighted_progress([Part(100), Part(100, 7)]) == 100


@pytest.mark.parametrize("weight", [0, -1, -100])
def test_a_weight_of_zero_or_less_is_refused(weight: int) -> None:
    with pytest.raises(DomainError) as caught:
        weighted_progress([Part(50, weight)])
    assert caught.value.code == "bad_weight" and "Trọng số" in caught.value.vi and "weight" in caught.value.en


def test_a_progress_over_100_is_refused_in_both_languages() -> None:
    with pytest.raises(DomainError) as caught:
        checked_progress(120)
    assert "0 đến 100" in caught.value.vi and "120" in caught.value.en
    with pytest.raises(DomainError):
        weighted_progress([Part(101)])


@given(parts)
def test_the_rollup_is_never_above_100_nor_below_0(children: list[Part]) -> None:
    assert 0 <= weighted_progress(children) <= 100


@given(parts)
def test_the_rollup_equals_the_hand_computation(children: list[Part]) -> None:
    weights = [c.weight or 1 for c in children]
    numerator = sum(w * c.progress for w, c in zip(weights, children, strict=True))
    assert weighted_progress(children) == numerator // sum(weights)


@given(parts, st.integers(0, 11), st.integers(0, 100))
def test_more_progress_in_a_child_never_lowers_the_parent(children: list[Part], at: int, more: int) -> None:
    i = at % len(children)
    raised = list(children)
    raised[i] = Part(min(100, children[i].progress + more), children[i].weight)
    assert weighted_progress(raised) >= weighted_progress(children)


@given(parts)
def test_the_rollup_lies_between_the_slowest_and_the_fastest_child(children: list[Part]) -> None:
    value = weighted_progress(children)
    assert min(c.progress for c in children) <= value <= max(c.progress for c in children)


def test_a_tree_rolls_up_from_the_leaves() -> None:
    nodes = [
        Node(1, None, 0),  # own progress set aside: it has children
        Node(2, 1, 0, weight=2),
        Node(3, 1, 90),
        Node(4, 2, 100),
        Node(5, 2, 50),
    ]
    progress = rolled_up(nodes)
    assert progress[2] == 75 and progress[3] == 90 and progress[1] == (2 * 75 + 90) // 3


def test_the_status_follows_progress_deadline_and_closing() -> None:
    past, future = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    assert status_on(TODAY, 0, future) is TaskStatus.NOT_STARTED
    assert status_on(TODAY, 40, None) is TaskStatus.IN_PROGRESS
    assert status_on(TODAY, 40, past) is TaskStatus.OVERDUE
    assert status_on(TODAY, 40, TODAY) is TaskStatus.IN_PROGRESS  # due today is not late yet
    assert status_on(TODAY, 100, past) is TaskStatus.COMPLETED
    assert status_on(TODAY, 40, past, closed_on=TODAY) is TaskStatus.CLOSED
    assert is_overdue(TODAY, 99, past, None) and not is_overdue(TODAY, 99, past, past)


def test_a_task_cannot_become_its_own_ancestor() -> None:
    parents: dict[int, int | None] = {1: None, 2: 1, 3: 2}
    assert ancestors_would_cycle(parents, 1, 3)
    assert ancestors_would_cycle(parents, 2, 2)
    assert not ancestors_would_cycle(parents, 3, 1)
