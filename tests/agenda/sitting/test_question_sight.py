"""How much of a phiếu chất vấn each viewer sees (``agenda.sitting.questions.sight``), status by status."""

from __future__ import annotations

import pytest

from agenda.models import Question, QuestionStatus, Role, User, UserRole
from agenda.sitting.questions import TAKEN_UP, Sight, sight

AUTHOR = 7


def _viewer(*roles: Role, person_id: int | None = None) -> User:
    return User(
        username="x", display_name="x", person_id=person_id, role_rows=[UserRole(role=r) for r in roles]
    )


VIEWERS = {
    "the public": None,
    "another delegate": _viewer(Role.DELEGATE, person_id=8),
    "the author": _viewer(Role.DELEGATE, person_id=AUTHOR),
    "a secretary": _viewer(Role.SECRETARY),
    "the chair": _viewer(Role.CHAIR, Role.DELEGATE, person_id=9),
    "an archivist": _viewer(Role.ARCHIVIST),
    "an admin": _viewer(Role.ADMIN),
}
FULL_ALWAYS = {"the author", "a secretary", "the chair", "an archivist", "an admin"}


@pytest.mark.parametrize("status", list(QuestionStatus))
def test_a_question_is_seen_in_full_by_staff_and_its_author_and_by_others_once_taken_up(
    status: QuestionStatus,
) -> None:
    question = Question(person_id=AUTHOR, status=status)
    seen = {name: sight(viewer, question) for name, viewer in VIEWERS.items()}
    taken_up = status in TAKEN_UP
    expected = {
        name: Sight.FULL
        if name in FULL_ALWAYS or (taken_up and name == "another delegate")
        else (Sight.PUBLIC if taken_up else Sight.STUB)
        for name in VIEWERS
    }
    assert seen == expected


def test_only_filed_and_withdrawn_questions_are_not_taken_up() -> None:
    assert set(QuestionStatus) - TAKEN_UP == {QuestionStatus.FILED, QuestionStatus.WITHDRAWN}
