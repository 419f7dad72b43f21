"""Active content out of an accepted PDF: what a viewer would run or open by itself, or when a reader touches
a link, is removed before the file is stored, so every copy delegates get (the file, stamped confidential
copies, the session pack) is free of it.

Removed wherever they are in the file: the document's JavaScript (``/Names /JavaScript``), ``/OpenAction``
when it is an action (a plain "open at this page" destination stays), additional actions ``/AA`` (of the
document, pages, annotations, form fields), XFA forms (``/XFA``, which carry scripts), and every action ``/A``
or ``/Next`` that runs JavaScript, launches a program, sends or imports form data or plays media. Links to
pages and web addresses stay. A file without any of these is stored byte for byte as uploaded."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from agenda.pdf.limits import Limits, damaged
from agenda.pdf.reader import decoding_limits, open_reader

ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition", "/RichMediaExecute"}
)
_ALWAYS = ("/AA", "/JavaScript", "/XFA")  # keys removed whatever their value
_IF_ACTIVE = ("/A", "/Next", "/OpenAction")  # keys removed when their action is active


@dataclass(frozen=True)
class Cleaned:
    pdf: bytes
    removed: tuple[str, ...]  # what was found: "/AA", "/JavaScript", "/Launch", "/OpenAction", …


def strip_active_content(content: bytes, limits: Limits, reader: PdfReader | None = None) -> Cleaned | None:
    """The PDF without active content, and what was removed; None when it has none (keep the bytes).
    ``reader``: the file already opened by pypdf (the checks' reader), else it is opened here."""
    try:
        with decoding_limits(limits):
            reader = reader or open_reader(content)
            if not _walk(reader.trailer["/Root"], fix=False):
                return None
            writer = PdfWriter(clone_from=reader)
            removed = _walk(writer.root_object, fix=True)
            writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
            out = io.BytesIO()
            writer.write(out)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        raise damaged() from None
    return Cleaned(out.getvalue(), tuple(sorted(removed)))


def active_content(content: bytes, limits: Limits | None = None) -> tuple[str, ...]:
    """What active content the PDF holds (nothing: an empty tuple)."""
    with decoding_limits(limits or Limits()):
        return tuple(sorted(_walk(open_reader(content).trailer["/Root"], fix=False)))


def _action_kind(value: Any) -> str | None:
    """The active kind (``/JavaScript``, ``/Launch``…) of an action, None if it is not an active action."""
    action = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(action, DictionaryObject):
        kind = action.get("/S")
        return str(kind) if kind in ACTIVE_ACTIONS else None
    if isinstance(action, ArrayObject):  # a /Next array of actions
        kinds = [_action_kind(a) for a in action]
        return next((k for k in kinds if k), None)
    return None


def _clean(node: DictionaryObject, found: set[str], fix: bool) -> None:
    for key in _ALWAYS:
        if key in node:
            found.add(key)
            if fix:
                del node[NameObject(key)]
    for key in _IF_ACTIVE:
        kind = _action_kind(node[key]) if key in node else None
        if kind is not None:
            found.update({key, kind} if key == "/OpenAction" else {kind})
            if fix:
                del node[NameObject(key)]


def _walk(root: Any, *, fix: bool) -> set[str]:
    """Every dictionary reachable from ``root`` (each object once), cleaned of active content if ``fix``;
    what was found."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            _clean(node, found, fix)
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return found
