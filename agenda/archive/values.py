"""A resolution's details as the archivist types them (the record form, the API's bodies, the CLI): read into
typed values — :class:`ResolutionInput` for a new record, :class:`ResolutionPatch` for the fields changed —
each field named in Vietnamese and English when refused; :class:`SignedCopy`, the signed final PDF a record
is made with (an imported file). The records themselves: :mod:`.resolutions`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from agenda.council.values import Patch, Reader
from agenda.inputs import Fields


def _title(f: Fields) -> Any:
    return f.text("title", ("trích yếu", "summary"), max_length=1000)


def _field(f: Fields) -> Any:
    return f.text("field", ("lĩnh vực", "field"), required=False, max_length=200)


def _signer_name(f: Fields) -> Any:
    return f.text("signer_name", ("người ký", "signer"), required=False, max_length=200)


def _signer_title(f: Fields) -> Any:
    return f.text("signer_title", ("chức vụ người ký", "signer's title"), required=False, max_length=200)


def _normative(f: Fields) -> Any:
    return f.boolean("normative", ("quy phạm pháp luật", "normative"), default=False)


def _special(f: Fields) -> Any:
    return f.boolean("special_procedure", ("trình tự đặc biệt", "special procedure"), default=False)


def _date(key: str, vi: str, en: str, *, required: bool = False) -> Reader:
    return lambda f: f.date(key, (vi, en), required=required)


_ADOPTED = _date("adopted_on", "ngày thông qua", "adoption date", required=True)
_SIGNED = _date("signed_on", "ngày ký", "signing date")
_PUBLISHED = _date("published_on", "ngày công bố", "publication date")
_EFFECTIVE = _date("effective_on", "ngày có hiệu lực", "effective date")
_EXPIRES = _date("expires_on", "ngày hết hiệu lực", "end date")


@dataclass(frozen=True)
class ResolutionInput:
    """A resolution typed in: an older one of this council, or one of another council (a historical district
    council among them) that a resolution relates to."""

    council_id: int
    title: str
    adopted_on: dt.date
    normative: bool = False
    special_procedure: bool = False
    number: str | None = None
    field: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signed_on: dt.date | None = None
    published_on: dt.date | None = None
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None
    gap_reason: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            council_id=f.integer("council_id", ("Hội đồng nhân dân ban hành", "issuing council"), minimum=1),
            title=_title(f),
            adopted_on=_ADOPTED(f),
            normative=_normative(f),
            special_procedure=_special(f),
            number=f.text("number", ("số, ký hiệu", "number"), required=False, max_length=40),
            field=_field(f),
            signer_name=_signer_name(f),
            signer_title=_signer_title(f),
            signed_on=_SIGNED(f),
            published_on=_PUBLISHED(f),
            effective_on=_EFFECTIVE(f),
            expires_on=_EXPIRES(f),
            gap_reason=f.text(
                "gap_reason", ("lý do bỏ số", "reason for the gap"), required=False, max_length=1000
            ),
        )


@dataclass(frozen=True)
class ResolutionPatch(Patch):
    title: str | None = None
    field: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    normative: bool | None = None
    special_procedure: bool | None = None
    adopted_on: dt.date | None = None
    signed_on: dt.date | None = None
    published_on: dt.date | None = None
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "title": _title,
        "field": _field,
        "signer_name": _signer_name,
        "signer_title": _signer_title,
        "normative": _normative,
        "special_procedure": _special,
        "adopted_on": _ADOPTED,
        "signed_on": _SIGNED,
        "published_on": _PUBLISHED,
        "effective_on": _EFFECTIVE,
        "expires_on": _EXPIRES,
    }


@dataclass(frozen=True)
class SignedCopy:
    """The signed final PDF a record is made with (an imported file), already through the document checks:
    its bytes, file name, page count and pages' text (for the search index), and the audit entry that says
    where it came from — ``action`` with ``detail`` (the record's id is put first when it is written)."""

    pdf: bytes
    filename: str
    pages: int
    texts: Sequence[str]
    action: str
    detail: Mapping[str, Any]
