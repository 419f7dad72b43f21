"""Hostile PDFs, built from raw bytes in the tests (no binary fixtures): costly to check, oddly shaped pages,
active content."""

from __future__ import annotations

import zlib

from agenda.pdf import typeset


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1, 2, …; 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def shared_stream_pdf(pages: int = 100, megabytes: int = 8) -> bytes:
    """The upload of the issue: ``pages`` pages sharing one content stream of ``megabytes`` MB of drawing
    (a few tens of KB compressed); each page's text extraction parses all of it."""
    ops = b"0 0 m 100 100 l S\n"
    data = zlib.compress(ops * (megabytes * 1024 * 1024 // len(ops)), 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return raw_pdf(objects)


ODD_PAGES = {  # MediaBox of each page of :func:`odd_pages_pdf`, in points
    "a strip 1 × 14,400 pt": b"[0 0 1 14400]",
    "a scroll 200 × 14,400 pt": b"[0 0 200 14400]",
    "a kilometre square": b"[0 0 2834645 2834645]",
    "no area": b"[0 0 0 0]",  # (PDFium draws it as a Letter page)
    "a hair 0.001 × 14,400 pt": b"[0 0 0.001 14400]",  # thinner than a pixel at any allowed scale
    "normal A4": b"[0 0 595 842]",
}


def odd_pages_pdf() -> bytes:
    """One page of each shape of :data:`ODD_PAGES`, each with a line of drawing."""
    content = b"<< /Length 18 >>\nstream\n0 0 m 1 1 l S\n\nendstream"
    boxes = list(ODD_PAGES.values())
    kids = " ".join(f"{4 + i} 0 R" for i in range(len(boxes))).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(boxes),
        content,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 3 0 R >>" for box in boxes]
    return raw_pdf(objects)


def active_pdf() -> bytes:
    """A real two-page document given an OpenAction running JavaScript, document JavaScript in the names
    tree, a page /AA, and a link annotation that launches a program (with a JavaScript /Next)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    base = typeset.text_pdf("TỜ TRÌNH có mã độc", ["Nội dung tờ trình về ngân sách địa phương."] * 40)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(base)))

    def js(code: str) -> DictionaryObject:
        return DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
        )

    writer.root_object[NameObject("/OpenAction")] = writer._add_object(js("app.alert('open')"))
    scripts = ArrayObject([TextStringObject("print"), writer._add_object(js("this.print();"))])
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): scripts})}
    )
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): js("app.alert('page')")})
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
            NameObject("/Next"): js("app.alert('next')"),
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 200, 80)]),
            NameObject("/A"): launch,
            NameObject("/AA"): DictionaryObject({NameObject("/E"): js("app.alert('enter')")}),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# Jobs for the worker tests (a worker imports them by name).


def spin(seconds: float) -> int:
    """Burn CPU for ``seconds``; the worker's pid."""
    import os
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return os.getpid()


_KEPT: list[bytearray] = []


def hog(megabytes: int, keep: bool = False) -> int:
    """Hold ``megabytes`` MB (touched, so resident) — after the job too if ``keep`` (as a library's cache
    would); the worker's pid."""
    import os

    held = bytearray(megabytes * 1024 * 1024)
    for i in range(0, len(held), 4096):
        held[i] = 1
    if keep:
        _KEPT.append(held)
    return os.getpid()


def nap(seconds: float) -> int:
    import os
    import time

    time.sleep(seconds)
    return os.getpid()


def niceness() -> int:
    """The worker's nice value."""
    import os

    return os.nice(0)
