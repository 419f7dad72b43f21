"""A resolution as Akoma Ntoso 3.0 XML (:mod:`agenda.opendata.akn`): for anyone at its permanent address once it
is published (:func:`agenda.archive.permalinks.is_public`; not found before), with only what the public may
read; for staff, any record by its id — one still without a number too — with its whole dossier."""

from __future__ import annotations

import hashlib

from starlette.responses import Response

from agenda.access import PUBLIC, STAFF
from agenda.archive import resolutions
from agenda.models import Resolution
from agenda.opendata.akn.document import MEDIA_TYPE, export
from agenda.opendata.akn.ids import number_part
from agenda.opendata.akn.sources import source_of
from session_server.api.permalinks import PARAMS, published
from session_server.http.endpoints import Api, Call

api = Api()


def _xml(call: Call, record: Resolution, *, public: bool) -> Response:
    content = export(source_of(call.db, record, public=public))
    name = f"{number_part(record.number, record.id)}.akn.xml"
    return Response(
        content,
        media_type=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "ETag": f'"{hashlib.sha256(content).hexdigest()}"',
        },
    )


@api.endpoint(
    "GET",
    "/api/public/resolutions/{council_id}/{year}/{number}/akn.xml",
    summary="The published resolution as Akoma Ntoso 3.0 XML (a statement: FRBR identifiers "
    "/akn/vn-hdnd{council}/statement/nghi-quyet/{adopted}/{number}, its articles, lifecycle, workflow and "
    "modifications both ways; validates against akomantoso30.xsd); not found before it is published",
    roles=PUBLIC,
    tag="archive",
    params=PARAMS,
    response=MEDIA_TYPE,
)
def public_akn(call: Call) -> Response:
    return _xml(call, published(call), public=True)


@api.endpoint(
    "GET",
    "/api/archive/resolutions/{resolution_id}/akn.xml",
    summary="Any resolution of the archive as Akoma Ntoso 3.0 XML, published or not, numbered or not (then "
    "its number in the identifiers is nn-{id}), its whole dossier in the workflow",
    roles=STAFF,
    tag="archive",
    response=MEDIA_TYPE,
)
def staff_akn(call: Call) -> Response:
    return _xml(call, resolutions.get_resolution(call.db, call.path["resolution_id"]), public=False)
