"""The search index kept current: in the caller's transaction, whenever a resolution is made or changed
(:func:`refresh`), and rebuilt whole by ``kyhop archive reindex`` (:func:`reindex`).

A refresh takes the resolution's old rows out (from what was indexed: ``search_entry`` and ``search_page``)
and puts the new ones in. The signed copy's pages are given when it is attached (its text is read by the
upload's checks); otherwise the pages kept from the last refresh stay. Dossier pages are read from the
documents' pages (``document_page``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda import filestore
from agenda.archive.search.engines import engine_for
from agenda.archive.search.indexed import Page, dossier_pages, meta_text, page_id, rows_of, signed_pages
from agenda.models import Council, Resolution, SearchEntry, SearchPage
from agenda.models.base import table_of
from agenda.pdf.text import extract_texts


def _stored_pages(db: DbSession, resolution_id: int) -> list[Page]:
    rows = db.scalars(
        select(SearchPage).where(SearchPage.resolution_id == resolution_id).order_by(SearchPage.position)
    )
    return [Page(p.source, p.document_version_id, p.page_number, p.public, p.text) for p in rows]


def _take_out(db: DbSession, resolution_id: int) -> list[Page]:
    """The resolution's rows out of the engine (those its entry says were indexed) and out of the tables;
    returns the pages it had."""
    pages = _stored_pages(db, resolution_id)
    entry = db.get(SearchEntry, resolution_id)
    if entry is not None:
        docs, page_rows = rows_of(resolution_id, entry.meta, pages)
        engine_for(db).remove(db, docs, page_rows)
        db.delete(entry)
    db.execute(delete(SearchPage).where(SearchPage.resolution_id == resolution_id))
    db.flush()
    return pages


def refresh(
    db: DbSession, record: Resolution, *, signed_texts: Sequence[str] | None = None, dossier: bool = True
) -> int:
    """Index ``record`` as it is now (in the caller's transaction); ``signed_texts``: the pages of a signed copy
    just attached; ``dossier=False``: its metadata only, the dossier's pages left for the next refresh — what
    the transaction closing a vote does (:func:`agenda.archive.resolutions.record_adoption`: the close is on the
    live path; the record is not public before it has its number, and the number's refresh indexes the pages).
    Returns the number of pages indexed."""
    db.flush()
    old = _take_out(db, record.id)
    if signed_texts is not None:
        signed = signed_pages(signed_texts)
    else:
        signed = [p for p in old if p.source == "signed"] if record.signed_sha256 is not None else []
    pages = signed + (dossier_pages(db, record.id) if dossier else [])
    return _put_in(db, record, pages)


def index_new(db: DbSession, record: Resolution, *, signed_texts: Sequence[str] = ()) -> int:
    """Index a record just inserted in this transaction (:func:`agenda.archive.resolutions.create_resolution`):
    what :func:`refresh` writes for it, without looking for rows to take out or dossier pages — a new record
    has neither (its dossier comes from a vote, :func:`agenda.archive.resolutions.record_adoption`).
    ``signed_texts``: the pages of the signed copy it is made with. Returns the number of pages indexed."""
    db.flush()
    return _put_in(db, record, signed_pages(signed_texts))


def _put_in(db: DbSession, record: Resolution, pages: list[Page]) -> int:
    """The rows of ``record`` with ``pages`` written (Core statements: an imported file's ten pages are
    not worth the ORM's unit of work, and nothing of them is read back in the transaction as objects)."""
    council = record.council if record.council is not None else db.get_one(Council, record.council_id)
    meta = meta_text(record, council)
    docs, page_rows = rows_of(record.id, meta, pages)
    private = any(not p.public for p in pages)
    db.execute(
        insert(table_of(SearchEntry)), [{"resolution_id": record.id, "meta": meta, "private_pages": private}]
    )
    if page_rows:
        db.execute(
            insert(table_of(SearchPage)),
            [
                {
                    "id": page_id(record.id, position),
                    "resolution_id": record.id,
                    "position": position,
                    "source": p.source,
                    "document_version_id": p.document_version_id,
                    "page_number": p.page_number,
                    "public": p.public,
                    "text": p.text,
                }
                for position, p in enumerate(pages[: len(page_rows)])
            ],
        )
    engine_for(db).add(db, docs, page_rows)
    return len(page_rows)


def remove(db: DbSession, resolution_id: int) -> None:
    """Take a resolution out of the index (before the record itself is deleted)."""
    _take_out(db, resolution_id)


def reindex(
    factory: sessionmaker[DbSession], *, progress: Callable[[int, int], None] | None = None, batch: int = 200
) -> int:
    """Rebuild the whole index from the records (``kyhop archive reindex``): the engine's rows and the entries
    cleared in one transaction, then every resolution indexed again, ``batch`` to a transaction (a search
    finds fewer until it ends; an interrupted rebuild is finished by running it again). A signed copy's pages
    come from the last index, or — never indexed (a database from before the index) — from its stored PDF.
    ``progress(done, total)`` after each batch; the searches kept in memory are forgotten at the end. Returns
    the number of resolutions."""
    with storage.transaction(factory) as db:
        engine_for(db).clear(db)
        db.execute(delete(SearchEntry))
        ids = list(db.scalars(select(Resolution.id).order_by(Resolution.id)))
        indexed_signed = set(
            db.scalars(select(SearchPage.resolution_id).where(SearchPage.source == "signed"))
        )
    done = 0
    for start in range(0, len(ids), batch):
        with storage.transaction(factory) as db:
            for record in db.scalars(select(Resolution).where(Resolution.id.in_(ids[start : start + batch]))):
                texts = None
                if record.signed_sha256 is not None and record.id not in indexed_signed:
                    texts = extract_texts(filestore.load(db, record.signed_sha256))
                refresh(db, record, signed_texts=texts)
                done += 1
        if progress is not None:
            progress(done, len(ids))
    from agenda.archive.search import service  # (at call time: service reads what this module writes)

    service.forget()  # the searches kept in this process were answered by the index before the rebuild
    return done
