"""Typed values parsed at the edge, for the set-up functions of :mod:`agenda.council` and :mod:`agenda.accounts`.

Each such function takes a frozen dataclass (``SessionInput``, ``DelegateInput``…) that its ``parse(data)``
classmethod reads from the wire — with the Vietnamese and English messages, codes and field names of
:class:`agenda.inputs.Fields` — or that Python code (the demo, a shell) builds directly. An update takes a
:class:`Patch`, which records the fields that were ``given``: those absent stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Self

from agenda.inputs import Fields

Reader = Callable[[Fields], Any]


@dataclass(frozen=True)
class Patch:
    """The base of every ``…Patch``: a subclass names its fields (each defaulting to None) and, in
    ``READERS``, how each is read from a JSON object, in the order the fields are checked."""

    given: frozenset[str] = frozenset()
    READERS: ClassVar[Mapping[str, Reader]] = {}

    @classmethod
    def parse(cls, data: Any) -> Self:
        """The fields present in ``data``, each read (and checked) by its reader."""
        f = Fields(data)
        given = [key for key in cls.READERS if f.has(key)]
        return replace(cls(), given=frozenset(given), **{key: cls.READERS[key](f) for key in given})

    @classmethod
    def of(cls, **values: Any) -> Self:
        """A patch built in Python: ``DelegatePatch.of(ended_on=…, end_reason=…)`` gives those two fields."""
        return replace(cls(), given=frozenset(values), **values)

    def __contains__(self, key: str) -> bool:
        return key in self.given
