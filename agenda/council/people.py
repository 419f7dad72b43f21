"""People: the persons who hold a seat (delegates) or a post (officials) — a new one, or one already known."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Self

from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.values import Reader
from agenda.errors import DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Person

_PERSON_FIELDS = {
    "full_name": ("họ và tên", "full name"),
    "gender": ("giới tính", "gender"),
    "occupation": ("chức vụ, nơi công tác", "occupation"),
    "email": ("thư điện tử", "email"),
    "phone": ("số điện thoại", "phone"),
}


def _person_text(key: str) -> Reader:
    def read(f: Fields) -> Any:
        value = f.text(
            key,
            _PERSON_FIELDS[key],
            required=key == "full_name",
            max_length=120 if key == "full_name" else 300,
        )
        if key == "gender" and value is not None and value not in ("nam", "nữ"):
            raise DomainError("Giới tính là “nam” hoặc “nữ”.", "Gender is “nam” or “nữ”.", field=key)
        return value

    return read


def _birth_year(f: Fields) -> Any:
    return f.integer(
        "birth_year",
        ("năm sinh", "birth year"),
        required=False,
        minimum=1900,
        maximum=clock.today(clock.DEFAULT_TIME_ZONE).year - 18,
    )


PERSON_READERS: dict[str, Reader] = {key: _person_text(key) for key in _PERSON_FIELDS} | {
    "birth_year": _birth_year
}


@dataclass(frozen=True)
class PersonInput:
    """A person not yet known: their name and details."""

    full_name: str
    gender: str | None = None  # "nam" / "nữ"
    occupation: str | None = None  # chức vụ, nơi công tác
    email: str | None = None
    phone: str | None = None
    birth_year: int | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(**{key: read(f) for key, read in PERSON_READERS.items()})


def person_of(db: DbSession, who: PersonInput | int) -> Person:
    """The person known by that id ("not found" otherwise), or a new one."""
    if isinstance(who, int):
        person = db.get(Person, who)
        if person is None:
            raise NotFound("người này", "Person")
        return person
    person = Person(**asdict(who))
    db.add(person)
    db.flush()
    return person
