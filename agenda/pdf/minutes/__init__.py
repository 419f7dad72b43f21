"""The session's minutes (biên bản kỳ họp) as a printable PDF: :func:`render_minutes_pdf`. The values are
:mod:`agenda.sitting.minutes`; the page and its paragraphs :mod:`.document`; Vietnamese dates and unbroken
document numbers :mod:`.typography`; the parts :mod:`.sections`. No database."""

from __future__ import annotations

from agenda.pdf.minutes import sections
from agenda.pdf.minutes.document import MinutesPdf
from agenda.sitting.minutes.values import Minutes

PARTS = (
    sections.agenda,
    sections.attendance,
    sections.voting,
    sections.speeches,
    sections.questions,
    sections.resolutions,
    sections.seal,
    sections.signatures,
)


def render_minutes_pdf(minutes: Minutes) -> bytes:
    h = minutes.heading
    pdf = MinutesPdf(f"{h.session_heading} — Biên bản kỳ họp")
    pdf.set_title(f"Biên bản kỳ họp — {h.session_heading}")
    pdf.set_author(h.council)
    pdf.add_page()
    sections.heading(pdf, h)
    for part in PARTS:
        part(pdf, minutes)
    return bytes(pdf.output())
